package org.applecore.platform.core.user;

import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the core user of an account on first use. Concurrent first calls for one account are serialized
 * by a transaction-scoped advisory lock on the account id, and the second one finds the first one's user.
 */
@Singleton
public class SqlCoreUsers implements CoreUsers {

    // First key of the advisory lock: "core" in ASCII, so that it does not meet other users of advisory locks.
    private static final int LOCK_SPACE = 0x636f7265;

    private final SystemItems systemItems;

    SqlCoreUsers(SystemItems systemItems) {
        this.systemItems = systemItems;
    }

    @Override
    public CoreUser ensure(Connection connection, long accountId) throws SQLException {
        Optional<CoreUser> existing = find(connection, accountId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setInt(2, (int) accountId);
            lock.execute();
        }
        existing = find(connection, accountId);
        if (existing.isPresent()) {
            return existing.get();
        }
        String username = username(connection, accountId).orElseThrow(() -> ApiException.notFound(
                "core.user_not_found", "No user with id " + accountId + "."));
        SystemItems.Ids system = systemItems.ids(connection);

        long userTypeId = insertTokenType(connection, accountId, username, "user");
        addParent(connection, userTypeId, system.userTypeId(), 0);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.core_user (id, token_type_id) VALUES (?, ?)")) {
            insert.setLong(1, accountId);
            insert.setLong(2, userTypeId);
            insert.executeUpdate();
        }
        long groupTypeId = insertTokenType(connection, accountId, username, "group");
        addParent(connection, groupTypeId, system.groupTypeId(), 0);
        addParent(connection, groupTypeId, userTypeId, 1);
        long groupId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.user_group (name, owner_id, token_type_id, personal_of) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, username);
            insert.setLong(2, accountId);
            insert.setLong(3, groupTypeId);
            insert.setLong(4, accountId);
            insert.executeUpdate();
            groupId = generatedId(insert);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE core.core_user SET personal_group_id = ? WHERE id = ?")) {
            update.setLong(1, groupId);
            update.setLong(2, accountId);
            update.executeUpdate();
        }
        try (PreparedStatement members = connection.prepareStatement(
                "INSERT INTO core.user_group_member (group_id, user_id, is_admin) VALUES (?, ?, TRUE), (?, ?, FALSE)")) {
            members.setLong(1, groupId);
            members.setLong(2, accountId);
            members.setLong(3, system.regularUserGroupId());
            members.setLong(4, accountId);
            members.executeUpdate();
        }
        long setId = insertPersonalSet(connection, accountId, username);
        long tokenId = insertTokenInSet(connection, userTypeId, accountId, setId);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE core.core_user SET token_id = ?, personal_set_id = ? WHERE id = ?")) {
            update.setLong(1, tokenId);
            update.setLong(2, setId);
            update.setLong(3, accountId);
            update.executeUpdate();
        }
        setGroupToken(connection, groupId, insertTokenInSet(connection, groupTypeId, accountId, setId));
        return find(connection, accountId).orElseThrow();
    }

    @Override
    public long personalSet(Connection connection, long userId) throws SQLException {
        CoreUser user = ensure(connection, userId);
        try (PreparedStatement lock = connection.prepareStatement("SELECT personal_set_id FROM core.core_user WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, userId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                long setId = row.getLong(1);
                if (!row.wasNull()) {
                    return setId;
                }
            }
        }
        String username = username(connection, userId).orElseThrow();
        long setId = insertPersonalSet(connection, user.id(), username);
        try (PreparedStatement update = connection.prepareStatement("UPDATE core.core_user SET personal_set_id = ? WHERE id = ?")) {
            update.setLong(1, setId);
            update.setLong(2, userId);
            update.executeUpdate();
        }
        return setId;
    }

    @Override
    public long createGroupToken(Connection connection, long groupId, long typeId, long ownerId) throws SQLException {
        long tokenId = insertTokenInSet(connection, typeId, ownerId, personalSet(connection, ownerId));
        setGroupToken(connection, groupId, tokenId);
        return tokenId;
    }

    private static void setGroupToken(Connection connection, long groupId, long tokenId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE core.user_group SET token_id = ? WHERE id = ?")) {
            update.setLong(1, tokenId);
            update.setLong(2, groupId);
            update.executeUpdate();
        }
    }

    private static long insertPersonalSet(Connection connection, long ownerId, String username) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_set (owner_id, name) VALUES (?, ?) RETURNING id")) {
            insert.setLong(1, ownerId);
            insert.setString(2, username + "'s tokens");
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A token made by the core itself (no caller, no lifecycle events), as the only member it adds to the set. */
    private static long insertTokenInSet(Connection connection, long typeId, long ownerId, long setId) throws SQLException {
        long tokenId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id")) {
            insert.setLong(1, typeId);
            insert.setLong(2, ownerId);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                tokenId = row.getLong(1);
            }
        }
        try (PreparedStatement member = connection.prepareStatement(
                "INSERT INTO core.token_set_member (set_id, token_id) VALUES (?, ?)")) {
            member.setLong(1, setId);
            member.setLong(2, tokenId);
            member.executeUpdate();
        }
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE core.token_set SET member_count = member_count + 1 WHERE id = ?")) {
            count.setLong(1, setId);
            count.executeUpdate();
        }
        return tokenId;
    }

    @Override
    public Optional<CoreUser> find(Connection connection, long userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, guid, token_type_id, personal_group_id, token_id, personal_set_id FROM core.core_user WHERE id = ?")) {
            select.setLong(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CoreUser(rows.getLong("id"), rows.getObject("guid", UUID.class),
                        rows.getLong("token_type_id"), rows.getLong("personal_group_id"), rows.getLong("token_id"),
                        rows.getObject("personal_set_id", Long.class)));
            }
        }
    }

    private static Optional<String> username(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT username FROM platform.account WHERE id = ?")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static long insertTokenType(Connection connection, long ownerId, String name, String kind) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_type (owner_id, name, kind) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, ownerId);
            insert.setString(2, name);
            insert.setString(3, kind);
            insert.executeUpdate();
            return generatedId(insert);
        }
    }

    private static void addParent(Connection connection, long typeId, long parentId, int position) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_type_parent (type_id, parent_id, position) VALUES (?, ?, ?)")) {
            insert.setLong(1, typeId);
            insert.setLong(2, parentId);
            insert.setInt(3, position);
            insert.executeUpdate();
        }
    }

    static long generatedId(Statement statement) throws SQLException {
        try (ResultSet keys = statement.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
