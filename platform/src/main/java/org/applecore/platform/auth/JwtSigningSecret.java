package org.applecore.platform.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The HS256 secret access tokens are signed with. {@code APPLECORE_JWT_SECRET} (property
 * {@code applecore.accounts.jwt-secret}, at least 32 bytes) when set; otherwise a random secret generated once and
 * kept in {@code platform.signing_key}, so that every host on the database signs and verifies alike. The
 * stored secret is loaded when the database becomes ready, or on first use if that failed. Never logged.
 * Created with the context so that a too-short configured secret stops the start.
 */
@Context
public class JwtSigningSecret {

    static final int MIN_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(JwtSigningSecret.class);
    private static final String KEY_NAME = "jwt-hs256";
    private static final int GENERATED_BYTES = 64;

    private final Database database;
    private final byte[] configured;
    private volatile byte[] stored;

    JwtSigningSecret(Database database, @Value("${applecore.accounts.jwt-secret:}") String configured) {
        this.database = database;
        if (configured.isEmpty()) {
            this.configured = null;
        } else {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("APPLECORE_JWT_SECRET must be at least " + MIN_BYTES
                        + " bytes long; unset it to let the platform generate one");
            }
            this.configured = bytes;
        }
    }

    /** The secret; blocks on the database the first time when none is configured. */
    byte[] bytes() {
        if (configured != null) {
            return configured;
        }
        byte[] secret = stored;
        if (secret == null) {
            secret = loadOrCreate();
        }
        return secret;
    }

    @EventListener
    void onDatabaseReady(DatabaseReadyEvent event) {
        if (configured == null) {
            try {
                loadOrCreate();
            } catch (RuntimeException e) {
                LOG.warn("Could not load the token signing secret yet, will load it on first use: {}", e.getMessage());
            }
        }
    }

    private synchronized byte[] loadOrCreate() {
        if (stored != null) {
            return stored;
        }
        byte[] candidate = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(candidate);
        // The first host to insert wins; every other host reads that row.
        stored = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO platform.signing_key (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, KEY_NAME);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM platform.signing_key WHERE name = ?")) {
                select.setString(1, KEY_NAME);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            }
        });
        return stored;
    }
}
