package org.applecore.platform.core.user;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The ids of the system items users and groups are built on (migration V4): the {@code user} and
 * {@code group} token types and the {@code regular_user} and {@code full_admin_user} groups. They never
 * change once migrated, so they are read once per host.
 */
@Singleton
public class SystemItems {

    /**
     * @param userTypeId the system {@code user} token type
     * @param groupTypeId the system {@code group} token type
     * @param regularUserGroupId the system group every user is in
     * @param fullAdminGroupId the system group whose members pass every permission check
     */
    public record Ids(long userTypeId, long groupTypeId, long regularUserGroupId, long fullAdminGroupId) {
    }

    private volatile Ids ids;

    public Ids ids(Connection connection) throws SQLException {
        Ids known = ids;
        if (known == null) {
            known = load(connection);
            ids = known;
        }
        return known;
    }

    private static Ids load(Connection connection) throws SQLException {
        return new Ids(
                id(connection, "SELECT id FROM core.token_type WHERE system AND name = 'user' AND kind = 'user'"),
                id(connection, "SELECT id FROM core.token_type WHERE system AND name = 'group' AND kind = 'group'"),
                id(connection, "SELECT id FROM core.user_group WHERE system AND name = 'regular_user'"),
                id(connection, "SELECT id FROM core.user_group WHERE system AND name = 'full_admin_user'"));
    }

    private static long id(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("a system item of the core is missing: " + sql);
            }
            return rows.getLong(1);
        }
    }
}
