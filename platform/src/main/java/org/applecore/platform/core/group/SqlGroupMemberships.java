package org.applecore.platform.core.group;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Effective membership from {@code core.user_group_member}. A user's row in a group, if any, decides their
 * status there: excluded, neither member nor admin; otherwise a member, and an admin when {@code is_admin}.
 * Without a row an inherited group passes on what its parent says (recursively); a group without parent
 * says "no". So an inherited group's members are its parent's members plus its own rows, minus its
 * excluded rows, and a row without {@code is_admin} can keep an inherited admin as a plain member.
 * Admins are always members.
 */
@Singleton
public class SqlGroupMemberships implements GroupMemberships {

    /** Groups where the user's status comes from a row of theirs, then their descendants without a row. */
    private static final String EFFECTIVE_GROUPS = """
            WITH RECURSIVE effective (group_id, is_admin) AS (
                SELECT m.group_id, m.is_admin FROM core.user_group_member m WHERE m.user_id = ? AND NOT m.excluded
                UNION
                SELECT c.id, e.is_admin FROM effective e JOIN core.user_group c ON c.parent_group_id = e.group_id
                WHERE NOT EXISTS (SELECT 1 FROM core.user_group_member x WHERE x.group_id = c.id AND x.user_id = ?)
            )
            """;

    /** The row nearest to the group in its chain of parents decides. */
    private static final String STATUS = """
            WITH RECURSIVE chain (id, parent_id, depth) AS (
                SELECT id, parent_group_id, 0 FROM core.user_group WHERE id = ?
                UNION ALL
                SELECT g.id, g.parent_group_id, c.depth + 1 FROM chain c JOIN core.user_group g ON g.id = c.parent_id
            )
            SELECT m.is_admin, m.excluded FROM chain c
            JOIN core.user_group_member m ON m.group_id = c.id AND m.user_id = ?
            ORDER BY c.depth LIMIT 1
            """;

    /** Per user with a row anywhere in the group's chain, the nearest row: {@code (user_id, is_admin, excluded)}. */
    private static final String EFFECTIVE_ROWS = """
            SELECT * FROM (
                WITH RECURSIVE chain (id, parent_id, depth) AS (
                    SELECT id, parent_group_id, 0 FROM core.user_group WHERE id = ?
                    UNION ALL
                    SELECT g.id, g.parent_group_id, c.depth + 1 FROM chain c JOIN core.user_group g ON g.id = c.parent_id
                )
                SELECT DISTINCT ON (m.user_id) m.user_id, m.is_admin, m.excluded
                FROM chain c JOIN core.user_group_member m ON m.group_id = c.id
                ORDER BY m.user_id, c.depth
            ) nearest""";

    @Override
    public Set<Long> effectiveGroupIds(Connection connection, long userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EFFECTIVE_GROUPS + "SELECT group_id FROM effective")) {
            statement.setLong(1, userId);
            statement.setLong(2, userId);
            Set<Long> ids = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    @Override
    public boolean isMember(Connection connection, long groupId, long userId) throws SQLException {
        return status(connection, groupId, userId).isPresent();
    }

    @Override
    public boolean isAdmin(Connection connection, long groupId, long userId) throws SQLException {
        return status(connection, groupId, userId).orElse(false);
    }

    /**
     * The user's effective status in the group: empty when not a member, else whether they are an admin.
     */
    public Optional<Boolean> status(Connection connection, long groupId, long userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
            statement.setLong(1, groupId);
            statement.setLong(2, userId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getBoolean("excluded")) {
                    return Optional.empty();
                }
                return Optional.of(rows.getBoolean("is_admin"));
            }
        }
    }

    /**
     * The group's effective members (or only its admins) with a user id above {@code afterUserId}, ascending,
     * at most {@code limit}.
     */
    public List<Long> members(Connection connection, long groupId, boolean adminsOnly, long afterUserId, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EFFECTIVE_ROWS
                + " WHERE NOT excluded" + (adminsOnly ? " AND is_admin" : "")
                + " AND user_id > ? ORDER BY user_id LIMIT ?")) {
            statement.setLong(1, groupId);
            statement.setLong(2, afterUserId);
            statement.setInt(3, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    /** How many effective admins the group has. */
    public long adminCount(Connection connection, long groupId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM (" + EFFECTIVE_ROWS + ") s WHERE NOT excluded AND is_admin")) {
            statement.setLong(1, groupId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The groups the user effectively belongs to with an id above {@code afterGroupId}, ascending. */
    public List<Long> groupIdsAfter(Connection connection, long userId, long afterGroupId, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EFFECTIVE_GROUPS
                + "SELECT group_id FROM effective WHERE group_id > ? ORDER BY group_id LIMIT ?")) {
            statement.setLong(1, userId);
            statement.setLong(2, userId);
            statement.setLong(3, afterGroupId);
            statement.setInt(4, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }
}
