package org.applecore.platform.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.attribute.JsonRequest;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.script.ScriptSandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Action definitions ({@code /core/actions}) and their application to token types. An action is visible to
 * its owner and full admins (404 for others); actions without owner are made by full admins. Applying an
 * action to a token type pins the script it has then: later script changes reach the type only when the
 * action is applied again. Every method runs in the caller's transaction.
 */
@Singleton
public class ActionService {

    static final int MAX_NAME = 100;
    static final int MAX_STATE_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("name", "version", "owner", "target_attribute_id", "target_from_state",
            "lifecycles", "triggers", "recipient", "charge", "per_token", "run_when_in_area", "run_when_out_area", "script");
    static final List<String> TRIGGERS = List.of("location_entering", "location_leaving", "cron");
    private static final Set<String> RECIPIENT = Set.of("attribute_id", "token_id");
    private static final Set<String> CHARGE = Set.of("type_group_id", "source_set_id", "destination_set_id");
    private static final Set<String> SCRIPT = Set.of("source", "action_type", "param_attributes", "local_state_init",
            "global_state_init");
    static final String COLUMNS = "id, guid, owner_id, name, version, target_attribute_id, target_from_state::text AS "
            + "target_from_state, lifecycles, triggers, recipient_attribute_id, recipient_token_id, charge_type_group_id, "
            + "charge_source_set_id, charge_destination_set_id, per_token, run_when_in_area, run_when_out_area, action_type, "
            + "script_md5, param_attributes, local_state_init::text AS local_state_init";

    private final AttributeCatalog attributes;
    private final TokenTypes tokenTypes;
    private final PluginActionTypes pluginTypes;
    private final ScriptSandbox sandbox;

    public ActionService(AttributeCatalog attributes, TokenTypes tokenTypes, PluginActionTypes pluginTypes,
                         ScriptSandbox sandbox) {
        this.attributes = attributes;
        this.tokenTypes = tokenTypes;
        this.pluginTypes = pluginTypes;
        this.sandbox = sandbox;
    }

    /** A definition with its current script and global state, as shown to its owner. */
    public record View(ActionDefinition definition, String source, JsonNode globalState) {
    }

    /** An application of an action to a token type. */
    public record Instance(long id, long actionId, long tokenTypeId, String scriptMd5, JsonNode localState) {
    }

