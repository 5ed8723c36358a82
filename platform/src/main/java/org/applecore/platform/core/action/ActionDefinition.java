package org.applecore.platform.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.lifecycle.TokenLifecycle;

import java.util.List;
import java.util.UUID;

/**
 * An action definition (seed 003, "so an action").
 *
 * @param ownerId null for an action without owner (made by a full admin for everyone)
 * @param targetFromState null: the action runs whatever the target attribute's value
 * @param triggers other moments it runs at: {@code location_entering}, {@code location_leaving}, {@code cron}
 * @param recipientAttributeId the one attribute the action may change, or null (it changes nothing)
 * @param recipientTokenId the one token the action writes to, or null (the token it runs for)
 * @param charge null when the action charges nothing
 * @param actionType a plugin action type ({@code pluginId:name}), or null for JavaScript
 * @param scriptMd5 the md5 of the current script (of {@code plugin:<type>} for plugin types)
 */
public record ActionDefinition(long id, UUID guid, Long ownerId, String name, String version, long targetAttributeId,
                               TargetFromState targetFromState, List<TokenLifecycle> lifecycles, List<String> triggers,
                               Long recipientAttributeId, Long recipientTokenId, Charge charge, boolean perToken,
                               boolean runWhenInArea, boolean runWhenOutArea, String actionType, String scriptMd5,
                               List<Long> paramAttributes, JsonNode localStateInit) {

    public ActionDefinition {
        lifecycles = List.copyOf(lifecycles);
        triggers = List.copyOf(triggers);
        paramAttributes = List.copyOf(paramAttributes);
    }

    /**
     * A token-set operation the action sets up: when its script returns a truthy {@code target}, the type
     * group's tokens move from the source set to the destination set.
     *
     * @param sourceSetId null: the set of the lifecycle event (the set a token was created in or added to)
     */
    public record Charge(long typeGroupId, Long sourceSetId, long destinationSetId) {
    }
}
