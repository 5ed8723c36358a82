package org.applecore.platform.core.tokenset;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.attribute.AttributeValues;
import org.applecore.platform.core.attribute.RequiredSiblings;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.token.StoredValues;
import org.applecore.platform.core.token.Truthiness;
import org.applecore.platform.core.token.ValueView;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Token sets: creation, visibility (owner and full admins; anyone else gets 404), locking for set
 * operations, values, members and counts. Every method runs in the caller's transaction.
 */
@Singleton
public class TokenSets {

    private static final String COLUMNS = "id, guid, owner_id, token_type_id, name, member_count, created_at";

    private final AttributeCatalog catalog;
    private final AttributeValues attributeValues;
    private final AttributePermissions permissions;
    private final TokenTypes tokenTypes;
    private final RequiredSiblings requiredSiblings;

    public TokenSets(AttributeCatalog catalog, AttributeValues attributeValues, AttributePermissions permissions,
                     TokenTypes tokenTypes, RequiredSiblings requiredSiblings) {
        this.catalog = catalog;
        this.attributeValues = attributeValues;
        this.permissions = permissions;
        this.tokenTypes = tokenTypes;
        this.requiredSiblings = requiredSiblings;
    }

    /** A new empty set owned by the caller. */
    public TokenSet create(Connection connection, CoreCaller caller, String name, Long tokenTypeId,
                           Map<Long, JsonNode> values) throws SQLException {
        if (tokenTypeId != null) {
            tokenTypes.require(connection, tokenTypeId);
        }
        Map<Long, JsonNode> checked = checkValues(connection, caller, values);
        TokenSet set;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token_set (owner_id, token_type_id, name) VALUES (?, ?, ?) RETURNING " + COLUMNS)) {
            insert.setLong(1, caller.userId());
            if (tokenTypeId == null) {
                insert.setNull(2, Types.BIGINT);
            } else {
                insert.setLong(2, tokenTypeId);
            }
            insert.setString(3, name);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                set = read(row);
            }
        }
        StoredValues.write(connection, StoredValues.Holder.TOKEN_SET, set.id(), checked);
        requireSiblings(connection, StoredValues.Holder.TOKEN_SET, set.id(), "token set " + set.id());
        return set;
    }

    /** @throws ApiException 404 {@code core.token_set_not_found} when it does not exist or the caller may not see it */
    public TokenSet requireVisible(Connection connection, CoreCaller caller, long setId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM core.token_set WHERE id = ?")) {
            select.setLong(1, setId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    TokenSet set = read(row);
                    if (visible(caller, set)) {
                        return set;
                    }
                }
            }
        }
        throw notFound(setId);
    }

    /**
     * Locks the sets ({@code FOR UPDATE}, ascending id, the one lock order of every set operation) and
     * returns them by id, after checking the caller may see each.
     *
     * @throws ApiException 404 {@code core.token_set_not_found} for the first that is missing or not visible
     */
    public Map<Long, TokenSet> lockVisible(Connection connection, CoreCaller caller, Collection<Long> setIds) throws SQLException {
        Map<Long, TokenSet> locked = lock(connection, setIds);
        for (Long id : new TreeSet<>(setIds)) {
            TokenSet set = locked.get(id);
            if (set == null || !visible(caller, set)) {
                throw notFound(id);
            }
        }
        return locked;
    }

    /**
     * Locks the sets a set operation uses ({@code FOR UPDATE}, ascending id) and checks that the caller may use
     * each (docs/design/core.md, "Set operations"): a set whose {@code allows_set_operation} value is not null
     * may be used by anyone when it is truthy and by no one when it is falsy; a set without one only by its
     * owner and full admins.
     *
     * @param ownerOnly sets that must in any case be the caller's (or the caller a full admin), e.g. the set
     *                  {@code delete_set} deletes
     * @throws ApiException 404 {@code core.token_set_not_found} for a set that is missing, or that the caller
     *                      may neither see nor use; 409 {@code core.set_operation_not_allowed} for a set the
     *                      caller sees (owner, full admin) whose {@code allows_set_operation} is falsy
     */
    public Map<Long, TokenSet> lockUsable(Connection connection, CoreCaller caller, Collection<Long> setIds,
                                          Collection<Long> ownerOnly) throws SQLException {
        Map<Long, TokenSet> locked = lock(connection, setIds);
        Attribute flag = catalog.system(connection, "allows_set_operation");
        for (Long id : new TreeSet<>(setIds)) {
            TokenSet set = locked.get(id);
            if (set == null) {
                throw notFound(id);
            }
            JsonNode value = StoredValues.readOne(connection, StoredValues.Holder.TOKEN_SET, set.id(), flag.id());
            if (value == null) {
                value = flag.defaultValue();
            }
            boolean present = !Truthiness.isAbsent(value);
            boolean visible = visible(caller, set);
            if (!visible && (!present || !Truthiness.isTruthy(value) || ownerOnly.contains(id))) {
                throw notFound(id);
            }
            if (present && !Truthiness.isTruthy(value)) {
                throw ApiException.conflict("core.set_operation_not_allowed",
                        "Set " + set.id() + " has a falsy allows_set_operation value, so no set operation may use it.");
            }
        }
        return locked;
    }

    private static Map<Long, TokenSet> lock(Connection connection, Collection<Long> setIds) throws SQLException {
        TreeSet<Long> ordered = new TreeSet<>(setIds);
        Map<Long, TokenSet> locked = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM core.token_set WHERE id = ANY (?::bigint[]) ORDER BY id FOR UPDATE")) {
            select.setArray(1, connection.createArrayOf("bigint", ordered.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    TokenSet set = read(rows);
                    locked.put(set.id(), set);
                }
            }
        }
        return locked;
    }

    /** The caller's own sets, ascending id. */
    public IdCursor.Page<TokenSet> listOwned(Connection connection, CoreCaller caller, long afterId, int limit) throws SQLException {
        List<TokenSet> sets = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM core.token_set WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            select.setLong(1, caller.userId());
            select.setLong(2, afterId);
            select.setInt(3, limit + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sets.add(read(rows));
                }
            }
        }
        return IdCursor.page(sets, limit, TokenSet::id);
    }

    /** A page of the set's members by ascending token id: keyset on the membership primary key, no OFFSET. */
    public IdCursor.Page<MemberView> members(Connection connection, CoreCaller caller, long setId, long afterTokenId,
                                             int limit) throws SQLException {
        requireVisible(connection, caller, setId);
        List<MemberView> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT t.id, t.guid, t.type_id, t.owner_id, m.added_at FROM core.token_set_member m
                JOIN core.token t ON t.id = m.token_id
                WHERE m.set_id = ? AND m.token_id > ? ORDER BY m.token_id LIMIT ?""")) {
            select.setLong(1, setId);
            select.setLong(2, afterTokenId);
            select.setInt(3, limit + 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(new MemberView(rows.getLong(1), rows.getObject(2, java.util.UUID.class), rows.getLong(3),
                            rows.getLong(4), rows.getTimestamp(5).toInstant()));
                }
            }
        }
        return IdCursor.page(members, limit, MemberView::id);
    }

    /** The set as the API shows it, with its values (the caller sees the set). */
    public TokenSetView view(Connection connection, TokenSet set) throws SQLException {
        return TokenSetView.of(set, values(connection, set));
    }

    /** The set's stored values; the caller sees the set, so (as its owner or a full admin) reads them all. */
    public List<ValueView> values(Connection connection, TokenSet set) throws SQLException {
        Map<Long, JsonNode> stored = StoredValues.read(connection, StoredValues.Holder.TOKEN_SET, set.id());
        Map<Long, Attribute> attributes = catalog.findAll(connection, stored.keySet());
        List<ValueView> views = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> value : stored.entrySet()) {
            Attribute attribute = attributes.get(value.getKey());
            views.add(new ValueView(value.getKey(), attribute == null ? null : attribute.name(), value.getValue()));
        }
        return views;
    }

    /** Sets values on a set the caller may see; all or nothing. */
    public void writeValues(Connection connection, CoreCaller caller, TokenSet set, Map<Long, JsonNode> values) throws SQLException {
        StoredValues.write(connection, StoredValues.Holder.TOKEN_SET, set.id(), checkValues(connection, caller, values));
        requireSiblings(connection, StoredValues.Holder.TOKEN_SET, set.id(), "token set " + set.id());
    }

    /**
     * Required siblings on a set or type group (seed 003: an attribute with {@code required_siblings} may only
     * be used alongside them): after a write, every attribute with a non-null stored value must have each of
     * its required siblings, or an attribute descending from it, also with a non-null stored value. Called
     * after writing, inside the caller's transaction, so a refusal rolls the write back.
     *
     * @throws ApiException 400 {@code core.required_sibling_missing}
     */
    public void requireSiblings(Connection connection, StoredValues.Holder holder, long id, String subject) throws SQLException {
        List<Long> present = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> value : StoredValues.read(connection, holder, id).entrySet()) {
            if (!Truthiness.isAbsent(value.getValue())) {
                present.add(value.getKey());
            }
        }
        if (present.isEmpty()) {
            return;
        }
        List<Attribute> attributes = new ArrayList<>(catalog.findAll(connection, present).values());
        if (attributes.stream().anyMatch(a -> !a.requiredSiblings().isEmpty())) {
            requiredSiblings.require(connection, subject, attributes, 400);
        }
    }

    /**
     * Values for a set or type group: the caller must be allowed to use the attribute ({@code owner_user_groups})
     * and, when it names write groups, be in one of them; the value must pass the attribute's rules.
     */
    public Map<Long, JsonNode> checkValues(Connection connection, CoreCaller caller, Map<Long, JsonNode> values) throws SQLException {
        Map<Long, JsonNode> checked = new LinkedHashMap<>();
        for (Map.Entry<Long, JsonNode> value : values.entrySet()) {
            Attribute attribute = catalog.require(connection, value.getKey());
            if (!permissions.canUse(caller, attribute)
                    || !caller.fullAdmin() && !attribute.writeUserGroups().isEmpty() && !caller.inAnyGroup(attribute.writeUserGroups())) {
                throw ApiException.forbidden("core.attribute_write_denied",
                        "You may not set attribute " + attribute.id() + " (" + attribute.name() + ").");
            }
            checked.put(attribute.id(), attributeValues.validate(attribute, value.getValue()));
        }
        return checked;
    }

    static boolean visible(CoreCaller caller, TokenSet set) {
        return caller.fullAdmin() || set.ownerId() == caller.userId();
    }

    static ApiException notFound(long setId) {
        return ApiException.notFound("core.token_set_not_found", "No token set " + setId + ".");
    }

    private static TokenSet read(ResultSet row) throws SQLException {
        long typeId = row.getLong(4);
        Long tokenTypeId = row.wasNull() ? null : typeId;
        return new TokenSet(row.getLong(1), row.getObject(2, java.util.UUID.class), row.getLong(3), tokenTypeId,
                row.getString(5), row.getLong(6), row.getTimestamp(7).toInstant());
    }
}
