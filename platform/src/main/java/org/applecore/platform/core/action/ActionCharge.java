package org.applecore.platform.core.action;

import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.tokenset.SetMembership;
import org.applecore.platform.core.typegroup.TokenSelection;
import org.applecore.platform.core.typegroup.TypeGroups;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.script.ScriptFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An action's charge: moves the type group's tokens from a source set to a destination set, in the
 * operation's transaction, selected exactly as a set operation's {@code T} selects them
 * ({@link TokenSelection}: amounts, descendants, {@code attribute_filter}). Too few tokens in the source fails
 * the action (and so the whole operation). The two sets are locked in ascending id order first, as set
 * operations lock them. A charge fires no lifecycle events of its own, so that actions cannot chain without end.
 */
@Singleton
class ActionCharge {

    private final TypeGroups typeGroups;
    private final TokenSelection selection;
    private final SetMembership membership;

    ActionCharge(TypeGroups typeGroups, TokenSelection selection, SetMembership membership) {
        this.typeGroups = typeGroups;
        this.selection = selection;
        this.membership = membership;
    }

    /** @return the ids of the tokens moved */
    long[] run(Connection connection, CoreCaller selector, String actionName, long typeGroupId, long sourceSetId,
               long destinationSetId) throws SQLException {
        if (sourceSetId == destinationSetId) {
            return new long[0];
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT id FROM core.token_set WHERE id IN (?, ?) ORDER BY id FOR UPDATE")) {
            lock.setLong(1, sourceSetId);
            lock.setLong(2, destinationSetId);
            int found = 0;
            try (ResultSet row = lock.executeQuery()) {
                while (row.next()) {
                    found++;
                }
            }
            if (found < 2) {
                throw new ScriptFailure(actionName, "its charge refers to a token set that no longer exists.");
            }
        }
        long[] moving;
        try {
            moving = selection.select(connection, selector, new long[] {sourceSetId}, typeGroups.require(connection, typeGroupId));
        } catch (ApiException e) {
            throw new ScriptFailure(actionName, "its charge cannot be paid: " + e.getMessage());
        }
        membership.addAll(connection, destinationSetId, moving);
        membership.removeAll(connection, sourceSetId, moving);
        return moving;
    }
}