    public View create(Connection connection, CoreCaller caller, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, TOP, "An action");
        Draft draft = Draft.EMPTY.merge(body);
        Long ownerId = owner(caller, body);
        check(connection, caller, draft, ownerId);
        long id;
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.action (owner_id, name, version, "
                + "target_attribute_id, target_from_state, lifecycles, triggers, recipient_attribute_id, recipient_token_id, "
                + "charge_type_group_id, charge_source_set_id, charge_destination_set_id, per_token, run_when_in_area, "
                + "run_when_out_area, action_type, script_md5, param_attributes, local_state_init) "
                + "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (name) DO NOTHING RETURNING id")) {
            setNullableLong(statement, 1, ownerId);
            bind(connection, statement, 2, draft);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw nameTaken(draft.name);
                }
                id = row.getLong(1);
            }
        }
        saveScript(connection, id, draft);
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO core.action_global_state (action_id, state) VALUES (?, ?::jsonb)")) {
            statement.setLong(1, id);
            statement.setString(2, draft.globalStateInit.toString());
            statement.executeUpdate();
        }
        return view(connection, require(connection, caller, id, false));
    }

    public View get(Connection connection, CoreCaller caller, long id) throws SQLException {
        return view(connection, require(connection, caller, id, false));
    }

    public IdCursor.Page<ActionDefinition> list(Connection connection, CoreCaller caller, int limit, long afterId)
            throws SQLException {
        List<ActionDefinition> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM core.action "
                + "WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, caller.userId());
            statement.setLong(2, afterId);
            statement.setInt(3, limit + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(read(row));
                }
            }
        }
        return IdCursor.page(rows, limit, ActionDefinition::id);
    }

    /** A JSON merge patch; {@code script.global_state_init} resets the global state. */
    public View update(Connection connection, CoreCaller caller, long id, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, TOP, "An action");
        if (body.has("owner")) {
            throw JsonRequest.invalid("owner is chosen when the action is made and does not change.");
        }
        ActionDefinition existing = require(connection, caller, id, true);
        Draft draft = Draft.of(existing, source(connection, id, existing.scriptMd5())).merge(body);
        check(connection, caller, draft, existing.ownerId());
        try (PreparedStatement statement = connection.prepareStatement("UPDATE core.action SET name = ?, version = ?, "
                + "target_attribute_id = ?, target_from_state = ?::jsonb, lifecycles = ?, triggers = ?, recipient_attribute_id = ?, "
                + "recipient_token_id = ?, charge_type_group_id = ?, charge_source_set_id = ?, charge_destination_set_id = ?, "
                + "per_token = ?, run_when_in_area = ?, run_when_out_area = ?, action_type = ?, script_md5 = ?, "
                + "param_attributes = ?, local_state_init = ?::jsonb, updated_at = now() WHERE id = ?")) {
            int next = bind(connection, statement, 1, draft);
            statement.setLong(next, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw nameTaken(draft.name);
            }
            throw e;
        }
        saveScript(connection, id, draft);
        JsonNode script = body.path("script");
        if (script.has("global_state_init")) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE core.action_global_state SET state = ?::jsonb WHERE action_id = ?")) {
                statement.setString(1, draft.globalStateInit.toString());
                statement.setLong(2, id);
                statement.executeUpdate();
            }
        }
        return view(connection, require(connection, caller, id, false));
    }

    public void delete(Connection connection, CoreCaller caller, long id) throws SQLException {
        require(connection, caller, id, true);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM core.action WHERE id = ?")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }

    /**
     * Applies the action to a token type (its tokens and its descendants' tokens), pinning the current script.
     * Applying again pins the script the action has now and keeps the local state.
     */
    public Instance apply(Connection connection, CoreCaller caller, long actionId, long typeId) throws SQLException {
        ActionDefinition action = require(connection, caller, actionId, false);
        TokenTypes.TokenTypeRef type = tokenTypes.require(connection, typeId);
        if (!caller.fullAdmin() && (type.ownerId() == null || type.ownerId() != caller.userId())) {
            throw ApiException.forbidden("core.not_owner", "Only the owner of token type " + typeId
                    + " may apply actions to it.");
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.action_instance (action_id, "
                + "token_type_id, script_md5, local_state) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (action_id, token_type_id) "
                + "DO UPDATE SET script_md5 = EXCLUDED.script_md5, applied_at = now() RETURNING id, local_state::text")) {
            statement.setLong(1, actionId);
            statement.setLong(2, typeId);
            statement.setString(3, action.scriptMd5());
            statement.setString(4, action.localStateInit().toString());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Instance(row.getLong(1), actionId, typeId, action.scriptMd5(), json(row.getString(2)));
            }
        }
    }

    public List<Instance> instances(Connection connection, CoreCaller caller, long actionId) throws SQLException {
        require(connection, caller, actionId, false);
        List<Instance> instances = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, token_type_id, script_md5, "
                + "local_state::text FROM core.action_instance WHERE action_id = ? ORDER BY token_type_id")) {
            statement.setLong(1, actionId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    instances.add(new Instance(row.getLong(1), actionId, row.getLong(2), row.getString(3),
                            json(row.getString(4))));
                }
            }
        }
        return instances;
    }

    public void unapply(Connection connection, CoreCaller caller, long actionId, long typeId) throws SQLException {
        require(connection, caller, actionId, false);
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM core.action_instance WHERE action_id = ? AND token_type_id = ?")) {
            statement.setLong(1, actionId);
            statement.setLong(2, typeId);
            if (statement.executeUpdate() == 0) {
                throw ApiException.notFound("core.action_instance_not_found", "Action " + actionId
                        + " is not applied to token type " + typeId + ".");
            }
        }
    }

    // ---- internals

    private ActionDefinition require(Connection connection, CoreCaller caller, long id, boolean lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM core.action WHERE id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    ActionDefinition action = read(row);
                    if (caller.fullAdmin() || (action.ownerId() != null && action.ownerId() == caller.userId())) {
                        return action;
                    }
                }
            }
        }
        throw ApiException.notFound("core.action_not_found", "Action " + id + " does not exist.");
    }

    private View view(Connection connection, ActionDefinition action) throws SQLException {
        JsonNode global;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT state::text FROM core.action_global_state WHERE action_id = ?")) {
            statement.setLong(1, action.id());
            try (ResultSet row = statement.executeQuery()) {
                global = row.next() ? json(row.getString(1)) : JsonNodeFactory.instance.objectNode();
            }
        }
        return new View(action, action.actionType() == null ? source(connection, action.id(), action.scriptMd5()) : null, global);
    }

    static String source(Connection connection, long actionId, String md5) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT source FROM core.action_script WHERE action_id = ? AND md5 = ?")) {
            statement.setLong(1, actionId);
            statement.setString(2, md5);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static void saveScript(Connection connection, long id, Draft draft) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.action_script (action_id, md5, "
                + "source, action_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setLong(1, id);
            statement.setString(2, draft.md5());
            statement.setString(3, draft.source);
            statement.setString(4, draft.actionType);
            statement.executeUpdate();
        }
    }

    /** The script an action had under an md5: its JavaScript source or its plugin action type. */
    record PinnedScript(String source, String actionType) {
    }

    static PinnedScript pinned(Connection connection, long actionId, String md5) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT source, action_type FROM core.action_script WHERE action_id = ? AND md5 = ?")) {
            statement.setLong(1, actionId);
            statement.setString(2, md5);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("action " + actionId + " has no script " + md5);
                }
                return new PinnedScript(row.getString(1), row.getString(2));
            }
        }
    }

    private static Long owner(CoreCaller caller, JsonNode body) {
        JsonNode owner = body.get("owner");
        if (owner == null || (owner.isTextual() && owner.textValue().equals("me"))) {
            return caller.userId();
        }
        if (owner.isNull() || (owner.isTextual() && owner.textValue().equals("none"))) {
            if (!caller.fullAdmin()) {
                throw ApiException.forbidden("core.not_full_admin", "Only full admins make actions without an owner.");
            }
            return null;
        }
        throw JsonRequest.invalid("owner must be \"me\" (the default) or \"none\".");
    }

    /** The references a draft makes, and the user of the action may make them. */
    private void check(Connection connection, CoreCaller caller, Draft draft, Long ownerId) throws SQLException {
        requireAttribute(connection, draft.targetAttributeId(), "target_attribute_id");
        if (draft.recipientAttributeId != null) {
            requireAttribute(connection, draft.recipientAttributeId, "recipient.attribute_id");
        }
        if (draft.recipientTokenId != null && draft.recipientAttributeId == null) {
            throw JsonRequest.invalid("recipient.token_id needs recipient.attribute_id: the attribute the action writes.");
        }
        for (Long param : draft.paramAttributes) {
            requireAttribute(connection, param, "script.param_attributes");
        }
        if (draft.recipientTokenId != null) {
            Long tokenOwner = ownerOf(connection, "core.token", draft.recipientTokenId);
            if (tokenOwner == null) {
                throw ApiException.badRequest("core.unknown_token", "recipient.token_id: token " + draft.recipientTokenId
                        + " does not exist.");
            }
            if (!caller.fullAdmin() && !tokenOwner.equals(ownerId)) {
                throw ApiException.forbidden("core.recipient_not_writable", "recipient.token_id: token "
                        + draft.recipientTokenId + " is not writable by the action's user.");
            }
        }
        if (draft.charge != null) {
            if (ownerOf(connection, "core.type_group", draft.charge.typeGroupId()) == null && !exists(connection,
                    "core.type_group", draft.charge.typeGroupId())) {
                throw ApiException.badRequest("core.unknown_type_group", "charge.type_group_id: type group "
                        + draft.charge.typeGroupId() + " does not exist.");
            }
            if (draft.charge.sourceSetId() != null) {
                Long setOwner = ownerOf(connection, "core.token_set", draft.charge.sourceSetId());
                if (setOwner == null) {
                    throw ApiException.badRequest("core.unknown_token_set", "charge.source_set_id: token set "
                            + draft.charge.sourceSetId() + " does not exist.");
                }
                if (!caller.fullAdmin() && !setOwner.equals(ownerId)) {
                    throw ApiException.forbidden("core.charge_source_not_owned", "charge.source_set_id: only the owner "
                            + "of token set " + draft.charge.sourceSetId() + " may charge it.");
                }
            }
            if (ownerOf(connection, "core.token_set", draft.charge.destinationSetId()) == null) {
                throw ApiException.badRequest("core.unknown_token_set", "charge.destination_set_id: token set "
                        + draft.charge.destinationSetId() + " does not exist.");
            }
        }
        if (draft.actionType != null) {
            if (!PluginActionTypes.wellFormed(draft.actionType)) {
                throw JsonRequest.invalid("script.action_type must name a plugin action type as plugin-id:name.");
            }
            if (pluginTypes.find(draft.actionType).isEmpty()) {
                throw new ApiException(422, "core.action_type_unavailable", "script.action_type: no running plugin offers "
                        + "the action type '" + draft.actionType + "'.");
            }
        } else if (draft.source.length() > sandbox.limits().maxSourceChars()) {
            throw JsonRequest.invalid("script.source is longer than " + sandbox.limits().maxSourceChars() + " characters.");
        }
    }

    private void requireAttribute(Connection connection, long id, String field) throws SQLException {
        if (attributes.find(connection, id).isEmpty()) {
            throw ApiException.badRequest("core.unknown_attribute", field + ": attribute " + id + " does not exist.");
        }
    }

    private static Long ownerOf(Connection connection, String table, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT owner_id FROM " + table + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Long.valueOf(row.getLong(1)) : null;
            }
        }
    }

    private static boolean exists(Connection connection, String table, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int bind(Connection connection, PreparedStatement statement, int index, Draft d) throws SQLException {
        statement.setString(index++, d.name);
        statement.setString(index++, d.version);
        statement.setLong(index++, d.targetAttributeId());
        statement.setString(index++, d.targetFromState == null ? null : d.targetFromState.toJson().toString());
        statement.setArray(index++, connection.createArrayOf("text", d.lifecycles.stream()
                .map(l -> l.name().toLowerCase(Locale.ROOT)).toArray()));
        statement.setArray(index++, connection.createArrayOf("text", d.triggers.toArray()));
        setNullableLong(statement, index++, d.recipientAttributeId);
        setNullableLong(statement, index++, d.recipientTokenId);
        setNullableLong(statement, index++, d.charge == null ? null : d.charge.typeGroupId());
        setNullableLong(statement, index++, d.charge == null ? null : d.charge.sourceSetId());
        setNullableLong(statement, index++, d.charge == null ? null : d.charge.destinationSetId());
        statement.setBoolean(index++, d.perToken);
        statement.setBoolean(index++, d.runWhenInArea);
        statement.setBoolean(index++, d.runWhenOutArea);
        statement.setString(index++, d.actionType);
        statement.setString(index++, d.md5());
        statement.setArray(index++, connection.createArrayOf("bigint", d.paramAttributes.toArray()));
        statement.setString(index++, d.localStateInit.toString());
        return index;
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static ActionDefinition read(ResultSet row) throws SQLException {
        List<TokenLifecycle> lifecycles = new ArrayList<>();
        for (Object name : (Object[]) row.getArray("lifecycles").getArray()) {
            lifecycles.add(TokenLifecycle.valueOf(((String) name).toUpperCase(Locale.ROOT)));
        }
        List<String> triggers = new ArrayList<>();
        for (Object name : (Object[]) row.getArray("triggers").getArray()) {
            triggers.add((String) name);
        }
        long typeGroup = row.getLong("charge_type_group_id");
        ActionDefinition.Charge charge = row.wasNull() ? null : new ActionDefinition.Charge(typeGroup,
                nullableLong(row, "charge_source_set_id"), row.getLong("charge_destination_set_id"));
        String fromState = row.getString("target_from_state");
        return new ActionDefinition(row.getLong("id"), row.getObject("guid", UUID.class), nullableLong(row, "owner_id"),
                row.getString("name"), row.getString("version"), row.getLong("target_attribute_id"),
                fromState == null ? null : TargetFromState.of(json(fromState)), lifecycles, triggers,
                nullableLong(row, "recipient_attribute_id"), nullableLong(row, "recipient_token_id"), charge,
                row.getBoolean("per_token"), row.getBoolean("run_when_in_area"), row.getBoolean("run_when_out_area"),
                row.getString("action_type"), row.getString("script_md5"), longs(row.getArray("param_attributes")),
                json(row.getString("local_state_init")));
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static List<Long> longs(Array array) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            ids.add(((Number) value).longValue());
        }
        return ids;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("core.action_name_taken", "An action named '" + name + "' exists already.");
    }

    /** What a body sets, merged over a starting point (RFC 7396 merge patch, as attributes do). */
    private record Draft(String name, String version, Long targetAttributeIdOrNull, TargetFromState targetFromState,
                         List<TokenLifecycle> lifecycles, List<String> triggers, Long recipientAttributeId,
                         Long recipientTokenId,
                         ActionDefinition.Charge charge, boolean perToken, boolean runWhenInArea, boolean runWhenOutArea,
                         String source, String actionType, List<Long> paramAttributes, JsonNode localStateInit,
                         JsonNode globalStateInit) {

        static final Draft EMPTY = new Draft(null, null, null, null, List.of(), List.of(), null, null, null, true, true, false, null,
                null, List.of(), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode());

        static Draft of(ActionDefinition a, String source) {
            return new Draft(a.name(), a.version(), a.targetAttributeId(), a.targetFromState(), a.lifecycles(), a.triggers(),
                    a.recipientAttributeId(), a.recipientTokenId(), a.charge(), a.perToken(), a.runWhenInArea(),
                    a.runWhenOutArea(), source, a.actionType(), a.paramAttributes(), a.localStateInit(),
                    JsonNodeFactory.instance.objectNode());
        }

        long targetAttributeId() {
            return targetAttributeIdOrNull;
        }

        String md5() {
            return actionType != null ? ActionService.md5("plugin:" + actionType) : ActionService.md5(source);
        }

        Draft merge(JsonNode body) {
            String newName = body.has("name") ? JsonRequest.name(body, "name", MAX_NAME) : name;
            String newVersion = version;
            if (body.has("version")) {
                JsonNode node = body.get("version");
                if (!node.isNull() && (!node.isTextual() || node.textValue().length() > MAX_NAME)) {
                    throw JsonRequest.invalid("version must be a string of at most " + MAX_NAME + " characters, or null.");
                }
                newVersion = node.isNull() ? null : node.textValue();
            }
            Long target = body.has("target_attribute_id") ? JsonRequest.nullableId(body, "target_attribute_id")
                    : targetAttributeIdOrNull;
            TargetFromState fromState = body.has("target_from_state") ? TargetFromState.of(body.get("target_from_state"))
                    : targetFromState;
            List<TokenLifecycle> newLifecycles = body.has("lifecycles") ? lifecycles(body.get("lifecycles")) : lifecycles;
            List<String> newTriggers = body.has("triggers") ? triggers(body.get("triggers")) : triggers;
            Long recipientAttribute = recipientAttributeId;
            Long recipientToken = recipientTokenId;
            if (body.has("recipient")) {
                JsonNode recipient = body.get("recipient");
                if (recipient.isNull()) {
                    recipientAttribute = null;
                    recipientToken = null;
                } else {
                    JsonRequest.object(recipient, "recipient");
                    JsonRequest.allowOnly(recipient, RECIPIENT, "recipient");
                    recipientAttribute = recipient.has("attribute_id") ? JsonRequest.nullableId(recipient, "attribute_id")
                            : recipientAttribute;
                    recipientToken = recipient.has("token_id") ? JsonRequest.nullableId(recipient, "token_id") : recipientToken;
                }
            }
            ActionDefinition.Charge newCharge = charge;
            if (body.has("charge")) {
                JsonNode node = body.get("charge");
                if (node.isNull()) {
                    newCharge = null;
                } else {
                    JsonRequest.object(node, "charge");
                    JsonRequest.allowOnly(node, CHARGE, "charge");
                    Long group = JsonRequest.nullableId(node, "type_group_id");
                    Long destination = JsonRequest.nullableId(node, "destination_set_id");
                    if (group == null || destination == null) {
                        throw JsonRequest.invalid("charge needs type_group_id and destination_set_id; source_set_id is "
                                + "optional (default: the set of the lifecycle event).");
                    }
                    newCharge = new ActionDefinition.Charge(group, JsonRequest.nullableId(node, "source_set_id"), destination);
                }
            }
            boolean newPerToken = body.has("per_token") ? bool(body, "per_token") : perToken;
            boolean inArea = body.has("run_when_in_area") ? bool(body, "run_when_in_area") : runWhenInArea;
            boolean outArea = body.has("run_when_out_area") ? bool(body, "run_when_out_area") : runWhenOutArea;
            String newSource = source;
            String newType = actionType;
            List<Long> params = paramAttributes;
            JsonNode localInit = localStateInit;
            JsonNode globalInit = globalStateInit;
            if (body.has("script")) {
                JsonNode script = JsonRequest.object(body.get("script"), "script");
                JsonRequest.allowOnly(script, SCRIPT, "script");
                if (script.has("source")) {
                    JsonNode node = script.get("source");
                    if (!node.isNull() && (!node.isTextual() || node.textValue().isBlank())) {
                        throw JsonRequest.invalid("script.source must be JavaScript text or null.");
                    }
                    newSource = node.isNull() ? null : node.textValue();
                    if (newSource != null && !script.has("action_type")) {
                        newType = null;
                    }
                }
                if (script.has("action_type")) {
                    JsonNode node = script.get("action_type");
                    if (!node.isNull() && !node.isTextual()) {
                        throw JsonRequest.invalid("script.action_type must be a string (plugin-id:name) or null.");
                    }
                    newType = node.isNull() ? null : node.textValue();
                    if (newType != null && !script.has("source")) {
                        newSource = null;
                    }
                }
                params = script.has("param_attributes") ? JsonRequest.ids(script, "param_attributes") : params;
                localInit = script.has("local_state_init") ? state(script.get("local_state_init"), "local_state_init") : localInit;
                globalInit = script.has("global_state_init") ? state(script.get("global_state_init"), "global_state_init")
                        : globalInit;
            }
            if (newName == null) {
                throw JsonRequest.invalid("name is required and must be a string.");
            }
            if (target == null) {
                throw JsonRequest.invalid("target_attribute_id is required: the attribute the action is about.");
            }
            if ((newSource == null) == (newType == null)) {
                throw JsonRequest.invalid("script needs exactly one of source (JavaScript) and action_type (a plugin's).");
            }
            if (!inArea && !outArea) {
                throw JsonRequest.invalid("run_when_in_area and run_when_out_area are both false: the action would never run.");
            }
            return new Draft(newName, newVersion, target, fromState, newLifecycles, newTriggers, recipientAttribute, recipientToken,
                    newCharge, newPerToken, inArea, outArea, newSource, newType, params, localInit, globalInit);
        }

        private static boolean bool(JsonNode body, String field) {
            if (!body.get(field).isBoolean()) {
                throw JsonRequest.invalid(field + " must be true or false.");
            }
            return body.get(field).booleanValue();
        }

        private static JsonNode state(JsonNode node, String field) {
            if (node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (node.toString().length() > MAX_STATE_CHARS) {
                throw JsonRequest.invalid("script." + field + " is larger than " + MAX_STATE_CHARS + " characters of JSON.");
            }
            return node;
        }

        private static List<String> triggers(JsonNode node) {
            if (node.isNull()) {
                return List.of();
            }
            List<String> list = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode item : node) {
                    if (!item.isTextual() || !TRIGGERS.contains(item.textValue())) {
                        list = null;
                        break;
                    }
                    if (!list.contains(item.textValue())) {
                        list.add(item.textValue());
                    }
                }
            }
            if (list == null || !node.isArray()) {
                throw JsonRequest.invalid("triggers must be an array of: location_entering, location_leaving, cron.");
            }
            return list;
        }

        private static List<TokenLifecycle> lifecycles(JsonNode node) {
            if (node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw JsonRequest.invalid("lifecycles must be an array of: creation, owner_change, token_set_addition, "
                        + "token_set_removal, mass_attribute_change.");
            }
            List<TokenLifecycle> list = new ArrayList<>();
            for (JsonNode item : node) {
                TokenLifecycle lifecycle = null;
                for (TokenLifecycle candidate : TokenLifecycle.values()) {
                    if (item.isTextual() && candidate.name().toLowerCase(Locale.ROOT).equals(item.textValue())) {
                        lifecycle = candidate;
                    }
                }
                if (lifecycle == null) {
                    throw JsonRequest.invalid("lifecycles: '" + item.asText() + "' is not one of creation, owner_change, "
                            + "token_set_addition, token_set_removal, mass_attribute_change.");
                }
                if (!list.contains(lifecycle)) {
                    list.add(lifecycle);
                }
            }
            return list;
        }
    }
}
