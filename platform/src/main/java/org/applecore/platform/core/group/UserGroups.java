package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.user.CoreUsers;
import org.applecore.platform.core.user.SystemItems;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules for user groups. A group is visible to its effective members and to full admins; to anyone
 * else it does not exist (404 {@code core.group_not_found}). Members and admins are changed by the group's
 * effective admins and full admins ({@code full_admin_user}: full admins only); other members get 403
 * {@code core.not_group_admin}. A group that has admins keeps at least one. Every method runs in the
 * caller's transaction and refuses before it writes, or throws so that the transaction rolls back.
 */
@Singleton
public class UserGroups {

    public static final int MAX_NAME_LENGTH = 200;

    private final SqlGroupMemberships memberships;
    private final CoreUsers coreUsers;
    private final SystemItems systemItems;

    UserGroups(SqlGroupMemberships memberships, CoreUsers coreUsers, SystemItems systemItems) {
        this.memberships = memberships;
        this.coreUsers = coreUsers;
        this.systemItems = systemItems;
    }

    /** Creates a group owned, administered and joined by the caller; an inherited one needs the parent's admin. */
    public GroupView create(Connection connection, CoreCaller caller, NewGroup body) throws SQLException {
        String name = body == null ? null : body.name();
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("core.invalid_group_name",
                    "A group needs a name of 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        UserGroup parent = null;
        if (body.parentGroupId() != null) {
            parent = requireAdmin(connection, caller, body.parentGroupId(), "FOR SHARE");
        }
        SystemItems.Ids system = systemItems.ids(connection);
        long typeId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_type (owner_id, name, kind) VALUES (?, ?, 'group')", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, caller.userId());
            insert.setString(2, name);
            insert.executeUpdate();
            typeId = generatedId(insert);
        }
        addTypeParent(connection, typeId, system.groupTypeId(), 0);
        if (parent != null) {
            addTypeParent(connection, typeId, parent.tokenTypeId(), 1);
        }
        long groupId;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.user_group (name, owner_id, token_type_id, parent_group_id) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setLong(2, caller.userId());
            insert.setLong(3, typeId);
            insert.setObject(4, parent == null ? null : parent.id());
            insert.executeUpdate();
            groupId = generatedId(insert);
        }
        upsertRow(connection, groupId, caller.userId(), true, false);
        coreUsers.createGroupToken(connection, groupId, typeId, caller.userId());
        return GroupView.of(find(connection, groupId, "").orElseThrow(), true);
    }

    /** The groups the caller effectively belongs to, by ascending id. */
    public IdCursor.Page<GroupView> listMine(Connection connection, CoreCaller caller, long afterId, int limit)
            throws SQLException {
        List<Long> ids = memberships.groupIdsAfter(connection, caller.userId(), afterId, limit + 1);
        List<GroupView> views = new ArrayList<>();
        for (long id : ids) {
            UserGroup group = find(connection, id, "").orElseThrow();
            views.add(GroupView.of(group, memberships.isAdmin(connection, id, caller.userId())));
        }
        return IdCursor.page(views, limit, GroupView::id);
    }

    public GroupDetailView get(Connection connection, CoreCaller caller, long groupId) throws SQLException {
        UserGroup group = requireVisible(connection, caller, groupId, "");
        int limit = IdCursor.DEFAULT_LIMIT;
        IdCursor.Page<Long> members = IdCursor.page(memberships.members(connection, groupId, false, 0, limit + 1), limit, id -> id);
        IdCursor.Page<Long> admins = IdCursor.page(memberships.members(connection, groupId, true, 0, limit + 1), limit, id -> id);
        GroupView view = GroupView.of(group, memberships.isAdmin(connection, groupId, caller.userId()));
        return new GroupDetailView(view.id(), view.guid(), view.name(), view.ownerId(), view.tokenTypeId(),
                view.parentGroupId(), view.personalOf(), view.personal(), view.system(), view.admin(), view.createdAt(),
                members.items(), members.nextCursor(), admins.items(), admins.nextCursor(), view.tokenId());
    }

    /** A page of the group's effective members, or only of its admins. */
    public IdCursor.Page<Long> members(Connection connection, CoreCaller caller, long groupId, boolean adminsOnly,
                                       long afterUserId, int limit) throws SQLException {
        requireVisible(connection, caller, groupId, "");
        return IdCursor.page(memberships.members(connection, groupId, adminsOnly, afterUserId, limit + 1), limit, id -> id);
    }

    /**
     * Makes the user a member. In an inherited group a user the parent passes down and that was dropped
     * here gets the inherited status back; anyone else gets a row of their own. A member stays as they are.
     */
    public void addMember(Connection connection, CoreCaller caller, long groupId, long userId) throws SQLException {
        UserGroup group = requireAdmin(connection, caller, groupId, "FOR UPDATE");
        requireUser(connection, userId);
        if (memberships.isMember(connection, groupId, userId)) {
            return;
        }
        deleteRow(connection, groupId, userId);
        if (!inheritedStatus(connection, group, userId).isPresent()) {
            upsertRow(connection, groupId, userId, false, false);
        }
    }

    /** Drops the user: a row of theirs is removed, or, when the parent would still pass them down, excluded. */
    public void removeMember(Connection connection, CoreCaller caller, long groupId, long userId) throws SQLException {
        UserGroup group = requireAdmin(connection, caller, groupId, "FOR UPDATE");
        requireUser(connection, userId);
        Optional<Boolean> status = memberships.status(connection, groupId, userId);
        if (status.isEmpty()) {
            return;
        }
        refuseForPersonalOwner(group, userId);
        if (inheritedStatus(connection, group, userId).isPresent()) {
            upsertRow(connection, groupId, userId, false, true);
        } else {
            deleteRow(connection, groupId, userId);
        }
        if (status.get()) {
            requireAnAdminLeft(connection, groupId);
        }
    }

    /** Makes the user an admin (and so a member). */
    public void addAdmin(Connection connection, CoreCaller caller, long groupId, long userId) throws SQLException {
        requireAdmin(connection, caller, groupId, "FOR UPDATE");
        requireUser(connection, userId);
        if (memberships.isAdmin(connection, groupId, userId)) {
            return;
        }
        upsertRow(connection, groupId, userId, true, false);
    }

    /** Keeps the user as a plain member; an inherited admin gets a row of their own that says so. */
    public void removeAdmin(Connection connection, CoreCaller caller, long groupId, long userId) throws SQLException {
        UserGroup group = requireAdmin(connection, caller, groupId, "FOR UPDATE");
        requireUser(connection, userId);
        if (!memberships.isAdmin(connection, groupId, userId)) {
            return;
        }
        refuseForPersonalOwner(group, userId);
        upsertRow(connection, groupId, userId, false, false);
        requireAnAdminLeft(connection, groupId);
    }

    /** Deletes a group made by a user: its owner or a full admin may, unless groups inherit from it. */
    public void delete(Connection connection, CoreCaller caller, long groupId) throws SQLException {
        UserGroup group = requireVisible(connection, caller, groupId, "FOR UPDATE");
        if (group.system() || group.personalOf() != null) {
            throw ApiException.conflict("core.group_protected",
                    "System groups and personal groups cannot be deleted.");
        }
        if (!caller.fullAdmin() && (group.ownerId() == null || group.ownerId() != caller.userId())) {
            throw ApiException.forbidden("core.not_group_owner", "Only the group's owner may delete it.");
        }
        try (PreparedStatement children = connection.prepareStatement(
                "SELECT 1 FROM core.user_group WHERE parent_group_id = ? LIMIT 1")) {
            children.setLong(1, groupId);
            try (ResultSet rows = children.executeQuery()) {
                if (rows.next()) {
                    throw ApiException.conflict("core.group_has_inherited_groups",
                            "Groups inherit from this group; delete them first.");
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM core.user_group WHERE id = ?")) {
            delete.setLong(1, groupId);
            delete.executeUpdate();
        }
    }

    /**
     * The group, when the caller is an effective member or a full admin.
     *
     * @param lock {@code ""}, {@code "FOR SHARE"} or {@code "FOR UPDATE"}: how to lock the group's row
     * @throws ApiException 404 {@code core.group_not_found} otherwise, whether or not the group exists
     */
    public UserGroup requireVisible(Connection connection, CoreCaller caller, long groupId, String lock) throws SQLException {
        Optional<UserGroup> group = find(connection, groupId, lock);
        if (group.isEmpty() || !caller.fullAdmin() && !memberships.isMember(connection, groupId, caller.userId())) {
            throw ApiException.notFound("core.group_not_found", "No group with id " + groupId + ".");
        }
        return group.get();
    }

    private UserGroup requireAdmin(Connection connection, CoreCaller caller, long groupId, String lock) throws SQLException {
        UserGroup group = requireVisible(connection, caller, groupId, lock);
        boolean fullAdminGroup = group.id() == systemItems.ids(connection).fullAdminGroupId();
        if (!caller.fullAdmin() && (fullAdminGroup || !memberships.isAdmin(connection, groupId, caller.userId()))) {
            throw ApiException.forbidden("core.not_group_admin",
                    fullAdminGroup ? "Only full admins change the full_admin_user group."
                            : "Only the group's admins may do this.");
        }
        return group;
    }

    private void requireUser(Connection connection, long userId) throws SQLException {
        coreUsers.ensure(connection, userId);
    }

    /** What the parent group passes down to the user: empty for nothing (or no parent), else whether admin. */
    private Optional<Boolean> inheritedStatus(Connection connection, UserGroup group, long userId) throws SQLException {
        return group.parentGroupId() == null ? Optional.empty()
                : memberships.status(connection, group.parentGroupId(), userId);
    }

    private static void refuseForPersonalOwner(UserGroup group, long userId) {
        if (group.personalOf() != null && group.personalOf() == userId) {
            throw ApiException.conflict("core.personal_group_owner",
                    "A user stays member and admin of their own personal group.");
        }
    }

    private void requireAnAdminLeft(Connection connection, long groupId) throws SQLException {
        if (memberships.adminCount(connection, groupId) == 0) {
            throw ApiException.conflict("core.last_admin", "A group keeps at least one admin.");
        }
    }

    private static Optional<UserGroup> find(Connection connection, long groupId, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, guid, name, owner_id, token_type_id, parent_group_id, personal_of, system, created_at, token_id
                FROM core.user_group WHERE id = ?\s""" + lock)) {
            select.setLong(1, groupId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserGroup(rows.getLong("id"), rows.getObject("guid", UUID.class),
                        rows.getString("name"), nullableLong(rows, "owner_id"), rows.getLong("token_type_id"),
                        nullableLong(rows, "parent_group_id"), nullableLong(rows, "personal_of"),
                        rows.getBoolean("system"), rows.getTimestamp("created_at").toInstant(),
                        nullableLong(rows, "token_id")));
            }
        }
    }

    private static void upsertRow(Connection connection, long groupId, long userId, boolean admin, boolean excluded)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO core.user_group_member (group_id, user_id, is_admin, excluded) VALUES (?, ?, ?, ?)
                ON CONFLICT (group_id, user_id) DO UPDATE SET is_admin = EXCLUDED.is_admin, excluded = EXCLUDED.excluded""")) {
            upsert.setLong(1, groupId);
            upsert.setLong(2, userId);
            upsert.setBoolean(3, admin);
            upsert.setBoolean(4, excluded);
            upsert.executeUpdate();
        }
    }

    private static void deleteRow(Connection connection, long groupId, long userId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM core.user_group_member WHERE group_id = ? AND user_id = ?")) {
            delete.setLong(1, groupId);
            delete.setLong(2, userId);
            delete.executeUpdate();
        }
    }

    private static void addTypeParent(Connection connection, long typeId, long parentId, int position) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_type_parent (type_id, parent_id, position) VALUES (?, ?, ?)")) {
            insert.setLong(1, typeId);
            insert.setLong(2, parentId);
            insert.setInt(3, position);
            insert.executeUpdate();
        }
    }

    private static long generatedId(Statement statement) throws SQLException {
        try (ResultSet keys = statement.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static @Nullable Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
