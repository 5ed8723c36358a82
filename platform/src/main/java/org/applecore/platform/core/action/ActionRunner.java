package org.applecore.platform.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeCatalog;
import org.applecore.platform.core.attribute.AttributeValues;
import org.applecore.platform.core.bounds.AttributeBounds;
import org.applecore.platform.core.bounds.BoundsService;
import org.applecore.platform.core.lifecycle.LifecycleEvent;
import org.applecore.platform.core.lifecycle.LifecycleHooks;
import org.applecore.platform.core.lifecycle.TokenLifecycle;
import org.applecore.platform.core.permission.AttributePermissions;
import org.applecore.platform.core.token.Truthiness;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.script.ScriptFailure;
import org.applecore.platform.script.ScriptSandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs the actions listening to a lifecycle event, inside the event's transaction (the core's
 * {@link LifecycleHooks}). For each token the actions applied to its type's lineage run from the farthest
 * ancestor to the type itself (by action id within a type); per-set actions run once with all their tokens.
 * An action runs when its lifecycles include the event, its {@code target_from_state} matches the target
 * attribute's value, the token has its {@code param_attributes}, and the target attribute's bounds say so
 * (time bounds must hold; map bounds by the token's {@code location}: inside runs when
 * {@code run_when_in_area}, outside when {@code run_when_out_area}).
 *
 * <p>The script gets copies (only the values the action's owner may read and whose bounds hold for the token at
 * the run's {@code now}, as token reads show them) and returns changes to the recipient attribute, a
 * {@code target} value that decides the charge, and new local and global states. A change to a bounded recipient
 * attribute whose bounds do not hold for the recipient token is refused as a REST write is (409
 * {@code core.attribute_out_of_bounds}). A change to a token's {@code location} fires the location triggers for
 * it once the runs of the call are done, as a REST move does; such cascades go at most
 * {@code applecore.actions.max-location-cascade} levels deep (422 {@code core.action_cascade_too_deep}).
 *
 * <p>The state rows of every action that may run are locked ({@code FOR UPDATE}, ascending ids) before the
 * first one runs, so concurrent operations serialise on them and never lose an update, and never deadlock on
 * them. Any failure throws, which rolls the whole operation back, states included. After creation, a token whose {@code created} value is not truthy is
 * refused here, naming the action (422 {@code core.creation_refused}, as the token service does).
 */
@Singleton
public class ActionRunner implements LifecycleHooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> OUTPUT_FIELDS = Set.of("changes", "target", "local_state", "global_state");

    /**
     * How many times in a row actions may move tokens whose moves run location triggers whose actions move them
     * again, unless {@code applecore.actions.max-location-cascade} says otherwise. An entering action that moves a
     * token out while a leaving action moves it back in would otherwise never end.
     */
    public static final int DEFAULT_MAX_LOCATION_CASCADE = 10;

    private final TokenTypes tokenTypes;
    private final AttributeCatalog attributes;
    private final AttributeValues values;
    private final BoundsService bounds;
    private final ScriptSandbox sandbox;
    private final PluginActionTypes pluginTypes;
    private final AttributePermissions permissions;
    private final CoreCallers callers;
    private final ActionCharge charges;
    private final AttributeBounds attributeBounds;
    private final Clock clock;
    private int maxSetTokens = 1_000;
    private int maxLocationCascade = DEFAULT_MAX_LOCATION_CASCADE;
    /** Scripts by (action, md5): what an md5 names never changes, so this needs no invalidation. */
    private final java.util.concurrent.ConcurrentHashMap<String, ActionService.PinnedScript> pinnedScripts =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ActionRunner(TokenTypes tokenTypes, AttributeCatalog attributes, AttributeValues values, BoundsService bounds,
                        ScriptSandbox sandbox, PluginActionTypes pluginTypes, AttributePermissions permissions,
                        CoreCallers callers, ActionCharge charges, AttributeBounds attributeBounds) {
        this(tokenTypes, attributes, values, bounds, sandbox, pluginTypes, permissions, callers, charges, attributeBounds,
                Clock.systemUTC());
    }

    /** How many members a per-set action looks at, at most ({@code applecore.actions.max-set-tokens}). */
    @jakarta.inject.Inject
    void maxSetTokens(@io.micronaut.context.annotation.Value("${applecore.actions.max-set-tokens:1000}") int maxSetTokens) {
        this.maxSetTokens = maxSetTokens;
    }

    /** How deep location triggers may cascade through actions' moves ({@code applecore.actions.max-location-cascade}). */
    @jakarta.inject.Inject
    void maxLocationCascade(@io.micronaut.context.annotation.Value("${applecore.actions.max-location-cascade:"
            + DEFAULT_MAX_LOCATION_CASCADE + "}") int maxLocationCascade) {
        this.maxLocationCascade = maxLocationCascade;
    }

    ActionRunner(TokenTypes tokenTypes, AttributeCatalog attributes, AttributeValues values, BoundsService bounds,
                 ScriptSandbox sandbox, PluginActionTypes pluginTypes, AttributePermissions permissions,
                 CoreCallers callers, ActionCharge charges, AttributeBounds attributeBounds, Clock clock) {
        this.charges = charges;
        this.attributeBounds = attributeBounds;
        this.permissions = permissions;
        this.callers = callers;
        this.tokenTypes = tokenTypes;
        this.attributes = attributes;
        this.values = values;
        this.bounds = bounds;
        this.sandbox = sandbox;
        this.pluginTypes = pluginTypes;
        this.clock = clock;
    }

    @Override
    public void fire(Connection connection, LifecycleEvent event) throws SQLException {
        if (event.tokenIds().isEmpty()) {
            return;
        }
        LocationMoves moves = new LocationMoves(0);
        new Run(connection, event, "lifecycle", event.lifecycle().name().toLowerCase(Locale.ROOT), null, null,
                clock.instant(), moves).execute();
        runTriggersOf(connection, event.caller(), moves);
    }

    /**
     * Runs the actions listening to {@code location_entering} for tokens whose new location is inside their
     * target attribute's map bounds and the old one was not, and those listening to {@code location_leaving}
     * the other way round (time bounds must hold too).
     */
    @Override
    public void locationChanged(Connection connection, CoreCaller caller, long tokenId, JsonNode before, JsonNode after)
            throws SQLException {
        locationChanged(connection, caller, List.of(tokenId), before, after);
    }

    /** As for one token, with the tokens in one run per action (a per-set action sees them all at once). */
    @Override
    public void locationChanged(Connection connection, CoreCaller caller, List<Long> tokenIds, JsonNode before,
                                JsonNode after) throws SQLException {
        locationChanged(connection, caller, tokenIds, before, after, 0);
    }

    /**
     * @param depth how many action moves in a row caused this change (0: a REST operation moved the tokens)
     * @throws ApiException 422 {@code core.action_cascade_too_deep} past {@code applecore.actions.max-location-cascade}
     */
    private void locationChanged(Connection connection, CoreCaller caller, List<Long> tokenIds, JsonNode before,
                                 JsonNode after, int depth) throws SQLException {
        if (tokenIds.isEmpty()) {
            return;
        }
        LifecycleEvent event = new LifecycleEvent(null, caller, tokenIds, null, "location_change");
        // Both runs judge this move, even if a leaving action has moved the token on since: that move runs its
        // own triggers afterwards.
        TriggeringMove move = new TriggeringMove(BoundsService.Location.of(before), BoundsService.Location.of(after));
        LocationMoves moves = new LocationMoves(depth);
        new Run(connection, event, "trigger", "location_leaving", null, move, clock.instant(), moves).execute();
        new Run(connection, event, "trigger", "location_entering", null, move, clock.instant(), moves).execute();
        runTriggersOf(connection, caller, moves);
    }

    /** Runs the location triggers of the moves the actions of one call made, one level deeper. */
    private void runTriggersOf(Connection connection, CoreCaller caller, LocationMoves moves) throws SQLException {
        Map<LocationMoves.Move, List<Long>> moved = moves.moved();
        if (moved.isEmpty()) {
            return;
        }
        int depth = moves.depth() + 1;
        if (depth > maxLocationCascade) {
            List<Long> tokens = moved.values().stream().flatMap(List::stream).sorted().toList();
            throw new ApiException(422, "core.action_cascade_too_deep", "Location triggers cascade too deep: actions "
                    + moves.movers() + " moved token(s) " + tokens + " again, which makes " + depth + " moves in a row, "
                    + "each by actions that the location triggers of the move before ran; at most " + maxLocationCascade
                    + " are allowed (applecore.actions.max-location-cascade). Nothing was saved.");
        }
        for (Map.Entry<LocationMoves.Move, List<Long>> group : moved.entrySet()) {
            locationChanged(connection, caller, group.getValue(), group.getKey().before(), group.getKey().after(), depth);
        }
    }

    /**
     * Runs one action listening to {@code cron} for these tokens: the cron sweep's run of a fire time. Bounds
     * are judged, and the script's {@code now} is, at that fire time.
     */
    public void fireCron(Connection connection, LifecycleEvent event, long actionId, Instant fireTime) throws SQLException {
        if (!event.tokenIds().isEmpty()) {
            LocationMoves moves = new LocationMoves(0);
            new Run(connection, event, "trigger", "cron", actionId, null, fireTime, moves).execute();
            runTriggersOf(connection, event.caller(), moves);
        }
    }

    /** The move a location trigger run was fired for: from where, to where (null: no location). */
    private record TriggeringMove(BoundsService.Location from, BoundsService.Location to) {
    }

    private record TokenRow(long id, UUID guid, long typeId, long ownerId) {
    }

    private record InstanceRow(long id, long actionId, long typeId, String scriptMd5) {
    }

    /** One action run: an instance and the tokens it runs with (one for per-token actions). */
    private record Step(InstanceRow instance, ActionDefinition action, List<TokenRow> tokens) {
    }

    /** The state of one fire: what was loaded, and what the runs changed. */
    private final class Run {

        private final Connection connection;
        private final LifecycleEvent event;
        private final String triggerKind;
        private final String trigger;
        private final Instant now;
        private final Map<Long, Map<Long, Attribute>> effective = new HashMap<>();
        private final Map<Long, Map<Long, JsonNode>> stored = new HashMap<>();
        private final Map<Long, BoundsService.Judgement> judgements = new HashMap<>();
        private final Map<Long, JsonNode> globalStates = new TreeMap<>();
        private final Map<Long, JsonNode> localStates = new TreeMap<>();
        private final Map<Long, String> createdBy = new HashMap<>();
        private final Map<Long, CoreCaller> readers = new HashMap<>();
        private final Map<Long, TokenRow> rows = new HashMap<>();
        private List<TokenRow> population;
        private final Set<Long> changedGlobal = new java.util.TreeSet<>();
        private final Set<Long> changedLocal = new java.util.TreeSet<>();
        private final Long onlyActionId;
        private final TriggeringMove move;
        private final LocationMoves moves;
        private final Map<Long, AttributeBounds.Applicability> boundsByType = new HashMap<>();
        private Attribute locationAttribute;

        /**
         * @param move what a location trigger run was fired for, else null
         * @param moves where the location changes made by this run's actions go
         */
        Run(Connection connection, LifecycleEvent event, String triggerKind, String trigger, Long onlyActionId,
            TriggeringMove move, Instant now, LocationMoves moves) {
            this.now = now;
            this.connection = connection;
            this.event = event;
            this.triggerKind = triggerKind;
            this.trigger = trigger;
            this.onlyActionId = onlyActionId;
            this.move = move;
            this.moves = moves;
        }

        void execute() throws SQLException {
            List<TokenRow> tokens = loadTokens();
            Map<Long, List<TokenRow>> byType = new LinkedHashMap<>();
            for (TokenRow token : tokens) {
                byType.computeIfAbsent(token.typeId(), t -> new ArrayList<>()).add(token);
            }
            Map<Long, List<Long>> lineages = new LinkedHashMap<>();
            Set<Long> allTypes = new java.util.HashSet<>();
            for (Long type : byType.keySet()) {
                List<Long> lineage = tokenTypes.lineage(connection, type);
                lineages.put(type, lineage);
                allTypes.addAll(lineage);
            }
            Map<Long, List<InstanceRow>> instancesByType = instances(allTypes);
            if (instancesByType.isEmpty()) {
                return;
            }
            Map<Long, ActionDefinition> actions = definitions(instancesByType);
            lockStates(actions.keySet(), instancesByType);

            List<Step> steps = new ArrayList<>();
            Map<Long, Step> perSet = new HashMap<>();
            for (Map.Entry<Long, List<TokenRow>> group : byType.entrySet()) {
                for (Long type : lineages.get(group.getKey())) {
                    for (InstanceRow instance : instancesByType.getOrDefault(type, List.of())) {
                        ActionDefinition action = actions.get(instance.actionId());
                        if (action.perToken()) {
                            group.getValue().forEach(token -> steps.add(new Step(instance, action, List.of(token))));
                        } else {
                            Step step = perSet.get(instance.id());
                            if (step == null) {
                                step = new Step(instance, action, new ArrayList<>());
                                perSet.put(instance.id(), step);
                                steps.add(step);
                            }
                            step.tokens().addAll(group.getValue());
                        }
                    }
                }
            }
            boolean ran = false;
            for (Step step : steps) {
                List<TokenRow> selected = new ArrayList<>();
                for (TokenRow token : step.tokens()) {
                    if (applies(step.action(), token)) {
                        selected.add(token);
                    }
                }
                if (!selected.isEmpty()) {
                    // A per-set action looks at the whole population of the event's set (seed 003).
                    if (!step.action().perToken() && event.setId() != null) {
                        selected = population(step.action());
                    }
                    runStep(new Step(step.instance(), step.action(), selected));
                    ran = true;
                }
            }
            saveStates();
            if (ran && "lifecycle".equals(triggerKind) && event.lifecycle() == TokenLifecycle.CREATION) {
                checkCreated(tokens);
            }
        }

        private boolean applies(ActionDefinition action, TokenRow token) throws SQLException {
            Map<Long, Attribute> own = attributesOf(token.typeId());
            for (Long param : action.paramAttributes()) {
                if (!own.containsKey(param)) {
                    return false;
                }
            }
            if (action.targetFromState() != null && !action.targetFromState().matches(value(token, action.targetAttributeId()))) {
                return false;
            }
            BoundsService.Judgement judgement = judgements.get(action.targetAttributeId());
            if (judgement == null) {
                judgement = bounds.judgement(connection, action.targetAttributeId());
                judgements.put(action.targetAttributeId(), judgement);
            }
            boolean entering = "location_entering".equals(trigger);
            if (entering || "location_leaving".equals(trigger)) {
                if (!judgement.hasMapBounds() || !judgement.inTime(now)) {
                    return false;
                }
                boolean before = judgement.inArea(bounds.prepared(), move.from());
                boolean after = judgement.inArea(bounds.prepared(), move.to());
                return entering ? !before && after : before && !after;
            }
            if (!judgement.hasBounds()) {
                return action.runWhenInArea();
            }
            if (!judgement.inTime(now)) {
                return false;
            }
            boolean inside = judgement.inArea(bounds.prepared(), location(token));
            return inside ? action.runWhenInArea() : action.runWhenOutArea();
        }

        private void runStep(Step step) throws SQLException {
            ActionDefinition action = step.action();
            ObjectNode input = NODES.objectNode();
            ObjectNode about = input.putObject("action");
            about.put("id", action.id());
            about.put("guid", action.guid().toString());
            about.put("name", action.name());
            about.put("version", action.version());
            input.put("lifecycle", "lifecycle".equals(triggerKind) ? trigger : null);
            if (move != null && move.from() != null) {
                ObjectNode previous = input.putObject("previous_location");
                previous.put("lat", move.from().lat());
                previous.put("lon", move.from().lon());
            }
            input.put("trigger", trigger);
            ArrayNode targets = input.putArray("target_tokens");
            for (TokenRow token : step.tokens()) {
                targets.add(tokenCopy(token, action));
            }
            input.set("params", targets.get(0).get("params").deepCopy());
            input.set("token_set", tokenSet());
            input.set("local_state", localStates.get(step.instance().id()).deepCopy());
            input.set("global_state", globalStates.get(action.id()).deepCopy());
            ObjectNode operation = input.putObject("operation");
            operation.put("name", event.operation());
            operation.put("set_id", event.setId());
            operation.put("caller_id", event.caller().userId());
            ArrayNode eventTokens = operation.putArray("token_ids");
            event.tokenIds().forEach(eventTokens::add);
            input.put("now", now.toString());

            JsonNode output = parse(action, execute(step, input.toString()));
            applyOutput(step, output);
        }

        private String execute(Step step, String input) throws SQLException {
            ActionDefinition action = step.action();
            ActionService.PinnedScript script = pinned(action.id(), step.instance().scriptMd5());
            if (script.source() != null) {
                return sandbox.run(action.name(), script.source(), input);
            }
            PluginActionTypes.Offered type = pluginTypes.find(script.actionType()).orElseThrow(() -> new ApiException(422,
                    "core.action_type_unavailable", "Action '" + action.name() + "' uses the action type '"
                    + script.actionType() + "', which no running plugin offers (is its plugin disabled?)."));
            if (input.length() > sandbox.limits().maxInputChars()) {
                throw new ScriptFailure(action.name(), "its input is " + input.length() + " characters of JSON, more than "
                        + "the limit of " + sandbox.limits().maxInputChars() + ".");
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(type.classLoader());
            String output;
            try {
                output = type.handler().run(input);
            } catch (Exception | LinkageError e) {
                throw new ScriptFailure(action.name(), "the action type '" + type.qualifiedName() + "' threw "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                thread.setContextClassLoader(previous);
            }
            if (output == null) {
                throw new ScriptFailure(action.name(), "the action type '" + type.qualifiedName() + "' returned nothing.");
            }
            if (output.length() > sandbox.limits().maxOutputChars()) {
                throw new ScriptFailure(action.name(), "the action type returned more than "
                        + sandbox.limits().maxOutputChars() + " characters of JSON.");
            }
            return output;
        }

        private ActionService.PinnedScript pinned(long actionId, String md5) throws SQLException {
            String key = actionId + ":" + md5;
            ActionService.PinnedScript script = pinnedScripts.get(key);
            if (script == null) {
                script = ActionService.pinned(connection, actionId, md5);
                if (pinnedScripts.size() > 10_000) {
                    pinnedScripts.clear();
                }
                pinnedScripts.put(key, script);
            }
            return script;
        }

        private JsonNode parse(ActionDefinition action, String output) {
            JsonNode node;
            try {
                node = JSON.readTree(output);
            } catch (JsonProcessingException e) {
                throw new ScriptFailure(action.name(), "it returned something that is not JSON.");
            }
            if (node == null || !node.isObject()) {
                throw new ScriptFailure(action.name(), "it must return an object such as {\"changes\": [], \"local_state\": {}}, "
                        + "not " + describe(node) + ".");
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!OUTPUT_FIELDS.contains(field)) {
                    throw new ScriptFailure(action.name(), "it returned the unknown field '" + field
                            + "'; the fields are changes, target, local_state and global_state.");
                }
            });
            JsonNode changes = node.get("changes");
            if (changes != null && !changes.isNull() && !changes.isArray()) {
                throw new ScriptFailure(action.name(), "changes must be an array of {guid, value, token_id?}.");
            }
            for (String state : List.of("local_state", "global_state")) {
                JsonNode value = node.get(state);
                if (value != null && value.toString().length() > ActionService.MAX_STATE_CHARS) {
                    throw new ScriptFailure(action.name(), "its " + state + " is larger than " + ActionService.MAX_STATE_CHARS
                            + " characters of JSON.");
                }
            }
            return node;
        }

        private void applyOutput(Step step, JsonNode output) throws SQLException {
            ActionDefinition action = step.action();
            JsonNode changes = output.path("changes");
            if (changes.isArray() && !changes.isEmpty()) {
                if (action.recipientAttributeId() == null) {
                    throw new ScriptFailure(action.name(), "it returned changes, but the action has no recipient attribute.");
                }
                Attribute recipient = attributes.require(connection, action.recipientAttributeId());
                for (JsonNode change : changes) {
                    writeChange(step, recipient, change);
                }
            }
            if (output.has("local_state") && !output.get("local_state").equals(localStates.get(step.instance().id()))) {
                localStates.put(step.instance().id(), output.get("local_state"));
                changedLocal.add(step.instance().id());
            }
            if (output.has("global_state") && !output.get("global_state").equals(globalStates.get(action.id()))) {
                globalStates.put(action.id(), output.get("global_state"));
                changedGlobal.add(action.id());
            }
            if (action.charge() != null && Truthiness.isTruthy(output.get("target"))) {
                Long source = action.charge().sourceSetId() != null ? action.charge().sourceSetId() : event.setId();
                if (source == null) {
                    throw new ScriptFailure(action.name(), "its charge takes tokens from the event's set, and this event "
                            + "has none.");
                }
                charges.run(connection, chargeSelector(action), action.name(), action.charge().typeGroupId(), source,
                        action.charge().destinationSetId());
            }
        }

        private void writeChange(Step step, Attribute recipient, JsonNode change) throws SQLException {
            ActionDefinition action = step.action();
            if (!change.isObject() || !change.has("value")) {
                throw new ScriptFailure(action.name(), "each change must be an object {guid, value, token_id?}.");
            }
            boolean named = change.path("guid").asText("").equals(recipient.guid().toString())
                    || change.path("attribute_id").asLong(-1) == recipient.id()
                    || change.path("name").asText("").equals(recipient.name());
            if (!named) {
                throw new ScriptFailure(action.name(), "it may change only its recipient attribute " + recipient.guid()
                        + " ('" + recipient.name() + "').");
            }
            long tokenId;
            if (action.recipientTokenId() != null) {
                tokenId = action.recipientTokenId();
                if (change.hasNonNull("token_id") && change.get("token_id").asLong() != tokenId) {
                    throw new ScriptFailure(action.name(), "it may write only to its recipient token " + tokenId + ".");
                }
            } else if (step.tokens().size() == 1 && !change.hasNonNull("token_id")) {
                tokenId = step.tokens().getFirst().id();
            } else {
                tokenId = change.path("token_id").asLong(-1);
                if (step.tokens().stream().noneMatch(t -> t.id() == tokenId)) {
                    throw new ScriptFailure(action.name(), "a change names token " + change.path("token_id")
                            + ", which is not one of the tokens it runs for.");
                }
            }
            JsonNode value;
            try {
                value = values.validate(recipient, change.get("value"));
            } catch (ApiException e) {
                throw new ScriptFailure(action.name(), "it returned an invalid value: " + e.getMessage());
            }
            TokenRow token = row(tokenId);
            if (token == null || !attributesOf(token.typeId()).containsKey(recipient.id())) {
                throw new ScriptFailure(action.name(), "token " + tokenId + " has no attribute '" + recipient.name() + "'.");
            }
            requireInBounds(action, token, recipient, value);
            boolean moving = isLocation(recipient);
            JsonNode before = moving ? value(token, recipient.id()) : null;
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.token_value (token_id, "
                    + "attribute_id, value) VALUES (?, ?, ?::jsonb) ON CONFLICT (token_id, attribute_id) "
                    + "DO UPDATE SET value = EXCLUDED.value")) {
                statement.setLong(1, tokenId);
                statement.setLong(2, recipient.id());
                statement.setString(3, value.toString());
                statement.executeUpdate();
            }
            stored.get(tokenId).put(recipient.id(), value);
            if ("created".equals(recipient.name()) && recipient.system()) {
                createdBy.put(tokenId, action.name());
            }
            if (moving) {
                moves.record(action.name(), tokenId, before, value);
            }
        }

        /**
         * Refuses a change to a bounded recipient whose bounds do not hold for the token, as a REST write is refused:
         * judged at the run's {@code now} and at the location written when the recipient is {@code location}, else
         * at the token's location as this run left it. No query when the recipient has no bounds.
         *
         * @throws ApiException 409 {@code core.attribute_out_of_bounds}
         */
        private void requireInBounds(ActionDefinition action, TokenRow token, Attribute recipient, JsonNode value)
                throws SQLException {
            if (!AttributeBounds.bounded(recipient)) {
                return;
            }
            BoundsService.Location where = isLocation(recipient) ? BoundsService.Location.of(value) : location(token);
            try {
                boundsOf(token.typeId()).requireApplies(recipient, token.id(), where);
            } catch (ApiException e) {
                throw new ApiException(e.status(), e.code(), "Action '" + action.name() + "' changed a value out of its "
                        + "bounds. " + e.getMessage());
            }
        }

        private static boolean isLocation(Attribute attribute) {
            return attribute.system() && "location".equals(attribute.name());
        }

        private void checkCreated(List<TokenRow> tokens) throws SQLException {
            Attribute created = attributes.system(connection, "created");
            for (TokenRow token : tokens) {
                if (!Truthiness.isTruthy(value(token, created.id()))) {
                    String by = createdBy.get(token.id());
                    throw new ApiException(422, "core.creation_refused", "The token was not created: its created value is "
                            + "not truthy" + (by == null ? "." : " (set by action '" + by + "')."));
                }
            }
        }

        /** The token as the script sees it: only the values the action's user may read (ownerless actions: all). */
        private ObjectNode tokenCopy(TokenRow token, ActionDefinition action) throws SQLException {
            ObjectNode node = NODES.objectNode();
            node.put("id", token.id());
            node.put("guid", token.guid().toString());
            node.put("type_id", token.typeId());
            node.put("owner_id", token.ownerId());
            node.set("target", readable(action, token, action.targetAttributeId()));
            ObjectNode all = node.putObject("values");
            for (Attribute attribute : attributesOf(token.typeId()).values()) {
                if (shown(action, token, attribute)) {
                    all.set(attribute.name(), value(token, attribute.id()).deepCopy());
                }
            }
            ObjectNode params = node.putObject("params");
            for (Long param : action.paramAttributes()) {
                Attribute attribute = attributesOf(token.typeId()).get(param);
                params.set(attribute.name(), readable(action, token, param));
            }
            return node;
        }

        private JsonNode readable(ActionDefinition action, TokenRow token, long attributeId) throws SQLException {
            Attribute attribute = attributesOf(token.typeId()).get(attributeId);
            return attribute != null && shown(action, token, attribute) ? value(token, attributeId).deepCopy()
                    : NullNode.getInstance();
        }

        /**
         * Whether the script sees the token's value of an attribute: as a token read shows it, the action's user
         * may read it and its bounds hold for the token (at the run's {@code now} and the token's location as
         * this run left it).
         */
        private boolean shown(ActionDefinition action, TokenRow token, Attribute attribute) throws SQLException {
            return inBounds(token, attribute) && mayRead(action, token, attribute);
        }

        private boolean inBounds(TokenRow token, Attribute attribute) throws SQLException {
            if (!AttributeBounds.bounded(attribute)) {
                return true;
            }
            AttributeBounds.Applicability applicability = boundsOf(token.typeId());
            return applicability.applies(attribute, applicability.needsLocation() ? location(token) : null);
        }

        /** The bounds of a type's attributes, loaded once per run (no query for a type without bounded attributes). */
        private AttributeBounds.Applicability boundsOf(long typeId) throws SQLException {
            AttributeBounds.Applicability applicability = boundsByType.get(typeId);
            if (applicability == null) {
                applicability = attributeBounds.of(connection, attributesOf(typeId).values(), now);
                boundsByType.put(typeId, applicability);
            }
            return applicability;
        }

        /** Whose reading rights a charge's attribute_filter selects with: the action's owner, else the operation's caller. */
        private CoreCaller chargeSelector(ActionDefinition action) throws SQLException {
            return action.ownerId() == null ? event.caller() : ownerAsReader(action);
        }

        private CoreCaller ownerAsReader(ActionDefinition action) throws SQLException {
            CoreCaller reader = readers.get(action.ownerId());
            if (reader == null) {
                reader = callers.forUser(connection, action.ownerId());
                readers.put(action.ownerId(), reader);
            }
            return reader;
        }

        private boolean mayRead(ActionDefinition action, TokenRow token, Attribute attribute) throws SQLException {
            if (action.ownerId() == null) {
                return true;
            }
            CoreCaller reader = ownerAsReader(action);
            return permissions.canRead(connection, reader, new AttributePermissions.TokenRef(token.id(), token.ownerId()),
                    attribute);
        }

        private JsonNode tokenSet() throws SQLException {
            if (event.setId() == null) {
                return NullNode.getInstance();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, guid, owner_id, name, member_count FROM core.token_set WHERE id = ?")) {
                statement.setLong(1, event.setId());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return NullNode.getInstance();
                    }
                    ObjectNode set = NODES.objectNode();
                    set.put("id", row.getLong("id"));
                    set.put("guid", row.getString("guid"));
                    set.put("owner_id", row.getLong("owner_id"));
                    set.put("name", row.getString("name"));
                    set.put("member_count", row.getLong("member_count"));
                    return set;
                }
            }
        }

        /** The token's value of an attribute: stored, else the attribute's default, else null. */
        private JsonNode value(TokenRow token, long attributeId) throws SQLException {
            JsonNode value = stored.get(token.id()).get(attributeId);
            if (value != null) {
                return value;
            }
            Attribute attribute = attributesOf(token.typeId()).get(attributeId);
            return attribute == null ? NullNode.getInstance() : attribute.defaultValue();
        }

        private BoundsService.Location location(TokenRow token) throws SQLException {
            return BoundsService.Location.of(value(token, locationAttribute().id()));
        }

        private Attribute locationAttribute() throws SQLException {
            if (locationAttribute == null) {
                locationAttribute = attributes.system(connection, "location");
            }
            return locationAttribute;
        }

        private Map<Long, Attribute> attributesOf(long typeId) throws SQLException {
            Map<Long, Attribute> byId = effective.get(typeId);
            if (byId == null) {
                byId = new LinkedHashMap<>();
                for (Attribute attribute : tokenTypes.effectiveAttributes(connection, typeId)) {
                    byId.put(attribute.id(), attribute);
                }
                effective.put(typeId, byId);
            }
            return byId;
        }

        /** A token this run has loaded, else loaded now (a fixed recipient token); null when there is none. */
        private TokenRow row(long tokenId) throws SQLException {
            if (!rows.containsKey(tokenId)) {
                loadTokens(List.of(tokenId));
            }
            return rows.get(tokenId);
        }

        private List<TokenRow> loadTokens() throws SQLException {
            return loadTokens(event.tokenIds());
        }

        /**
         * The population of the event's set, for per-set actions: every member (at most
         * {@code applecore.actions.max-set-tokens}), loaded once per fire.
         */
        private List<TokenRow> population(ActionDefinition action) throws SQLException {
            if (population == null) {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT token_id FROM core.token_set_member WHERE set_id = ? ORDER BY token_id LIMIT ?")) {
                    statement.setLong(1, event.setId());
                    statement.setInt(2, maxSetTokens + 1);
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            ids.add(row.getLong(1));
                        }
                    }
                }
                if (ids.size() > maxSetTokens) {
                    throw new ScriptFailure(action.name(), "it runs per set, and token set " + event.setId() + " has more "
                            + "than " + maxSetTokens + " tokens (applecore.actions.max-set-tokens).");
                }
                List<Long> missing = ids.stream().filter(id -> !rows.containsKey(id)).toList();
                loadTokens(missing);
                population = new ArrayList<>();
                for (Long id : ids) {
                    population.add(rows.get(id));
                }
            }
            return population;
        }

        private List<TokenRow> loadTokens(List<Long> tokenIds) throws SQLException {
            List<TokenRow> tokens = new ArrayList<>();
            Long[] ids = tokenIds.toArray(Long[]::new);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, guid, type_id, owner_id FROM core.token WHERE id = ANY (?) ORDER BY id")) {
                statement.setArray(1, connection.createArrayOf("bigint", ids));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        TokenRow token = new TokenRow(row.getLong(1), row.getObject(2, UUID.class), row.getLong(3), row.getLong(4));
                        tokens.add(token);
                        rows.put(token.id(), token);
                        stored.put(token.id(), new HashMap<>());
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT token_id, attribute_id, value::text FROM core.token_value WHERE token_id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("bigint", ids));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        stored.get(row.getLong(1)).put(row.getLong(2), ActionService.json(row.getString(3)));
                    }
                }
            }
            return tokens;
        }

        private Map<Long, List<InstanceRow>> instances(Set<Long> typeIds) throws SQLException {
            Map<Long, List<InstanceRow>> byType = new HashMap<>();
            String listens = "lifecycle".equals(triggerKind) ? "? = ANY (a.lifecycles)" : "? = ANY (a.triggers)";
            try (PreparedStatement statement = connection.prepareStatement("SELECT i.id, i.action_id, i.token_type_id, "
                    + "i.script_md5 FROM core.action_instance i JOIN core.action a ON a.id = i.action_id "
                    + "WHERE i.token_type_id = ANY (?) AND " + listens + " AND (?::bigint IS NULL OR a.id = ?) "
                    + "ORDER BY i.token_type_id, i.action_id")) {
                statement.setArray(1, connection.createArrayOf("bigint", typeIds.toArray()));
                statement.setString(2, trigger);
                statement.setObject(3, onlyActionId, java.sql.Types.BIGINT);
                statement.setObject(4, onlyActionId, java.sql.Types.BIGINT);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        InstanceRow instance = new InstanceRow(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4));
                        byType.computeIfAbsent(instance.typeId(), t -> new ArrayList<>()).add(instance);
                    }
                }
            }
            return byType;
        }

        private Map<Long, ActionDefinition> definitions(Map<Long, List<InstanceRow>> instancesByType) throws SQLException {
            Set<Long> ids = new java.util.TreeSet<>();
            instancesByType.values().forEach(list -> list.forEach(i -> ids.add(i.actionId())));
            Map<Long, ActionDefinition> actions = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + ActionService.COLUMNS
                    + " FROM core.action WHERE id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        ActionDefinition action = ActionService.read(row);
                        actions.put(action.id(), action);
                    }
                }
            }
            return actions;
        }

        /** Locks global states, then local states, each in ascending id order: no two operations wait on each other in a cycle. */
        private void lockStates(Set<Long> actionIds, Map<Long, List<InstanceRow>> instancesByType) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT action_id, state::text FROM "
                    + "core.action_global_state WHERE action_id = ANY (?) ORDER BY action_id FOR UPDATE")) {
                statement.setArray(1, connection.createArrayOf("bigint", actionIds.toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        globalStates.put(row.getLong(1), ActionService.json(row.getString(2)));
                    }
                }
            }
            List<Long> instanceIds = new ArrayList<>();
            instancesByType.values().forEach(list -> list.forEach(i -> instanceIds.add(i.id())));
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, local_state::text FROM "
                    + "core.action_instance WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
                statement.setArray(1, connection.createArrayOf("bigint", instanceIds.toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        localStates.put(row.getLong(1), ActionService.json(row.getString(2)));
                    }
                }
            }
        }

        private void saveStates() throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE core.action_global_state SET state = ?::jsonb WHERE action_id = ?")) {
                for (Long action : changedGlobal) {
                    statement.setString(1, globalStates.get(action).toString());
                    statement.setLong(2, action);
                    statement.addBatch();
                }
                if (!changedGlobal.isEmpty()) {
                    statement.executeBatch();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE core.action_instance SET local_state = ?::jsonb WHERE id = ?")) {
                for (Long instance : changedLocal) {
                    statement.setString(1, localStates.get(instance).toString());
                    statement.setLong(2, instance);
                    statement.addBatch();
                }
                if (!changedLocal.isEmpty()) {
                    statement.executeBatch();
                }
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
