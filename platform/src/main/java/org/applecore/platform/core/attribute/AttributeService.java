package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.definition.InUseGuard;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.tokentype.TokenTypeSchemaLock;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Attribute definitions made, changed and deleted by users (seed 003, "Attributes"). Every method runs in
 * the caller's transaction and checks everything before it writes, or throws and lets the transaction roll
 * back. Definitions are schema, readable by every core caller; only the owner or a full admin changes one,
 * and system attributes not at all.
 */
@Singleton
public class AttributeService {

    private final AttributeCatalog catalog;
    private final AttributeValues values;
    private final AttributePermissions permissions;
    private final RequiredSiblings requiredSiblings;
    private final TokenTypes tokenTypes;
    private final AttributeBoundLinks boundLinks;

    public AttributeService(AttributeCatalog catalog, AttributeValues values, AttributePermissions permissions,
                            RequiredSiblings requiredSiblings, TokenTypes tokenTypes, AttributeBoundLinks boundLinks) {
        this.boundLinks = boundLinks;
        this.catalog = catalog;
        this.values = values;
        this.permissions = permissions;
        this.requiredSiblings = requiredSiblings;
        this.tokenTypes = tokenTypes;
    }

    public Attribute get(Connection connection, long id) throws SQLException {
        return catalog.require(connection, id);
    }

