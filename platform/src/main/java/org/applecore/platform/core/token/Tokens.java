package org.applecore.platform.core.token;

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
import org.applecore.platform.core.tokenset.SetAdmission;
import org.applecore.platform.core.tokenset.SetMembership;
import org.applecore.platform.core.tokenset.TokenSet;
import org.applecore.platform.core.tokenset.TokenSets;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.core.user.CoreUsers;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tokens: created into a first set, read with the values the caller may read, values changed one write
 * check at a time. Every method runs in the caller's transaction; a refusal throws before anything is
 * written or makes the caller's transaction roll back.
 */
@Singleton
public class Tokens {

    /** How many of a token's sets a read lists. */
    public static final int SETS_SHOWN = 100;

    private final AttributeCatalog catalog;
    private final AttributeValues attributeValues;
    private final AttributePermissions permissions;
    private final TokenTypes tokenTypes;
    private final CoreUsers users;
    private final TokenSets sets;
    private final SetMembership membership;
    private final SetAdmission admission;
    private final LifecycleHooks hooks;
    private final AttributeBounds attributeBounds;

    public Tokens(AttributeCatalog catalog, AttributeValues attributeValues, AttributePermissions permissions,
                  TokenTypes tokenTypes, CoreUsers users, TokenSets sets, SetMembership membership,
                  SetAdmission admission, LifecycleHooks hooks, AttributeBounds attributeBounds) {
        this.catalog = catalog;
        this.attributeValues = attributeValues;
        this.permissions = permissions;
        this.tokenTypes = tokenTypes;
        this.users = users;
        this.sets = sets;
        this.membership = membership;
        this.admission = admission;
        this.hooks = hooks;
        this.attributeBounds = attributeBounds;
    }

