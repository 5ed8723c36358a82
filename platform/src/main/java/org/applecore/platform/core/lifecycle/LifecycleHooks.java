package org.applecore.platform.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import org.applecore.platform.core.access.CoreCaller;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Called by the core inside the transaction of every token lifecycle event; actions
 * ({@code core.action.ActionRunner}) run here. A hook that throws rolls the whole operation back.
 */
public interface LifecycleHooks {

    void fire(Connection connection, LifecycleEvent event) throws SQLException;

    /**
     * A token's {@code location} value changed (inside the transaction that changed it), so that actions
     * listening to {@code location_entering} and {@code location_leaving} can run. Does nothing by default.
     *
     * @param before the effective value before (the default when none was stored)
     * @param after the value now
     */
    default void locationChanged(Connection connection, CoreCaller caller, long tokenId, JsonNode before, JsonNode after)
            throws SQLException {
    }

    /**
     * The {@code location} value of several tokens changed from the same value to the same value (a set
     * operation's {@code edit_attribute}); by default one {@link #locationChanged(Connection, CoreCaller, long,
     * JsonNode, JsonNode)} per token.
     */
    default void locationChanged(Connection connection, CoreCaller caller, List<Long> tokenIds, JsonNode before,
                                 JsonNode after) throws SQLException {
        for (Long tokenId : tokenIds) {
            locationChanged(connection, caller, tokenId, before, after);
        }
    }
}
