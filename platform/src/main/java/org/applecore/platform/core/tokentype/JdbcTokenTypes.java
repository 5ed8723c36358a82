package org.applecore.platform.core.tokentype;

import jakarta.inject.Singleton;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token type ancestry read from {@code core.token_type_parent}. The lineage is a depth-first post-order
 * walk that visits parents in their stored position: every ancestor comes before each of its descendants,
 * and the same graph always gives the same order.
 */
@Singleton
public class JdbcTokenTypes implements TokenTypes {

    /** The system attributes every token has whatever its type, first in every effective list. */
    public static final List<String> MANAGEMENT_FLAGS = List.of("created", "allows_set", "allows_set_operation",
            "attribute_filter");

    private final AttributeCatalog attributes;

    public JdbcTokenTypes(AttributeCatalog attributes) {
        this.attributes = attributes;
    }

    @Override
    public TokenTypeRef require(Connection connection, long typeId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, owner_id, name, kind, system FROM core.token_type WHERE id = ?")) {
            statement.setLong(1, typeId);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    long owner = row.getLong("owner_id");
                    return new TokenTypeRef(row.getLong("id"), row.wasNull() ? null : owner, row.getString("name"),
                            row.getString("kind"), row.getBoolean("system"));
                }
            }
        }
        throw notFound(typeId);
    }

    @Override
    public List<Long> lineage(Connection connection, long typeId) throws SQLException {
        require(connection, typeId);
        Map<Long, List<Long>> parents = ancestorEdges(connection, typeId);
        List<Long> order = new ArrayList<>();
        visit(typeId, parents, new HashSet<>(), order);
        return order;
    }

    private static void visit(long type, Map<Long, List<Long>> parents, Set<Long> seen, List<Long> order) {
        if (!seen.add(type)) {
            return;
        }
        for (long parent : parents.getOrDefault(type, List.of())) {
            visit(parent, parents, seen, order);
        }
        order.add(type);
    }

    /** Parent lists (in position order) of the type and all its ancestors. */
    static Map<Long, List<Long>> ancestorEdges(Connection connection, long typeId) throws SQLException {
        Map<Long, List<Long>> parents = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH RECURSIVE up (type_id) AS (
                    SELECT ?::bigint
                    UNION
                    SELECT p.parent_id FROM core.token_type_parent p JOIN up ON p.type_id = up.type_id)
                SELECT p.type_id, p.parent_id FROM core.token_type_parent p
                WHERE p.type_id IN (SELECT type_id FROM up)
                ORDER BY p.type_id, p.position, p.parent_id""")) {
            statement.setLong(1, typeId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    parents.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(row.getLong(2));
                }
            }
        }
        return parents;
    }

    @Override
    public Set<Long> selfAndDescendants(Connection connection, long typeId) throws SQLException {
        Set<Long> result = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH RECURSIVE down (type_id) AS (
                    SELECT ?::bigint
                    UNION
                    SELECT p.type_id FROM core.token_type_parent p JOIN down ON p.parent_id = down.type_id)
                SELECT type_id FROM down ORDER BY type_id""")) {
            statement.setLong(1, typeId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    result.add(row.getLong(1));
                }
            }
        }
        result.remove(typeId);
        Set<Long> ordered = new LinkedHashSet<>();
        ordered.add(typeId);
        ordered.addAll(result);
        return ordered;
    }

    /** The management flags, then each type's own attributes in lineage order (by id within a type), each once. */
    @Override
    public List<Attribute> effectiveAttributes(Connection connection, long typeId) throws SQLException {
        List<Long> lineage = lineage(connection, typeId);
        Map<Long, List<Long>> own = ownAttributeIds(connection, lineage);
        LinkedHashMap<Long, Attribute> result = new LinkedHashMap<>();
        for (String flag : MANAGEMENT_FLAGS) {
            Attribute attribute = attributes.system(connection, flag);
            result.put(attribute.id(), attribute);
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (long type : lineage) {
            ids.addAll(own.getOrDefault(type, List.of()));
        }
        Map<Long, Attribute> found = attributes.findAll(connection, ids);
        for (long id : ids) {
            result.putIfAbsent(id, found.get(id));
        }
        return List.copyOf(result.values());
    }

    /** Each type's own attribute ids, ascending. */
    static Map<Long, List<Long>> ownAttributeIds(Connection connection, List<Long> typeIds) throws SQLException {
        Map<Long, List<Long>> own = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT type_id, attribute_id FROM core.token_type_attribute WHERE type_id = ANY (?) ORDER BY type_id, attribute_id")) {
            statement.setArray(1, connection.createArrayOf("bigint", typeIds.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    own.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(row.getLong(2));
                }
            }
        }
        return own;
    }

    static ApiException notFound(long typeId) {
        return ApiException.notFound("core.token_type_not_found", "There is no token type " + typeId + ".");
    }
}
