package org.applecore.platform.jobs.callback;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.applecore.platform.jobs.JobSettings;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.secrets.SecretEncryption;
import org.applecore.platform.secrets.UnreadableSecretException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each user's Standard Webhooks signing secret, {@code whsec_} + base64 of 32 random bytes: made on first
 * use, readable and rotatable by its user only. Stored encrypted ({@link SecretEncryption}, bound to the
 * user's row); never logged. After a rotation the previous secret still signs callbacks, next to the new one, for
 * {@code applecore.jobs.callbacks.rotation-grace}, so that receivers can switch without losing deliveries.
 *
 * <p>Rows stored in plain text before encryption existed are encrypted when the database becomes ready, and
 * any such row met on a read (one written by an older host during an upgrade) is encrypted then.
 */
@Singleton
public class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSecrets.class);

    private final Database database;
    private final SecretEncryption encryption;
    private final Duration rotationGrace;
    private final SecureRandom random = new SecureRandom();

    WebhookSecrets(Database database, SecretEncryption encryption, JobSettings settings) {
        this.database = database;
        this.encryption = encryption;
        this.rotationGrace = settings.callbackRotationGrace();
    }

    /** The user's secret, made now if they have none. */
    public Secret get(Connection connection, long accountId) throws SQLException {
        Optional<Secret> stored = find(connection, accountId);
        if (stored.isPresent()) {
            return stored.get();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO platform.webhook_secret (account_id, secret_encrypted) VALUES (?, ?)
                ON CONFLICT (account_id) DO NOTHING""")) {
            insert.setLong(1, accountId);
            insert.setBytes(2, encrypt(accountId, newSecret()));
            insert.executeUpdate();
        }
        // Another request may have made one first: the stored row is the secret either way.
        return find(connection, accountId).orElseThrow();
    }

    /**
     * Replaces the user's secret. Callbacks signed from now on use the new one and, until the rotation grace
     * ends, the one it replaced (dropping any older one still in its grace).
     */
    public Secret rotate(Connection connection, long accountId) throws SQLException {
        String previous = rotationGrace.isZero() ? null : readableForRotation(connection, accountId);
        String secret = newSecret();
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO platform.webhook_secret (account_id, secret_encrypted, previous_secret_encrypted, previous_expires_at)
                VALUES (?, ?, ?, CASE WHEN ? THEN now() + make_interval(secs => ?) END)
                ON CONFLICT (account_id) DO UPDATE
                    SET secret_encrypted = excluded.secret_encrypted, plaintext_secret = NULL, created_at = now(),
                        previous_secret_encrypted = excluded.previous_secret_encrypted,
                        previous_expires_at = excluded.previous_expires_at
                RETURNING created_at, previous_expires_at""")) {
            upsert.setLong(1, accountId);
            upsert.setBytes(2, encrypt(accountId, secret));
            upsert.setBytes(3, previous == null ? null : encrypt(accountId, previous));
            upsert.setBoolean(4, previous != null);
            upsert.setDouble(5, rotationGrace.toMillis() / 1000.0);
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                return new Secret(secret, rows.getTimestamp("created_at").toInstant(), previous,
                        instant(rows.getTimestamp("previous_expires_at")));
            }
        }
    }

    /**
     * The user's current secret, locked until the rotation commits; null when there is none yet or this host
     * cannot decrypt it (then there is nothing a receiver could still be verifying with).
     */
    private String readableForRotation(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT plaintext_secret, secret_encrypted FROM platform.webhook_secret WHERE account_id = ? FOR UPDATE""")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String plaintext = rows.getString("plaintext_secret");
                if (plaintext != null) {
                    return plaintext;
                }
                try {
                    return encryption.decrypt(rows.getBytes("secret_encrypted"), place(accountId));
                } catch (UnreadableSecretException e) {
                    return null;
                }
            }
        }
    }

    private Optional<Secret> find(Connection connection, long accountId) throws SQLException {
        // The previous secret counts only while its grace lasts, by the database's clock (the same on every host).
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT plaintext_secret, secret_encrypted, created_at,
                       CASE WHEN previous_expires_at > now() THEN previous_secret_encrypted END AS previous_secret_encrypted,
                       CASE WHEN previous_expires_at > now() THEN previous_expires_at END AS previous_expires_at
                FROM platform.webhook_secret WHERE account_id = ?""")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Instant createdAt = rows.getTimestamp("created_at").toInstant();
                byte[] previous = rows.getBytes("previous_secret_encrypted");
                String previousSecret = previous == null ? null : decrypt(accountId, previous);
                Instant previousExpiresAt = instant(rows.getTimestamp("previous_expires_at"));
                String plaintext = rows.getString("plaintext_secret");
                if (plaintext != null) {
                    encryptStored(connection, accountId, plaintext);
                    return Optional.of(new Secret(plaintext, createdAt, previousSecret, previousExpiresAt));
                }
                return Optional.of(new Secret(decrypt(accountId, rows.getBytes("secret_encrypted")), createdAt,
                        previousSecret, previousExpiresAt));
            }
        }
    }

    /**
     * @throws ApiException 409 {@code jobs.callback_secret_unreadable} when this host's key does not open it (a
     *     delivery records that as refused; the user can rotate the secret)
     */
    private String decrypt(long accountId, byte[] encrypted) {
        try {
            return encryption.decrypt(encrypted, place(accountId));
        } catch (UnreadableSecretException e) {
            throw ApiException.conflict("jobs.callback_secret_unreadable", "The callback signing secret cannot be read: "
                    + e.getMessage() + " Rotate it with POST /jobs/callback-secret/rotate.");
        }
    }

    @EventListener
    void onDatabaseReady(DatabaseReadyEvent event) {
        try {
            int encrypted = database.inTransaction(this::encryptPlaintextRows);
            if (encrypted > 0) {
                LOG.info("Encrypted {} webhook signing secret(s) that were stored in plain text", encrypted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not encrypt the webhook signing secrets stored in plain text yet; each is encrypted when next read: {}",
                    e.getMessage());
        }
    }

    /** Encrypts every row still in plain text; rows another host is encrypting right now are skipped. */
    int encryptPlaintextRows(Connection connection) throws SQLException {
        Map<Long, String> plaintexts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT account_id, plaintext_secret FROM platform.webhook_secret WHERE plaintext_secret IS NOT NULL
                FOR UPDATE SKIP LOCKED""");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                plaintexts.put(rows.getLong("account_id"), rows.getString("plaintext_secret"));
            }
        }
        for (Map.Entry<Long, String> row : plaintexts.entrySet()) {
            encryptStored(connection, row.getKey(), row.getValue());
        }
        return plaintexts.size();
    }

    private void encryptStored(Connection connection, long accountId, String plaintext) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE platform.webhook_secret SET secret_encrypted = ?, plaintext_secret = NULL
                WHERE account_id = ? AND plaintext_secret IS NOT NULL""")) {
            update.setBytes(1, encrypt(accountId, plaintext));
            update.setLong(2, accountId);
            update.executeUpdate();
        }
    }

    private byte[] encrypt(long accountId, String secret) {
        return encryption.encrypt(secret, place(accountId));
    }

    /** The associated data binding an encrypted secret to its user's row. */
    private static String place(long accountId) {
        return "platform.webhook_secret:" + accountId;
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * A user's secret and when it was made, with the secret it replaced while that one's rotation grace lasts.
     * {@code toString} hides the values.
     *
     * @param previousSecret null when there is none, or its grace ended
     * @param previousExpiresAt when the previous secret stops signing; null when there is none
     */
    public record Secret(String secret, Instant createdAt, String previousSecret, Instant previousExpiresAt) {

        /** The secrets a callback is signed with now: the current one first. */
        public List<String> signing() {
            return previousSecret == null ? List.of(secret) : List.of(secret, previousSecret);
        }

        @Override
        public String toString() {
            return "Secret[createdAt=" + createdAt + ", previousExpiresAt=" + previousExpiresAt + "]";
        }
    }
}
