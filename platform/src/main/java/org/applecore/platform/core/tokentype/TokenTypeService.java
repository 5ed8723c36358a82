package org.applecore.platform.core.tokentype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.JsonRequest;
import org.applecore.platform.core.attribute.RequiredSiblings;
import org.applecore.platform.core.definition.InUseGuard;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.tokentype.TokenTypes.TokenTypeRef;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Token types made, changed and deleted by users (seed 003, "Token types").
 * <ul>
 * <li>Readable by every core caller (tokens are readable by id, so their types must be too).</li>
 * <li>Parents: system types, and plain types of the caller (any plain type for a full admin). The personal
 *     types made for each user and group ({@code kind} user/group) are never parents of a plain type.</li>
 * <li>Attributes: each must be usable by the caller ({@code owner_user_groups}); the type's effective
 *     attributes must meet every required sibling, and so must those of every descendant type.</li>
 * <li>A parent change that would make the ancestry cyclic is refused with 400 {@code core.type_cycle} naming
 *     the cycle. All changes run under {@link TokenTypeSchemaLock}, so concurrent changes cannot together
 *     make a cycle or break a requirement.</li>
 * <li>Personal types: their owner may change only their attributes (non-system ones); they are never
 *     deleted here. System types are not changed at all.</li>
 * </ul>
 */
@Singleton
public class TokenTypeService {

    static final int MAX_NAME = 200;
    private static final Set<String> FIELDS = Set.of("name", "parents", "attributes");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TokenTypes types;
    private final org.applecore.platform.core.attribute.AttributeCatalog catalog;
    private final AttributePermissions permissions;
    private final RequiredSiblings requiredSiblings;

    public TokenTypeService(TokenTypes types, org.applecore.platform.core.attribute.AttributeCatalog catalog,
                            AttributePermissions permissions, RequiredSiblings requiredSiblings) {
        this.types = types;
        this.catalog = catalog;
        this.permissions = permissions;
        this.requiredSiblings = requiredSiblings;
    }

