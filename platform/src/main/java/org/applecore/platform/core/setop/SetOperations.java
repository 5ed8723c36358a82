package org.applecore.platform.core.setop;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.attribute.AttributeValues;
import org.applecore.platform.core.bounds.AttributeBounds;
import org.applecore.platform.core.bounds.BoundsService;
import org.applecore.platform.core.lifecycle.LifecycleEvent;
import org.applecore.platform.core.lifecycle.LifecycleHooks;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.permission.AttributePermissions.TokenRef;
import org.applecore.platform.core.token.StoredValues;
import org.applecore.platform.core.tokenset.SetAdmission;
import org.applecore.platform.core.tokenset.SetMembership;
import org.applecore.platform.core.tokenset.TokenIdArrays;
import org.applecore.platform.core.tokenset.TokenSet;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.core.typegroup.TokenSelection;
import org.applecore.platform.core.typegroup.TypeGroup;
import org.applecore.platform.core.typegroup.TypeGroups;
import org.applecore.platform.core.user.CoreUsers;
import org.applecore.platform.database.Database;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs one set operation inside the caller's transaction (docs/design/core.md, "Set operations"):
 * <ol>
 *   <li>every set it reads from or writes to is locked ({@code FOR UPDATE}, ascending id) and must be usable
 *       by the caller ({@link TokenSets#lockUsable}): a truthy {@code allows_set_operation} opens a set to
 *       anyone, a falsy one closes it to everyone (409 for those who see it), and without one only its owner
 *       and full admins may use it (404 for anyone else); the set {@code delete_set} deletes must be the
 *       caller's (or the caller a full admin) in any case;</li>
 *   <li>the tokens are selected ({@link TokenSelection}), then changed with set-based SQL; tokens entering
 *       the destination pass {@link SetAdmission}; lifecycle hooks fire before the transaction commits.</li>
 * </ol>
 * A refusal throws, and the caller's transaction rolls everything back.
 */
@Singleton
public class SetOperations {

    private static final int ATTEMPTS = 3;
    private static final java.util.Set<String> RETRIABLE_STATES = java.util.Set.of("40P01", "40001");

    private final TokenSets sets;
    private final SetMembership membership;
    private final SetAdmission admission;
    private final TypeGroups typeGroups;
    private final TokenSelection selection;
    private final AttributeCatalog catalog;
    private final AttributeValues attributeValues;
    private final AttributePermissions permissions;
    private final TokenTypes tokenTypes;
    private final CoreUsers users;
    private final LifecycleHooks hooks;
    private final AttributeBounds attributeBounds;

    public SetOperations(TokenSets sets, SetMembership membership, SetAdmission admission, TypeGroups typeGroups,
                         TokenSelection selection, AttributeCatalog catalog, AttributeValues attributeValues,
                         AttributePermissions permissions, TokenTypes tokenTypes, CoreUsers users,
                         LifecycleHooks hooks, AttributeBounds attributeBounds) {
        this.sets = sets;
        this.membership = membership;
        this.admission = admission;
        this.typeGroups = typeGroups;
        this.selection = selection;
        this.catalog = catalog;
        this.attributeValues = attributeValues;
        this.permissions = permissions;
        this.tokenTypes = tokenTypes;
        this.users = users;
        this.hooks = hooks;
        this.attributeBounds = attributeBounds;
    }

    /**
     * Runs the operation in a transaction of its own. Locks are always taken in the same order (sets by
     * ascending id, then tokens by ascending id), so deadlocks should not happen; should PostgreSQL still
     * report one (or a serialization failure), the whole operation is retried, at most {@value #ATTEMPTS} times.
     */
    public SetOperationResult runInTransaction(Database database, CoreCaller caller, SetOperation operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inRawTransaction(null, connection -> run(connection, caller, operation));
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !RETRIABLE_STATES.contains(e.getSQLState())) {
                    throw Database.translate(e);
                }
            }
        }
    }

    public SetOperationResult run(Connection connection, CoreCaller caller, SetOperation operation) throws SQLException {
        return switch (operation.kind()) {
            case COMBINE -> combine(connection, caller, operation);
            case REMOVE -> remove(connection, caller, operation);
            case CREATE_SET -> createSet(connection, caller, operation);
            case DELETE_SET -> deleteSet(connection, caller, operation);
            case EDIT_ATTRIBUTE -> editAttribute(connection, caller, operation);
            case CHANGE_OWNER -> changeOwner(connection, caller, operation);
        };
    }

    /** The selected tokens of A and B (each once) join D; A and B are unchanged. */
    private SetOperationResult combine(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        long a = op.sourceSet();
        long d = op.destinationSet();
        Long b = op.secondSourceSet();
        Map<Long, TokenSet> locked = lockUsable(connection, caller, b == null ? List.of(a, d) : List.of(a, b, d));
        TypeGroup group = typeGroup(connection, op);
        long[] sources = b == null || b == a ? new long[] {a} : new long[] {a, b};
        long[] selected = selection.select(connection, caller, sources, group);
        long[] added = admit(connection, caller, locked.get(d), selected, op);
        return new SetOperationResult(op.kind().wireName(), a, b, d, null, selected.length, added.length, 0, 0, 0, 0);
    }

    /** The selected tokens of A leave it for D (A and D differ), so no token is left in no set. */
    private SetOperationResult remove(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        long a = op.sourceSet();
        long d = op.destinationSet();
        if (a == d) {
            throw ApiException.badRequest("core.same_source_and_destination", "remove needs a destination_set other than its source_set.");
        }
        Map<Long, TokenSet> locked = lockUsable(connection, caller, List.of(a, d));
        long[] selected = selection.select(connection, caller, new long[] {a}, typeGroup(connection, op));
        long[] added = admit(connection, caller, locked.get(d), selected, op);
        long[] removed = membership.removeAll(connection, a, selected);
        fire(connection, TokenLifecycle.TOKEN_SET_REMOVAL, caller, removed, a, op);
        return new SetOperationResult(op.kind().wireName(), a, null, d, null, selected.length, added.length,
                removed.length, removed.length, 0, 0);
    }

    private SetOperationResult createSet(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        TokenSet set = sets.create(connection, caller, op.name(), op.tokenType(), op.values());
        return new SetOperationResult(op.kind().wireName(), null, null, null, set.id(), 0, 0, 0, 0, 0, 0);
    }

    /**
     * Deletes A unless a token of A is in no other set. A's tokens are locked in id order before the check,
     * so that two deletions sharing a token see each other's outcome and cannot both pass.
     */
    private SetOperationResult deleteSet(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        long a = op.sourceSet();
        sets.lockUsable(connection, caller, List.of(a), List.of(a));
        long[] members = membership.lockMemberTokens(connection, a);
        Long orphan = membership.tokenInNoOtherSet(connection, a);
        if (orphan != null) {
            throw ApiException.conflict("core.set_delete_would_orphan", "Set " + a + " cannot be deleted: token " + orphan
                    + " is in no other set, and a token must always be in at least one set.");
        }
        fire(connection, TokenLifecycle.TOKEN_SET_REMOVAL, caller, members, a, op);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM core.token_set WHERE id = ?")) {
            delete.setLong(1, a);
            delete.executeUpdate();
        }
        return new SetOperationResult(op.kind().wireName(), a, null, null, a, members.length, 0, members.length, 0, 0, 0);
    }

    /** One attribute's value on every selected token of A: valid, on each token's type, writable on each token. */
    private SetOperationResult editAttribute(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        long a = op.sourceSet();
        lockUsable(connection, caller, List.of(a));
        Attribute attribute = attribute(connection, caller, op.attribute());
        JsonNode value = attributeValues.validate(attribute, op.value());
        long[] selected = selection.select(connection, caller, new long[] {a}, typeGroup(connection, op));
        List<TokenRow> tokens = lockTokens(connection, selected);
        Map<Long, Boolean> typeHasAttribute = new HashMap<>();
        for (TokenRow token : tokens) {
            boolean onType = typeHasAttribute.computeIfAbsent(token.typeId(), type -> hasAttribute(connection, type, attribute.id()));
            if (!onType) {
                throw new ApiException(422, "core.attribute_not_on_type", "Attribute " + attribute.id() + " is not an attribute of token "
                        + token.id() + " (token type " + token.typeId() + ").");
            }
            if (!permissions.canWrite(connection, caller, new TokenRef(token.id(), token.ownerId()), attribute)) {
                throw ApiException.forbidden("core.attribute_write_denied", "You may not write attribute " + attribute.id()
                        + " (" + attribute.name() + ") of token " + token.id() + ".");
            }
        }
        requireInBounds(connection, attribute, value, tokens);
        Map<JsonNode, List<Long>> movedFrom = isLocation(attribute)
                ? locationsBefore(connection, selected, attribute, value) : Map.of();
        if (selected.length > 0) {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO core.token_value (token_id, attribute_id, value)
                    SELECT id, ?, ?::jsonb FROM unnest(?::bigint[]) AS given (id) ORDER BY id
                    ON CONFLICT (token_id, attribute_id) DO UPDATE SET value = EXCLUDED.value""")) {
                upsert.setLong(1, attribute.id());
                upsert.setString(2, StoredValues.text(value));
                upsert.setArray(3, TokenIdArrays.sqlArray(connection, selected));
                upsert.executeUpdate();
            }
            try (PreparedStatement touch = connection.prepareStatement(
                    "UPDATE core.token SET updated_at = now() WHERE id = ANY (?::bigint[])")) {
                touch.setArray(1, TokenIdArrays.sqlArray(connection, selected));
                touch.executeUpdate();
            }
        }
        fire(connection, TokenLifecycle.MASS_ATTRIBUTE_CHANGE, caller, selected, a, op);
        for (Map.Entry<JsonNode, List<Long>> moved : movedFrom.entrySet()) {
            hooks.locationChanged(connection, caller, moved.getValue(), moved.getKey(), value);
        }
        return new SetOperationResult(op.kind().wireName(), a, null, null, null, selected.length, 0, 0, 0, selected.length, 0);
    }

    /**
     * Refuses the edit when the attribute has bounds that do not hold for one of the tokens (now, at its
     * location; at the new location when the attribute edited is {@code location} itself). No query when the
     * attribute has no bounds.
     *
     * @throws ApiException 409 {@code core.attribute_out_of_bounds}
     */
    private void requireInBounds(Connection connection, Attribute attribute, JsonNode value, List<TokenRow> tokens)
            throws SQLException {
        if (!AttributeBounds.bounded(attribute) || tokens.isEmpty()) {
            return;
        }
        AttributeBounds.Applicability applicability = attributeBounds.of(connection, List.of(attribute));
        Attribute location = null;
        Map<Long, JsonNode> stored = Map.of();
        if (applicability.needsLocation() && !isLocation(attribute)) {
            location = catalog.system(connection, "location");
            stored = storedValues(connection, tokens.stream().mapToLong(TokenRow::id).toArray(), location.id());
        }
        for (TokenRow token : tokens) {
            BoundsService.Location where = location == null ? BoundsService.Location.of(value)
                    : BoundsService.Location.of(stored.getOrDefault(token.id(), location.defaultValue()));
            applicability.requireApplies(attribute, token.id(), where);
        }
    }

    private static boolean isLocation(Attribute attribute) {
        return attribute.system() && "location".equals(attribute.name());
    }

    /** The stored values of one attribute on these tokens (no entry: no row, the default applies). */
    private static Map<Long, JsonNode> storedValues(Connection connection, long[] tokenIds, long attributeId) throws SQLException {
        Map<Long, JsonNode> stored = new HashMap<>();
        if (tokenIds.length > 0) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT token_id, value::text FROM core.token_value WHERE attribute_id = ? AND token_id = ANY (?::bigint[])")) {
                select.setLong(1, attributeId);
                select.setArray(2, TokenIdArrays.sqlArray(connection, tokenIds));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        stored.put(row.getLong(1), StoredValues.parse(row.getString(2)));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * The selected tokens whose effective {@code location} (stored, else the default) differs from the new
     * value, grouped by that previous value (in token id order), for the location triggers.
     */
    private static Map<JsonNode, List<Long>> locationsBefore(Connection connection, long[] tokenIds, Attribute location,
                                                             JsonNode value) throws SQLException {
        Map<Long, JsonNode> stored = storedValues(connection, tokenIds, location.id());
        Map<JsonNode, List<Long>> byBefore = new java.util.LinkedHashMap<>();
        for (long id : Arrays.stream(tokenIds).sorted().toArray()) {
            JsonNode before = stored.getOrDefault(id, location.defaultValue());
            if (!java.util.Objects.equals(before, value)) {
                byBefore.computeIfAbsent(before, b -> new ArrayList<>()).add(id);
            }
        }
        return byBefore;
    }

    /** A new owner for every selected token of A; the caller must own each (or be a full admin). */
    private SetOperationResult changeOwner(Connection connection, CoreCaller caller, SetOperation op) throws SQLException {
        long a = op.sourceSet();
        long newOwner = op.newOwner();
        users.ensure(connection, newOwner);
        lockUsable(connection, caller, List.of(a));
        long[] selected = selection.select(connection, caller, new long[] {a}, typeGroup(connection, op));
        for (TokenRow token : lockTokens(connection, selected)) {
            if (!caller.fullAdmin() && token.ownerId() != caller.userId()) {
                throw ApiException.forbidden("core.not_token_owner", "Token " + token.id() + " is not yours, so you may not give it away.");
            }
        }
        long[] changed;
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE core.token SET owner_id = ?, updated_at = now()
                WHERE id = ANY (?::bigint[]) AND owner_id <> ? RETURNING id""")) {
            update.setLong(1, newOwner);
            update.setArray(2, TokenIdArrays.sqlArray(connection, selected));
            update.setLong(3, newOwner);
            changed = TokenIdArrays.collect(update);
        }
        fire(connection, TokenLifecycle.OWNER_CHANGE, caller, changed, a, op);
        return new SetOperationResult(op.kind().wireName(), a, null, null, null, selected.length, 0, 0, 0, 0, changed.length);
    }

    /** Adds the tokens that are not yet in D, after the admission rules; fires TOKEN_SET_ADDITION. */
    private long[] admit(Connection connection, CoreCaller caller, TokenSet destination, long[] tokenIds, SetOperation op) throws SQLException {
        long[] entering = membership.notMembers(connection, destination.id(), tokenIds);
        admission.check(connection, caller, destination, entering);
        long[] added = membership.addAll(connection, destination.id(), entering);
        fire(connection, TokenLifecycle.TOKEN_SET_ADDITION, caller, added, destination.id(), op);
        return added;
    }

    private Map<Long, TokenSet> lockUsable(Connection connection, CoreCaller caller, List<Long> setIds) throws SQLException {
        return sets.lockUsable(connection, caller, new LinkedHashSet<>(setIds), List.of());
    }

    private TypeGroup typeGroup(Connection connection, SetOperation op) throws SQLException {
        return op.typeGroup() == null ? null : typeGroups.require(connection, op.typeGroup());
    }

    /** An attribute by id, or by name among the caller's own attributes first, then the system's. */
    private Attribute attribute(Connection connection, CoreCaller caller, JsonNode reference) throws SQLException {
        if (reference.isIntegralNumber()) {
            return catalog.require(connection, reference.asLong());
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM core.attribute WHERE name = ? AND (owner_id = ? OR owner_id IS NULL)
                ORDER BY owner_id NULLS LAST LIMIT 1""")) {
            select.setString(1, reference.asText());
            select.setLong(2, caller.userId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return catalog.require(connection, row.getLong(1));
                }
            }
        }
        throw ApiException.notFound("core.attribute_not_found", "No attribute named '" + reference.asText() + "'.");
    }

    private boolean hasAttribute(Connection connection, long typeId, long attributeId) {
        try {
            return tokenTypes.effectiveAttributes(connection, typeId).stream().anyMatch(a -> a.id() == attributeId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Locks the tokens ({@code FOR NO KEY UPDATE}, ascending id) and reads their type and owner. */
    private static List<TokenRow> lockTokens(Connection connection, long[] tokenIds) throws SQLException {
        List<TokenRow> rows = new ArrayList<>(tokenIds.length);
        if (tokenIds.length == 0) {
            return rows;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, type_id, owner_id FROM core.token WHERE id = ANY (?::bigint[]) ORDER BY id FOR NO KEY UPDATE")) {
            select.setArray(1, TokenIdArrays.sqlArray(connection, tokenIds));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new TokenRow(row.getLong(1), row.getLong(2), row.getLong(3)));
                }
            }
        }
        return rows;
    }

    private void fire(Connection connection, TokenLifecycle lifecycle, CoreCaller caller, long[] tokenIds, long setId,
                      SetOperation op) throws SQLException {
        if (tokenIds.length == 0) {
            return;
        }
        hooks.fire(connection, new LifecycleEvent(lifecycle, caller, Arrays.stream(tokenIds).boxed().toList(), setId,
                op.kind().wireName()));
    }

    private record TokenRow(long id, long typeId, long ownerId) {
    }
}
