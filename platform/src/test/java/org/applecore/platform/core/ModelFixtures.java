package org.applecore.platform.core;

import org.applecore.platform.database.Database;
import org.applecore.platform.testing.TestHost;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows for core model tests written straight into the database of a {@link TestHost}: core users, user
 * groups, attributes and token types, without going through the APIs under test.
 */
public final class ModelFixtures {

    private final Database database;

    public ModelFixtures(TestHost host) {
        this.database = host.context().getBean(Database.class);
    }

    public Database database() {
        return database;
    }

    /** A platform account with its core user and personal token type (inheriting the system user type). */
    public long coreUser(String username) {
        return database.inTransaction(connection -> {
            long accountId = insertId(connection,
                    "INSERT INTO platform.account (username, password_hash) VALUES (?, 'unusable') RETURNING id", username);
            long existing = queryLong(connection, "SELECT count(*) FROM core.core_user WHERE id = ?", accountId);
            if (existing == 0) {
                long typeId = insertId(connection,
                        "INSERT INTO core.token_type (owner_id, name, kind) VALUES (?, ?, 'user') RETURNING id", accountId, username);
                execute(connection, "INSERT INTO core.token_type_parent (type_id, parent_id, position) "
                        + "SELECT ?, id, 0 FROM core.token_type WHERE system AND name = 'user'", typeId);
                execute(connection, "INSERT INTO core.core_user (id, token_type_id) VALUES (?, ?)", accountId, typeId);
            }
            return accountId;
        });
    }

    /** A user group owned by the owner with these members. */
    public long group(String name, long ownerId, long... members) {
        return database.inTransaction(connection -> {
            long typeId = insertId(connection,
                    "INSERT INTO core.token_type (owner_id, name, kind) VALUES (?, ?, 'group') RETURNING id", ownerId, name);
            long groupId = insertId(connection,
                    "INSERT INTO core.user_group (name, owner_id, token_type_id) VALUES (?, ?, ?) RETURNING id", name, ownerId, typeId);
            for (long member : members) {
                execute(connection, "INSERT INTO core.user_group_member (group_id, user_id) VALUES (?, ?)", groupId, member);
            }
            return groupId;
        });
    }

    public long systemGroup(String name) {
        return database.inTransaction(connection ->
                queryLong(connection, "SELECT id FROM core.user_group WHERE system AND name = ?", name));
    }

    public long systemAttribute(String name) {
        return database.inTransaction(connection ->
                queryLong(connection, "SELECT id FROM core.attribute WHERE system AND name = ?", name));
    }

    public long systemType(String name) {
        return database.inTransaction(connection ->
                queryLong(connection, "SELECT id FROM core.token_type WHERE system AND name = ?", name));
    }

    /** A plain attribute of type json. */
    public long attribute(long ownerId, String name) {
        return database.inTransaction(connection -> insertId(connection,
                "INSERT INTO core.attribute (owner_id, name, value_type) VALUES (?, ?, 'json') RETURNING id", ownerId, name));
    }

    /** A plain token type with parents (in order) and own attributes. */
    public long tokenType(long ownerId, String name, List<Long> parents, List<Long> attributes) {
        return database.inTransaction(connection -> {
            long typeId = insertId(connection,
                    "INSERT INTO core.token_type (owner_id, name) VALUES (?, ?) RETURNING id", ownerId, name);
            for (int i = 0; i < parents.size(); i++) {
                execute(connection, "INSERT INTO core.token_type_parent (type_id, parent_id, position) VALUES (?, ?, ?)",
                        typeId, parents.get(i), i);
            }
            for (long attribute : attributes) {
                execute(connection, "INSERT INTO core.token_type_attribute (type_id, attribute_id) VALUES (?, ?)", typeId, attribute);
            }
            return typeId;
        });
    }

    public long count(String sql, Object... parameters) {
        return database.inTransaction(connection -> queryLong(connection, sql, parameters));
    }

    public static long insertId(Connection connection, String sql, Object... parameters) throws SQLException {
        return queryLong(connection, sql, parameters);
    }

    public static long queryLong(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return row.getLong(1);
            }
        }
    }

    public static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