    public long create(Connection connection, CoreCaller caller, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, FIELDS, "A token type");
        String name = JsonRequest.name(body, "name", MAX_NAME);
        List<Long> parents = JsonRequest.ids(body, "parents");
        List<Long> attributes = JsonRequest.ids(body, "attributes");
        TokenTypeSchemaLock.acquire(connection);
        checkParents(connection, caller, parents);
        checkAttributes(connection, caller, attributes, "plain");
        long id;
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO core.token_type (owner_id, name) VALUES (?, ?) RETURNING id")) {
            statement.setLong(1, caller.userId());
            statement.setString(2, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        }
        replaceParents(connection, id, parents);
        replaceAttributes(connection, id, attributes);
        requiredSiblings.require(connection, "Token type '" + name + "'", types.effectiveAttributes(connection, id), 400);
        return id;
    }

    public void update(Connection connection, CoreCaller caller, long id, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, FIELDS, "A token type");
        // The schema lock comes before any row lock, everywhere, so that lock orders never cross.
        TokenTypeSchemaLock.acquire(connection);
        TokenTypeRef type = lockForChange(connection, caller, id);
        boolean personal = !type.kind().equals("plain");
        if (personal && (body.has("name") || body.has("parents"))) {
            throw ApiException.badRequest("core.token_type_managed", "Token type " + id + " is the personal type of a "
                    + type.kind() + "; only its attributes can be changed.");
        }
        String name = body.has("name") ? JsonRequest.name(body, "name", MAX_NAME) : type.name();
        List<Long> parents = body.has("parents") ? JsonRequest.ids(body, "parents") : null;
        List<Long> attributes = body.has("attributes") ? JsonRequest.ids(body, "attributes") : null;
        if (parents != null) {
            checkParents(connection, caller, parents);
            checkNoCycle(connection, id, type.name(), parents);
            replaceParents(connection, id, parents);
        }
        if (attributes != null) {
            checkAttributes(connection, caller, attributes, type.kind());
            replaceAttributes(connection, id, attributes);
        }
        if (!name.equals(type.name())) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE core.token_type SET name = ?, updated_at = now() WHERE id = ?")) {
                statement.setString(1, name);
                statement.setLong(2, id);
                statement.executeUpdate();
            }
        } else {
            touch(connection, id);
        }
        requiredSiblings.require(connection, "Token type '" + name + "'", types.effectiveAttributes(connection, id), 400);
        for (long descendant : types.selfAndDescendants(connection, id)) {
            if (descendant != id) {
                requiredSiblings.require(connection, "Descendant token type " + descendant + " would break",
                        types.effectiveAttributes(connection, descendant), 409);
            }
        }
    }

    public void delete(Connection connection, CoreCaller caller, long id) throws SQLException {
        TokenTypeSchemaLock.acquire(connection);
        TokenTypeRef type = lockForChange(connection, caller, id);
        if (!type.kind().equals("plain")) {
            throw ApiException.conflict("core.token_type_managed", "Token type " + id + " is the personal type of a "
                    + type.kind() + " and goes with it.");
        }
        InUseGuard.of(connection, id)
                .count("tokens", "SELECT count(*) FROM core.token WHERE type_id = ?")
                .count("child token types", "SELECT count(*) FROM core.token_type_parent WHERE parent_id = ?")
                .count("token sets", "SELECT count(*) FROM core.token_set WHERE token_type_id = ?")
                .count("type groups", "SELECT count(*) FROM core.type_group_member WHERE type_id = ?")
                .deleteOrRefuse("DELETE FROM core.token_type WHERE id = ?", "core.token_type_in_use", "Token type " + id);
    }

    /** @param owner {@code me} (the default) or {@code system} */
    public IdCursor.Page<Long> list(Connection connection, CoreCaller caller, String owner, int limit, long afterId)
            throws SQLException {
        String filter = switch (owner == null ? "me" : owner) {
            case "me" -> "owner_id = ?";
            case "system" -> "system AND ? IS NOT NULL";
            default -> throw JsonRequest.invalid("owner must be 'me' or 'system'.");
        };
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM core.token_type WHERE " + filter + " AND id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, caller.userId());
            statement.setLong(2, afterId);
            statement.setInt(3, limit + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        return IdCursor.page(ids, limit, Long::longValue);
    }

    /** The type on the wire: identity, parents in order, own attributes, effective attributes and lineage. */
    public ObjectNode json(Connection connection, long id) throws SQLException {
        ObjectNode node = NODES.objectNode();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, guid, name, owner_id, kind, system FROM core.token_type WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw JdbcTokenTypes.notFound(id);
                }
                node.put("id", row.getLong("id"));
                node.put("guid", row.getString("guid"));
                node.put("name", row.getString("name"));
                long owner = row.getLong("owner_id");
                if (row.wasNull()) {
                    node.putNull("owner_id");
                } else {
                    node.put("owner_id", owner);
                }
                node.put("kind", row.getString("kind"));
                node.put("system", row.getBoolean("system"));
            }
        }
        node.set("parents", ids(JdbcTokenTypes.ancestorEdges(connection, id).getOrDefault(id, List.of())));
        node.set("attributes", ids(JdbcTokenTypes.ownAttributeIds(connection, List.of(id)).getOrDefault(id, List.of())));
        ArrayNode effective = node.putArray("effective_attributes");
        for (Attribute attribute : types.effectiveAttributes(connection, id)) {
            effective.addObject().put("id", attribute.id()).put("name", attribute.name());
        }
        node.set("lineage", ids(types.lineage(connection, id)));
        return node;
    }

    public ObjectNode page(Connection connection, IdCursor.Page<Long> page) throws SQLException {
        ObjectNode node = NODES.objectNode();
        ArrayNode items = node.putArray("items");
        for (long id : page.items()) {
            items.add(json(connection, id));
        }
        node.put("next_cursor", page.nextCursor());
        return node;
    }

    private TokenTypeRef lockForChange(Connection connection, CoreCaller caller, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM core.token_type WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, id);
            statement.executeQuery().close();
        }
        TokenTypeRef type = types.require(connection, id);
        if (type.system()) {
            throw ApiException.forbidden("core.system_token_type_immutable",
                    "Token type '" + type.name() + "' (" + id + ") is defined by the platform and cannot be changed or deleted.");
        }
        if (!caller.fullAdmin() && !Objects.equals(type.ownerId(), caller.userId())) {
            throw ApiException.forbidden("core.not_owner", "Only the owner of token type " + id + " may change or delete it.");
        }
        return type;
    }

    private void checkParents(Connection connection, CoreCaller caller, List<Long> parents) throws SQLException {
        for (long parentId : parents) {
            TokenTypeRef parent;
            try {
                parent = types.require(connection, parentId);
            } catch (ApiException e) {
                throw ApiException.badRequest("core.unknown_token_type", "There is no token type " + parentId + ".");
            }
            if (parent.system()) {
                continue;
            }
            if (!parent.kind().equals("plain")) {
                throw ApiException.badRequest("core.parent_not_allowed", "Token type " + parentId
                        + " is the personal type of a " + parent.kind() + " and cannot be a parent.");
            }
            if (!caller.fullAdmin() && !Objects.equals(parent.ownerId(), caller.userId())) {
                throw ApiException.badRequest("core.parent_not_allowed", "Token type " + parentId
                        + " belongs to another user; parents must be your own types or system types.");
            }
        }
    }

    private void checkAttributes(Connection connection, CoreCaller caller, List<Long> attributeIds, String kind) throws SQLException {
        Map<Long, Attribute> found = new HashMap<>();
        if (!attributeIds.isEmpty()) {
            // Shared locks keep the attributes from being deleted or redefined until this transaction ends.
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id FROM core.attribute WHERE id = ANY (?) ORDER BY id FOR SHARE")) {
                statement.setArray(1, connection.createArrayOf("bigint", attributeIds.toArray()));
                statement.executeQuery().close();
            }
            found = catalog.findAll(connection, attributeIds);
        }
        for (long attributeId : attributeIds) {
            Attribute attribute = found.get(attributeId);
            if (attribute == null) {
                throw ApiException.badRequest("core.unknown_attribute", "There is no attribute " + attributeId + ".");
            }
            if (!permissions.canUse(caller, attribute)) {
                throw ApiException.forbidden("core.attribute_not_usable", "You may not use attribute '" + attribute.name()
                        + "' (" + attributeId + ") on your token types (its owner_user_groups).");
            }
            if (attribute.system() && !kind.equals("plain") && !caller.fullAdmin()) {
                throw ApiException.badRequest("core.attribute_not_usable", "System attribute '" + attribute.name()
                        + "' cannot be added to a personal token type; it inherits the system ones.");
            }
        }
    }

    /** Refuses parents that lead back to the type, naming the cycle: {@code a(3) → b(5) → a(3)}. */
    private void checkNoCycle(Connection connection, long id, String name, List<Long> parents) throws SQLException {
        for (long parent : parents) {
            List<Long> path = pathUp(connection, parent, id);
            if (path != null) {
                List<Long> cycle = new ArrayList<>();
                cycle.add(id);
                cycle.addAll(path);
                Map<Long, String> names = names(connection, cycle);
                List<String> steps = cycle.stream().map(t -> names.get(t) + "(" + t + ")").toList();
                throw ApiException.badRequest("core.type_cycle",
                        "parents would make the token type ancestry cyclic: " + String.join(" → ", steps) + ".");
            }
        }
    }

    /** The path from start up through parents to target (both included), or null when target is not above. */
    private static List<Long> pathUp(Connection connection, long start, long target) throws SQLException {
        Map<Long, List<Long>> edges = JdbcTokenTypes.ancestorEdges(connection, start);
        List<Long> path = new ArrayList<>();
        return search(start, target, edges, new HashSet<>(), path) ? path : null;
    }

    private static boolean search(long at, long target, Map<Long, List<Long>> edges, Set<Long> seen, List<Long> path) {
        path.add(at);
        if (at == target) {
            return true;
        }
        if (seen.add(at)) {
            for (long parent : edges.getOrDefault(at, List.of())) {
                if (search(parent, target, edges, seen, path)) {
                    return true;
                }
            }
        }
        path.removeLast();
        return false;
    }

    private static Map<Long, String> names(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, name FROM core.token_type WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    names.put(row.getLong(1), row.getString(2));
                }
            }
        }
        return names;
    }

    private static void replaceParents(Connection connection, long id, List<Long> parents) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM core.token_type_parent WHERE type_id = ?")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO core.token_type_parent (type_id, parent_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < parents.size(); i++) {
                statement.setLong(1, id);
                statement.setLong(2, parents.get(i));
                statement.setInt(3, i);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void replaceAttributes(Connection connection, long id, List<Long> attributes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM core.token_type_attribute WHERE type_id = ?")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO core.token_type_attribute (type_id, attribute_id) VALUES (?, ?)")) {
            for (long attribute : attributes) {
                statement.setLong(1, id);
                statement.setLong(2, attribute);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void touch(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE core.token_type SET updated_at = now() WHERE id = ?")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }

    private static ArrayNode ids(List<Long> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
