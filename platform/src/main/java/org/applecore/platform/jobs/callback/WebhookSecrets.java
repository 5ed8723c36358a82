package org.applecore.platform.jobs.callback;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;

/**
 * Each user's Standard Webhooks signing secret, {@code whsec_} + base64 of 32 random bytes: made on first
 * use, readable and rotatable by its user only. Never logged.
 */
@Singleton
public class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    private final SecureRandom random = new SecureRandom();

    /** The user's secret, made now if they have none. */
    public Secret get(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO platform.webhook_secret (account_id, secret) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING""")) {
            insert.setLong(1, accountId);
            insert.setString(2, newSecret());
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT secret, created_at FROM platform.webhook_secret WHERE account_id = ?")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new Secret(rows.getString("secret"), rows.getTimestamp("created_at").toInstant());
            }
        }
    }

    /** Replaces the user's secret; callbacks signed from now on use the new one. */
    public Secret rotate(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO platform.webhook_secret (account_id, secret) VALUES (?, ?)
                ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = now()
                RETURNING secret, created_at""")) {
            upsert.setLong(1, accountId);
            upsert.setString(2, newSecret());
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                return new Secret(rows.getString("secret"), rows.getTimestamp("created_at").toInstant());
            }
        }
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** A secret and when it was made. {@code toString} hides the value. */
    public record Secret(String secret, Instant createdAt) {
        @Override
        public String toString() {
            return "Secret[createdAt=" + createdAt + "]";
        }
    }
}
