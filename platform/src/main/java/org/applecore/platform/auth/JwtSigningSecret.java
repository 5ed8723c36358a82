package org.applecore.platform.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.DatabaseReadyEvent;
import org.applecore.platform.secrets.GeneratedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

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

    private final GeneratedKey generated;
    private final byte[] configured;

    JwtSigningSecret(Database database, @Value("${applecore.accounts.jwt-secret:}") String configured) {
        this.generated = new GeneratedKey(database, KEY_NAME, GENERATED_BYTES);
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
        return configured != null ? configured : generated.bytes();
    }

    @EventListener
    void onDatabaseReady(DatabaseReadyEvent event) {
        if (configured == null) {
            try {
                generated.bytes();
            } catch (RuntimeException e) {
                LOG.warn("Could not load the token signing secret yet, will load it on first use: {}", e.getMessage());
            }
        }
    }
}
