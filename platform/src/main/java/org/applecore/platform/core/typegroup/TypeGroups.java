package org.applecore.platform.core.typegroup;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.token.StoredValues;
import org.applecore.platform.core.token.ValueView;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Type groups: visible to and edited by their owner and full admins (404 for anyone else). Seed 003 says
 * ownership "is not used when type-groups are used in set operations", so {@link #require} (used by set
 * operations) finds any type group by id.
 */
@Singleton
public class TypeGroups {

    private final AttributeCatalog catalog;
    private final TokenTypes tokenTypes;
    private final TokenSets sets;

    public TypeGroups(AttributeCatalog catalog, TokenTypes tokenTypes, TokenSets sets) {
        this.catalog = catalog;
        this.tokenTypes = tokenTypes;
        this.sets = sets;
    }

    public TypeGroup create(Connection connection, CoreCaller caller, String name, List<TypeGroup.Member> members,
                            Map<Long, JsonNode> values) throws SQLException {
        checkMembers(connection, members);
        Map<Long, JsonNode> checked = sets.checkValues(connection, caller, values);
        long id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.type_group (owner_id, name) VALUES (?, ?) RETURNING id")) {
            insert.setLong(1, caller.userId());
            insert.setString(2, name);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        }
        writeMembers(connection, id, members);
        StoredValues.write(connection, StoredValues.Holder.TYPE_GROUP, id, checked);
        sets.requireSiblings(connection, StoredValues.Holder.TYPE_GROUP, id, "type group " + id);
        return require(connection, id);
    }

    /** Any type group, for set operations. @throws ApiException 404 {@code core.type_group_not_found} */
    public TypeGroup require(Connection connection, long id) throws SQLException {
        TypeGroup group = find(connection, id, false);
        if (group == null) {
            throw notFound(id);
        }
        return group;
    }

    /** A type group the caller may see and edit, optionally locked. @throws ApiException 404 {@code core.type_group_not_found} */
    public TypeGroup requireVisible(Connection connection, CoreCaller caller, long id, boolean lock) throws SQLException {
        TypeGroup group = find(connection, id, lock);
        if (group == null || !caller.fullAdmin() && (group.ownerId() == null || group.ownerId() != caller.userId())) {
            throw notFound(id);
        }
        return group;
    }

    public IdCursor.Page<TypeGroup> listOwned(Connection connection, CoreCaller caller, long afterId, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM core.type_group WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            select.setLong(1, caller.userId());
            select.setLong(2, afterId);
            select.setInt(3, limit + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        List<TypeGroup> groups = new ArrayList<>();
        for (Long id : ids) {
            groups.add(require(connection, id));
        }
        return IdCursor.page(groups, limit, TypeGroup::id);
    }

    /** Changes what is given: name, the whole member list, and values (merged). */
    public TypeGroup update(Connection connection, CoreCaller caller, long id, String name, List<TypeGroup.Member> members,
                            Map<Long, JsonNode> values) throws SQLException {
        requireVisible(connection, caller, id, true);
        if (members != null) {
            checkMembers(connection, members);
        }
        Map<Long, JsonNode> checked = sets.checkValues(connection, caller, values);
        if (name != null) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE core.type_group SET name = ? WHERE id = ?")) {
                update.setString(1, name);
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
        if (members != null) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM core.type_group_member WHERE group_id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
            writeMembers(connection, id, members);
        }
        StoredValues.write(connection, StoredValues.Holder.TYPE_GROUP, id, checked);
        sets.requireSiblings(connection, StoredValues.Holder.TYPE_GROUP, id, "type group " + id);
        return require(connection, id);
    }

    public void delete(Connection connection, CoreCaller caller, long id) throws SQLException {
        requireVisible(connection, caller, id, true);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM core.type_group WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    /** The group as the API shows it, with its values (the caller sees the group). */
    public TypeGroupView view(Connection connection, TypeGroup group) throws SQLException {
        return TypeGroupView.of(group, values(connection, group));
    }

    public List<ValueView> values(Connection connection, TypeGroup group) throws SQLException {
        Map<Long, JsonNode> stored = StoredValues.read(connection, StoredValues.Holder.TYPE_GROUP, group.id());
        Map<Long, Attribute> attributes = catalog.findAll(connection, stored.keySet());
        List<ValueView> views = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> value : stored.entrySet()) {
            Attribute attribute = attributes.get(value.getKey());
            views.add(new ValueView(value.getKey(), attribute == null ? null : attribute.name(), value.getValue()));
        }
        return views;
    }

    private void checkMembers(Connection connection, List<TypeGroup.Member> members) throws SQLException {
        Set<Long> seen = new HashSet<>();
        for (TypeGroup.Member member : members) {
            if (!seen.add(member.tokenType())) {
                throw ApiException.badRequest("core.invalid_request", "Token type " + member.tokenType() + " is listed twice.");
            }
            if (member.minimumNeeded() != null && member.maximumNeeded() != null && member.minimumNeeded() > member.maximumNeeded()) {
                throw ApiException.badRequest("core.invalid_request", "minimum_needed of token type " + member.tokenType()
                        + " is greater than its maximum_needed.");
            }
            tokenTypes.require(connection, member.tokenType());
        }
    }

    private static void writeMembers(Connection connection, long groupId, List<TypeGroup.Member> members) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.type_group_member (group_id, type_id, minimum_needed, maximum_needed) VALUES (?, ?, ?, ?)")) {
            for (TypeGroup.Member member : members) {
                insert.setLong(1, groupId);
                insert.setLong(2, member.tokenType());
                setNullable(insert, 3, member.minimumNeeded());
                setNullable(insert, 4, member.maximumNeeded());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static TypeGroup find(Connection connection, long id, boolean lock) throws SQLException {
        UUID guid;
        Long ownerId;
        String name;
        java.time.Instant createdAt;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT guid, owner_id, name, created_at FROM core.type_group WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                guid = row.getObject(1, UUID.class);
                long owner = row.getLong(2);
                ownerId = row.wasNull() ? null : owner;
                name = row.getString(3);
                createdAt = row.getTimestamp(4).toInstant();
            }
        }
        List<TypeGroup.Member> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT type_id, minimum_needed, maximum_needed FROM core.type_group_member WHERE group_id = ? ORDER BY type_id")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(new TypeGroup.Member(rows.getLong(1), rows.getObject(2, Long.class), rows.getObject(3, Long.class)));
                }
            }
        }
        return new TypeGroup(id, guid, ownerId, name, createdAt, members);
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("core.type_group_not_found", "No type group " + id + ".");
    }
}
