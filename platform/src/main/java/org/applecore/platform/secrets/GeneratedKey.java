package org.applecore.platform.secrets;

import org.applecore.platform.database.Database;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;

/**
 * A random key generated once per database and kept in {@code platform.signing_key} under a name, so that
 * every host on the database uses the same one (used when the operator configures no key of their own). The
 * first host to store it wins; the others read that row. Loaded on first use and then kept in memory. Never
 * logged.
 */
public final class GeneratedKey {

    private final Database database;
    private final String name;
    private final int length;
    private volatile byte[] loaded;

    /**
     * @param name the row's name in {@code platform.signing_key}
     * @param length the number of random bytes generated
     */
    public GeneratedKey(Database database, String name, int length) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.name = Objects.requireNonNull(name, "name is null");
        if (length < 16) {
            throw new IllegalArgumentException("a generated key has at least 16 bytes");
        }
        this.length = length;
    }

    /** The key; reads (or creates) it in the database the first time. */
    public byte[] bytes() {
        byte[] key = loaded;
        return key != null ? key : loadOrCreate();
    }

    private synchronized byte[] loadOrCreate() {
        if (loaded != null) {
            return loaded;
        }
        byte[] candidate = new byte[length];
        new SecureRandom().nextBytes(candidate);
        loaded = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO platform.signing_key (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM platform.signing_key WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            }
        });
        return loaded;
    }
}