    /**
     * Creates a token of a type in a first set. Order: the set is locked and must be the caller's (or the
     * caller a full admin); the caller must be allowed to use every attribute of the type; the values must
     * be attributes of the type, valid, and writable by the caller; the token must pass the set's admission
     * rules; then the CREATION and TOKEN_SET_ADDITION hooks run; last, the effective {@code created} value
     * must be truthy, else nothing is saved.
     *
     * @param ownerId the owner, or null for the caller; another user only for full admins
     */
    public TokenView create(Connection connection, CoreCaller caller, long typeId, long setId, Long ownerId,
                            Map<Long, JsonNode> values) throws SQLException {
        long owner = ownerId == null ? caller.userId() : ownerId;
        if (owner != caller.userId()) {
            if (!caller.fullAdmin()) {
                throw ApiException.forbidden("core.owner_not_allowed", "Only full admins create tokens for another owner.");
            }
            users.ensure(connection, owner);
        }
        TokenTypes.TokenTypeRef type = tokenTypes.require(connection, typeId);
        requireInstantiable(caller, type);
        TokenSet set = sets.lockVisible(connection, caller, Set.of(setId)).get(setId);
        Map<Long, Attribute> attributes = attributesById(tokenTypes.effectiveAttributes(connection, type.id()));
        for (Attribute attribute : attributes.values()) {
            if (!permissions.canUse(caller, attribute)) {
                throw ApiException.forbidden("core.attribute_use_denied", "You may not create tokens with attribute "
                        + attribute.id() + " (" + attribute.name() + "), which token type " + type.id() + " has.");
            }
        }
        Map<Long, JsonNode> checked = validate(attributes, values, type.id());

        long tokenId;
        UUID guid;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id, guid")) {
            insert.setLong(1, type.id());
            insert.setLong(2, owner);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                tokenId = row.getLong(1);
                guid = row.getObject(2, UUID.class);
            }
        }
        requireWritable(connection, caller, new TokenRef(tokenId, owner), attributes, checked.keySet());
        requireInBounds(connection, tokenId, attributes, checked, false);
        StoredValues.write(connection, StoredValues.Holder.TOKEN, tokenId, checked);

        long[] ids = {tokenId};
        admission.check(connection, caller, set, ids);
        membership.addAll(connection, set.id(), ids);
        hooks.fire(connection, new LifecycleEvent(TokenLifecycle.CREATION, caller, List.of(tokenId), set.id(), null));
        hooks.fire(connection, new LifecycleEvent(TokenLifecycle.TOKEN_SET_ADDITION, caller, List.of(tokenId), set.id(), null));
        Attribute location = catalog.system(connection, "location");
        if (checked.containsKey(location.id()) && !java.util.Objects.equals(location.defaultValue(), checked.get(location.id()))) {
            // Created at a location: from the default (where the token "was") to the value given.
            hooks.locationChanged(connection, caller, tokenId, location.defaultValue(), checked.get(location.id()));
        }

        Attribute created = catalog.system(connection, "created");
        JsonNode createdValue = StoredValues.readOne(connection, StoredValues.Holder.TOKEN, tokenId, created.id());
        if (!Truthiness.isTruthy(createdValue == null ? created.defaultValue() : createdValue)) {
            throw new ApiException(422, "core.creation_refused",
                    "The token's created value is not truthy, so the token was not created.");
        }
        return view(connection, caller, tokenId, guid, type.id(), owner, attributes);
    }

    /**
     * Personal token types (kind {@code user} or {@code group}, made for one user or group, so with an owner)
     * are instantiated only by their owner and full admins.
     *
     * @throws ApiException 403 {@code core.token_type_not_usable}
     */
    static void requireInstantiable(CoreCaller caller, TokenTypes.TokenTypeRef type) {
        boolean personal = !type.system() && type.ownerId() != null && ("user".equals(type.kind()) || "group".equals(type.kind()));
        if (personal && !caller.fullAdmin() && type.ownerId() != caller.userId()) {
            throw ApiException.forbidden("core.token_type_not_usable", "Token type " + type.id()
                    + " is the personal token type of another user or group; only its owner makes tokens of it.");
        }
    }

    /** @throws ApiException 404 {@code core.token_not_found} */
    public TokenView read(Connection connection, CoreCaller caller, long tokenId) throws SQLException {
        TokenRow token = require(connection, tokenId, false);
        return view(connection, caller, token.id(), token.guid(), token.typeId(), token.ownerId(),
                attributesById(tokenTypes.effectiveAttributes(connection, token.typeId())));
    }

    /** Sets values on a token: each attribute must be the type's, the value valid and writable; all or nothing. */
    public TokenView writeValues(Connection connection, CoreCaller caller, long tokenId, Map<Long, JsonNode> values) throws SQLException {
        TokenRow token = require(connection, tokenId, true);
        Map<Long, Attribute> attributes = attributesById(tokenTypes.effectiveAttributes(connection, token.typeId()));
        Map<Long, JsonNode> checked = validate(attributes, values, token.typeId());
        requireWritable(connection, caller, new TokenRef(token.id(), token.ownerId()), attributes, checked.keySet());
        requireInBounds(connection, token.id(), attributes, checked, true);
        Attribute location = catalog.system(connection, "location");
        JsonNode locationBefore = null;
        if (checked.containsKey(location.id())) {
            JsonNode stored = StoredValues.readOne(connection, StoredValues.Holder.TOKEN, token.id(), location.id());
            locationBefore = stored == null ? location.defaultValue() : stored;
        }
        StoredValues.write(connection, StoredValues.Holder.TOKEN, token.id(), checked);
        touch(connection, token.id());
        if (locationBefore != null && !locationBefore.equals(checked.get(location.id()))) {
            hooks.locationChanged(connection, caller, token.id(), locationBefore, checked.get(location.id()));
        }
        return view(connection, caller, token.id(), token.guid(), token.typeId(), token.ownerId(), attributes);
    }

    private Map<Long, JsonNode> validate(Map<Long, Attribute> attributes, Map<Long, JsonNode> values, long typeId) {
        Map<Long, JsonNode> checked = new LinkedHashMap<>();
        for (Map.Entry<Long, JsonNode> value : values.entrySet()) {
            Attribute attribute = attributes.get(value.getKey());
            if (attribute == null) {
                throw new ApiException(422, "core.attribute_not_on_type",
                        "Attribute " + value.getKey() + " is not an attribute of token type " + typeId + ".");
            }
            checked.put(attribute.id(), attributeValues.validate(attribute, value.getValue()));
        }
        return checked;
    }

    private void requireWritable(Connection connection, CoreCaller caller, TokenRef token, Map<Long, Attribute> attributes,
                                 Set<Long> attributeIds) throws SQLException {
        for (Long id : attributeIds) {
            Attribute attribute = attributes.get(id);
            if (!permissions.canWrite(connection, caller, token, attribute)) {
                throw ApiException.forbidden("core.attribute_write_denied",
                        "You may not write attribute " + id + " (" + attribute.name() + ") of token " + token.id() + ".");
            }
        }
    }

    /**
     * Refuses values of bounded attributes that would not apply to the token: outside their time bounds now, or
     * outside their map bounds at the token's location (the one written with them, else the stored one, else
     * the default). No query unless a written attribute has bounds.
     *
     * @param stored whether the token may already have a stored location (false while creating it)
     * @throws ApiException 409 {@code core.attribute_out_of_bounds}
     */
    private void requireInBounds(Connection connection, long tokenId, Map<Long, Attribute> attributes,
                                 Map<Long, JsonNode> written, boolean stored) throws SQLException {
        List<Attribute> bounded = new ArrayList<>();
        for (Long id : written.keySet()) {
            if (AttributeBounds.bounded(attributes.get(id))) {
                bounded.add(attributes.get(id));
            }
        }
        if (bounded.isEmpty()) {
            return;
        }
        AttributeBounds.Applicability applicability = attributeBounds.of(connection, bounded);
        BoundsService.Location where = null;
        if (applicability.needsLocation()) {
            Attribute location = catalog.system(connection, "location");
            JsonNode value = written.get(location.id());
            if (value == null && stored) {
                value = StoredValues.readOne(connection, StoredValues.Holder.TOKEN, tokenId, location.id());
            }
            where = BoundsService.Location.of(value == null ? location.defaultValue() : value);
        }
        for (Attribute attribute : bounded) {
            applicability.requireApplies(attribute, tokenId, where);
        }
    }

    /** The values the caller may read, leaving out those of bounded attributes whose bounds do not hold. */
    private TokenView view(Connection connection, CoreCaller caller, long tokenId, UUID guid, long typeId, long ownerId,
                           Map<Long, Attribute> attributes) throws SQLException {
        Map<Long, JsonNode> stored = StoredValues.read(connection, StoredValues.Holder.TOKEN, tokenId);
        TokenRef ref = new TokenRef(tokenId, ownerId);
        AttributeBounds.Applicability applicability = attributeBounds.of(connection, attributes.values());
        BoundsService.Location where = null;
        if (applicability.needsLocation()) {
            Attribute location = catalog.system(connection, "location");
            where = BoundsService.Location.of(stored.containsKey(location.id()) ? stored.get(location.id()) : location.defaultValue());
        }
        List<ValueView> values = new ArrayList<>();
        for (Attribute attribute : attributes.values()) {
            if (applicability.applies(attribute, where) && permissions.canRead(connection, caller, ref, attribute)) {
                JsonNode value = stored.containsKey(attribute.id()) ? stored.get(attribute.id()) : attribute.defaultValue();
                values.add(new ValueView(attribute.id(), attribute.name(), value));
            }
        }
        return new TokenView(tokenId, guid, typeId, ownerId, visibleSets(connection, caller, tokenId), values);
    }

    private static List<Long> visibleSets(Connection connection, CoreCaller caller, long tokenId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.id FROM core.token_set_member m JOIN core.token_set s ON s.id = m.set_id
                WHERE m.token_id = ? AND (? OR s.owner_id = ?) ORDER BY s.id LIMIT ?""")) {
            select.setLong(1, tokenId);
            select.setBoolean(2, caller.fullAdmin());
            select.setLong(3, caller.userId());
            select.setInt(4, SETS_SHOWN);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private static Map<Long, Attribute> attributesById(List<Attribute> attributes) {
        Map<Long, Attribute> byId = new LinkedHashMap<>();
        attributes.stream().sorted(java.util.Comparator.comparingLong(Attribute::id)).forEach(a -> byId.put(a.id(), a));
        return byId;
    }

    private static TokenRow require(Connection connection, long tokenId, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, guid, type_id, owner_id FROM core.token WHERE id = ?"
                + (lock ? " FOR NO KEY UPDATE" : ""))) {
            select.setLong(1, tokenId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("core.token_not_found", "No token " + tokenId + ".");
                }
                return new TokenRow(row.getLong(1), row.getObject(2, UUID.class), row.getLong(3), row.getLong(4));
            }
        }
    }

    private static void touch(Connection connection, long tokenId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE core.token SET updated_at = now() WHERE id = ?")) {
            update.setLong(1, tokenId);
            update.executeUpdate();
        }
    }

    private record TokenRow(long id, UUID guid, long typeId, long ownerId) {
    }
}