    /** @param owner {@code me} (the default) or {@code system} */
    public IdCursor.Page<Attribute> list(Connection connection, CoreCaller caller, String owner, int limit, long afterId)
            throws SQLException {
        String filter = switch (owner == null ? "me" : owner) {
            case "me" -> "owner_id = ?";
            case "system" -> "system AND ? IS NOT NULL";
            default -> throw JsonRequest.invalid("owner must be 'me' or 'system'.");
        };
        List<Attribute> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + AttributeRows.COLUMNS
                + " FROM core.attribute WHERE " + filter + " AND id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, caller.userId());
            statement.setLong(2, afterId);
            statement.setInt(3, limit + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(AttributeRows.read(row));
                }
            }
        }
        return IdCursor.page(rows, limit, Attribute::id);
    }

    public Attribute create(Connection connection, CoreCaller caller, JsonNode body) throws SQLException {
        AttributeDefinition definition = AttributeDefinition.EMPTY.merge(body);
        definition = checked(connection, caller, definition, 0, definition.parentId() != null);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.attribute (owner_id, parent_id, "
                + "name, value_type, string_type, min_value, max_value, enum_values, regex, default_value, allow_null, "
                + "required_siblings, owner_user_groups, read_user_groups, write_user_groups, read_set_requirements, "
                + "write_set_requirements) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING RETURNING " + AttributeRows.COLUMNS)) {
            statement.setLong(1, caller.userId());
            bindDefinition(connection, statement, 2, definition);
            Attribute created;
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw nameTaken(definition.name());
                }
                created = AttributeRows.read(row);
            }
            AttributeBoundLinks.Links bounds = AttributeDefinition.bounds(body);
            if (bounds == null || bounds.isEmpty()) {
                return created;
            }
            boundLinks.replace(connection, caller, created.id(), bounds.map(), bounds.time());
            return catalog.require(connection, created.id());
        }
    }

    public Attribute update(Connection connection, CoreCaller caller, long id, JsonNode body) throws SQLException {
        // Taken before any row lock (as token type changes do), so that the orders never cross: it serialises
        // parent changes (cycle checks) and required-sibling changes against token type changes.
        TokenTypeSchemaLock.acquire(connection);
        Attribute existing = lockForChange(connection, caller, id);
        AttributeDefinition definition = AttributeDefinition.of(existing).merge(body);
        boolean parentChanged = !Objects.equals(existing.parentId(), definition.parentId());
        definition = checked(connection, caller, definition, id, parentChanged);
        checkChildrenStayNarrower(connection, definition, id);
        if ((existing.valueType() != definition.valueType() || existing.stringType() != definition.stringType())
                && hasStoredValues(connection, id)) {
            throw ApiException.conflict("core.attribute_in_use", "The value type of attribute " + id
                    + " cannot change while tokens, sets or type groups hold values of it.");
        }
        if (!definition.name().equals(existing.name()) && nameExists(connection, existing.ownerId(), definition.name())) {
            throw nameTaken(definition.name());
        }
        boolean siblingsChanged = parentChanged || !existing.requiredSiblings().equals(definition.requiredSiblings());
        try (PreparedStatement statement = connection.prepareStatement("UPDATE core.attribute SET parent_id = ?, name = ?, "
                + "value_type = ?, string_type = ?, min_value = ?, max_value = ?, enum_values = ?::jsonb, regex = ?, "
                + "default_value = ?::jsonb, allow_null = ?, required_siblings = ?, owner_user_groups = ?, "
                + "read_user_groups = ?, write_user_groups = ?, read_set_requirements = ?, write_set_requirements = ?, "
                + "updated_at = now() WHERE id = ?")) {
            int next = bindDefinition(connection, statement, 1, definition);
            statement.setLong(next, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw nameTaken(definition.name());
            }
            throw e;
        }
        if (siblingsChanged) {
            checkTypesUsing(connection, id);
        }
        AttributeBoundLinks.Links bounds = AttributeDefinition.bounds(body);
        if (bounds != null) {
            boundLinks.replace(connection, caller, id, bounds.map(), bounds.time());
        }
        return catalog.require(connection, id);
    }

    public void delete(Connection connection, CoreCaller caller, long id) throws SQLException {
        lockForChange(connection, caller, id);
        InUseGuard.of(connection, id)
                .count("token types", "SELECT count(*) FROM core.token_type_attribute WHERE attribute_id = ?")
                .count("token values", "SELECT count(*) FROM core.token_value WHERE attribute_id = ?")
                .count("token sets", "SELECT count(*) FROM core.token_set_value WHERE attribute_id = ?")
                .count("type groups", "SELECT count(*) FROM core.type_group_value WHERE attribute_id = ?")
                .count("descendant attributes", "SELECT count(*) FROM core.attribute WHERE parent_id = ?")
                .count("attributes referring to it", "SELECT count(*) FROM core.attribute WHERE "
                        + "?::bigint = ANY (required_siblings || read_set_requirements || write_set_requirements)")
                .deleteOrRefuse("DELETE FROM core.attribute WHERE id = ?", "core.attribute_in_use", "Attribute " + id);
    }

    /** The attribute, locked against concurrent change, if the caller may change it. */
    private Attribute lockForChange(Connection connection, CoreCaller caller, long id) throws SQLException {
        Attribute existing;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + AttributeRows.COLUMNS + " FROM core.attribute WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw JdbcAttributeCatalog.notFound(id);
                }
                existing = AttributeRows.read(row);
            }
        }
        if (existing.system()) {
            throw ApiException.forbidden("core.system_attribute_immutable",
                    "Attribute '" + existing.name() + "' (" + id + ") is defined by the platform and cannot be changed or deleted.");
        }
        if (!caller.fullAdmin() && !Objects.equals(existing.ownerId(), caller.userId())) {
            throw ApiException.forbidden("core.not_owner", "Only the owner of attribute " + id + " may change or delete it.");
        }
        return existing;
    }

    /**
     * The definition with its default normalised, once every rule that involves other rows holds: referenced
     * attributes and groups exist and are visible, the parent may be used and does not lead back here, and
     * the groups narrow the parent's.
     */
    private AttributeDefinition checked(Connection connection, CoreCaller caller, AttributeDefinition definition, long id,
                                        boolean parentChanged) throws SQLException {
        definition.checkRules(values, id);
        JsonNode normalisedDefault = definition.defaultValue();
        if (!normalisedDefault.isNull()) {
            try {
                normalisedDefault = values.validate(definition.asAttribute(id, new UUID(0, 0), caller.userId(), false),
                        definition.defaultValue());
            } catch (ApiException e) {
                throw ApiException.badRequest("core.invalid_default", "value.default breaks the attribute's own rules: "
                        + e.getMessage());
            }
        }
        Set<Long> referenced = new LinkedHashSet<>(definition.requiredSiblings());
        referenced.addAll(definition.readSetRequirements());
        referenced.addAll(definition.writeSetRequirements());
        referenced.remove(id);
        Map<Long, Attribute> found = lockShared(connection, referenced);
        for (long reference : referenced) {
            if (!found.containsKey(reference)) {
                throw unknownAttribute(reference);
            }
        }
        if (definition.readSetRequirements().contains(id) || definition.writeSetRequirements().contains(id)) {
            throw ApiException.badRequest("core.invalid_attribute", "set_requirements must not hold the attribute itself.");
        }
        checkGroupsVisible(connection, caller, definition);
        if (definition.parentId() != null) {
            Attribute parent = lockShared(connection, Set.of(definition.parentId())).get(definition.parentId());
            if (parent == null) {
                throw unknownAttribute(definition.parentId());
            }
            if (parentChanged && !permissions.canUse(caller, parent)) {
                throw ApiException.forbidden("core.attribute_not_usable",
                        "You may not use attribute " + parent.id() + " (its owner_user_groups), so not descend from it either.");
            }
            if (parentChanged && id != 0) {
                checkNoCycle(connection, id, definition.name(), parent);
            }
            checkNarrows("owner_user_groups", parent.ownerUserGroups(), definition.ownerUserGroups(), parent);
            checkNarrows("read_user_groups", parent.readUserGroups(), definition.readUserGroups(), parent);
            checkNarrows("write_user_groups", parent.writeUserGroups(), definition.writeUserGroups(), parent);
        }
        return new AttributeDefinition(definition.name(), definition.parentId(), definition.valueType(),
                definition.stringType(), definition.min(), definition.max(), definition.enumValues(), definition.regex(),
                normalisedDefault, definition.allowNull(), definition.requiredSiblings(), definition.ownerUserGroups(),
                definition.readUserGroups(), definition.writeUserGroups(), definition.readSetRequirements(),
                definition.writeSetRequirements());
    }

    /** A descendant may only narrow: each non-empty list of the parent must hold all of the child's, which is non-empty. */
    static boolean narrows(List<Long> parentGroups, List<Long> childGroups) {
        return parentGroups.isEmpty() || !childGroups.isEmpty() && parentGroups.containsAll(childGroups);
    }

    private static void checkNarrows(String field, List<Long> parentGroups, List<Long> childGroups, Attribute parent) {
        if (!narrows(parentGroups, childGroups)) {
            throw ApiException.badRequest("core.groups_not_narrowed", "permissions." + field + " must be a non-empty subset of "
                    + parentGroups + ", those of parent attribute '" + parent.name() + "' (" + parent.id() + ").");
        }
    }

    private void checkChildrenStayNarrower(Connection connection, AttributeDefinition definition, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + AttributeRows.COLUMNS + " FROM core.attribute WHERE parent_id = ? ORDER BY id")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Attribute child = AttributeRows.read(row);
                    if (!narrows(definition.ownerUserGroups(), child.ownerUserGroups())
                            || !narrows(definition.readUserGroups(), child.readUserGroups())
                            || !narrows(definition.writeUserGroups(), child.writeUserGroups())) {
                        throw ApiException.conflict("core.attribute_children_wider", "Descendant attribute '" + child.name()
                                + "' (" + child.id() + ") has groups outside the new ones; narrow it first.");
                    }
                }
            }
        }
    }

    /** Refuses a parent whose own ancestry leads back to the attribute, naming the cycle. */
    private void checkNoCycle(Connection connection, long id, String name, Attribute parent) throws SQLException {
        List<String> path = new ArrayList<>();
        path.add(name + "(" + id + ")");
        Attribute current = parent;
        Set<Long> seen = new LinkedHashSet<>();
        while (current != null && seen.add(current.id())) {
            if (current.id() == id) {
                path.add(name + "(" + id + ")");
                throw ApiException.badRequest("core.attribute_cycle",
                        "parent_id would make the attribute ancestry cyclic: " + String.join(" → ", path) + ".");
            }
            path.add(current.name() + "(" + current.id() + ")");
            current = current.parentId() == null ? null : catalog.find(connection, current.parentId()).orElse(null);
        }
    }

    private void checkTypesUsing(Connection connection, long attributeId) throws SQLException {
        Set<Long> types = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT type_id FROM core.token_type_attribute WHERE attribute_id = ? ORDER BY type_id")) {
            statement.setLong(1, attributeId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    types.addAll(tokenTypes.selfAndDescendants(connection, row.getLong(1)));
                }
            }
        }
        for (long type : types) {
            requiredSiblings.require(connection, "Token type " + type + " would break",
                    tokenTypes.effectiveAttributes(connection, type), 409);
        }
    }

    private static void checkGroupsVisible(Connection connection, CoreCaller caller, AttributeDefinition definition)
            throws SQLException {
        Set<Long> groups = new LinkedHashSet<>(definition.ownerUserGroups());
        groups.addAll(definition.readUserGroups());
        groups.addAll(definition.writeUserGroups());
        if (groups.isEmpty()) {
            return;
        }
        Map<Long, Boolean> visible = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, system OR owner_id = ? FROM core.user_group WHERE id = ANY (?)")) {
            statement.setLong(1, caller.userId());
            statement.setArray(2, connection.createArrayOf("bigint", groups.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    visible.put(row.getLong(1), row.getBoolean(2));
                }
            }
        }
        for (long group : groups) {
            boolean exists = visible.containsKey(group);
            boolean seen = exists && (caller.fullAdmin() || visible.get(group) || caller.groupIds().contains(group));
            if (!seen) {
                // A group the caller is not in is answered like a missing one: groups are not discoverable.
                throw ApiException.badRequest("core.unknown_user_group", "There is no user group " + group + " you can refer to.");
            }
        }
    }

    private Map<Long, Attribute> lockShared(Connection connection, Set<Long> ids) throws SQLException {
        Map<Long, Attribute> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + AttributeRows.COLUMNS
                + " FROM core.attribute WHERE id = ANY (?) ORDER BY id FOR SHARE")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Attribute attribute = AttributeRows.read(row);
                    found.put(attribute.id(), attribute);
                }
            }
        }
        return found;
    }

    private static boolean hasStoredValues(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM core.token_value WHERE attribute_id = ?) "
                + "OR EXISTS (SELECT 1 FROM core.token_set_value WHERE attribute_id = ?) "
                + "OR EXISTS (SELECT 1 FROM core.type_group_value WHERE attribute_id = ?)")) {
            statement.setLong(1, id);
            statement.setLong(2, id);
            statement.setLong(3, id);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static boolean nameExists(Connection connection, Long ownerId, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM core.attribute WHERE COALESCE(owner_id, 0) = ? AND name = ?")) {
            statement.setLong(1, ownerId == null ? 0 : ownerId);
            statement.setString(2, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Binds parent_id through write_set_requirements from the index given; returns the next index. */
    private static int bindDefinition(Connection connection, PreparedStatement statement, int index, AttributeDefinition d)
            throws SQLException {
        int i = index;
        if (d.parentId() == null) {
            statement.setNull(i++, Types.BIGINT);
        } else {
            statement.setLong(i++, d.parentId());
        }
        statement.setString(i++, d.name());
        statement.setString(i++, d.valueType().name().toLowerCase(java.util.Locale.ROOT));
        statement.setString(i++, d.stringType() == null ? null : d.stringType().name().toLowerCase(java.util.Locale.ROOT));
        statement.setBigDecimal(i++, d.min());
        statement.setBigDecimal(i++, d.max());
        statement.setString(i++, d.enumValues().isEmpty() ? null
                : AttributeRows.jsonText(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                        .addAll(d.enumValues().stream().map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList())));
        statement.setString(i++, d.regex());
        statement.setString(i++, AttributeRows.jsonText(d.defaultValue()));
        statement.setBoolean(i++, d.allowNull());
        for (List<Long> ids : List.of(d.requiredSiblings(), d.ownerUserGroups(), d.readUserGroups(), d.writeUserGroups(),
                d.readSetRequirements(), d.writeSetRequirements())) {
            statement.setArray(i++, connection.createArrayOf("bigint", ids.toArray()));
        }
        return i;
    }

    private static ApiException unknownAttribute(long id) {
        return ApiException.badRequest("core.unknown_attribute", "There is no attribute " + id + ".");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("core.attribute_name_taken", "You already have an attribute named '" + name + "'.");
    }
}
