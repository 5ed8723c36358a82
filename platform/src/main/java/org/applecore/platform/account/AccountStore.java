package org.applecore.platform.account;

import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL for the {@code account} and {@code account_role} tables; the caller owns the transaction. */
@Singleton
class AccountStore {

    /** What login needs to check a password; nothing else reads the hash. */
    record StoredCredentials(long id, String passwordHash, boolean active) {
    }

    private static final String SELECT_ACCOUNT = """
            SELECT a.id, a.username, a.active, a.created_at,
                   COALESCE(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
            FROM platform.account a LEFT JOIN platform.account_role r ON r.account_id = a.id
            """;

    Optional<StoredCredentials> findCredentials(Connection connection, String username) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, password_hash, active FROM platform.account WHERE lower(username) = lower(?)")) {
            statement.setString(1, username);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredCredentials(rows.getLong("id"), rows.getString("password_hash"),
                        rows.getBoolean("active")));
            }
        }
    }

    Optional<Account> find(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_ACCOUNT + " WHERE a.id = ? GROUP BY a.id")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(account(rows)) : Optional.empty();
            }
        }
    }

    /** Accounts with an id greater than {@code afterId}, in id order. */
    List<Account> listAfter(Connection connection, long afterId, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                SELECT_ACCOUNT + " WHERE a.id > ? GROUP BY a.id ORDER BY a.id LIMIT ?")) {
            statement.setLong(1, afterId);
            statement.setInt(2, limit);
            List<Account> accounts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    accounts.add(account(rows));
                }
            }
            return accounts;
        }
    }

    /** Inserts an account; empty when the username is taken (in any letter case). */
    Optional<Long> insert(Connection connection, String username, String passwordHash, Collection<String> roles)
            throws SQLException {
        long id;
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO platform.account (username, password_hash) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id")) {
            statement.setString(1, username);
            statement.setString(2, passwordHash);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                id = rows.getLong(1);
            }
        }
        replaceRoles(connection, id, roles);
        return Optional.of(id);
    }

    boolean anyExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM platform.account)");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Locks the account row for the rest of the transaction; false when there is no such account. */
    boolean lock(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM platform.account WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    void updatePasswordHash(Connection connection, long id, String passwordHash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE platform.account SET password_hash = ?, updated_at = now() WHERE id = ?")) {
            statement.setString(1, passwordHash);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    void updateActive(Connection connection, long id, boolean active) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE platform.account SET active = ?, updated_at = now() WHERE id = ?")) {
            statement.setBoolean(1, active);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    void replaceRoles(Connection connection, long id, Collection<String> roles) throws SQLException {
        try (PreparedStatement touch = connection.prepareStatement("UPDATE platform.account SET updated_at = now() WHERE id = ?")) {
            touch.setLong(1, id);
            touch.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM platform.account_role WHERE account_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
        if (roles.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO platform.account_role (account_id, role) SELECT ?, unnest(?::text[])")) {
            insert.setLong(1, id);
            insert.setArray(2, connection.createArrayOf("text", roles.toArray()));
            insert.executeUpdate();
        }
    }

    private static Account account(ResultSet rows) throws SQLException {
        Array roles = rows.getArray("roles");
        String[] names = (String[]) roles.getArray();
        return new Account(rows.getLong("id"), rows.getString("username"), Set.copyOf(Arrays.asList(names)),
                rows.getBoolean("active"), rows.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
