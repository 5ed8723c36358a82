package org.applecore.platform.core.action;

import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.script.ScriptFailure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An action's charge: moves the type group's tokens from a source set to a destination set, in the
 * operation's transaction. For each type of the group the amount is its minimum, else its maximum, else all
 * its tokens in the source set; too few in the source fails the action (and so the whole operation). The
 * sets are locked in ascending id order, as set operations lock them. A charge fires no lifecycle events of
 * its own, so that actions cannot chain without end.
 */
final class ActionCharge {

    private ActionCharge() {
    }

    /** @return the ids of the tokens moved */
    static List<Long> run(Connection connection, TokenTypes tokenTypes, String actionName, long typeGroupId, long sourceSetId,
                          long destinationSetId) throws SQLException {
        if (sourceSetId == destinationSetId) {
            return List.of();
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
        Set<Long> moving = new LinkedHashSet<>();
        try (PreparedStatement members = connection.prepareStatement("SELECT type_id, minimum_needed, maximum_needed FROM "
                + "core.type_group_member WHERE group_id = ? ORDER BY type_id")) {
            members.setLong(1, typeGroupId);
            List<long[]> rows = new ArrayList<>();
            try (ResultSet row = members.executeQuery()) {
                while (row.next()) {
                    long min = row.getLong(2);
                    boolean hasMin = !row.wasNull();
                    long max = row.getLong(3);
                    boolean hasMax = !row.wasNull();
                    rows.add(new long[] {row.getLong(1), hasMin ? min : -1, hasMax ? max : -1});
                }
            }
            if (rows.isEmpty()) {
                throw new ScriptFailure(actionName, "its charge's type group " + typeGroupId + " has no token types.");
            }
            for (long[] member : rows) {
                long needed = member[1] >= 0 ? member[1] : member[2];
                List<Long> available = available(connection, tokenTypes, sourceSetId, member[0], needed, moving);
                if (needed >= 0 && available.size() < needed) {
                    throw new ScriptFailure(actionName, "its charge needs " + needed + " tokens of type " + member[0]
                            + " in token set " + sourceSetId + ", which has " + available.size() + ".");
                }
                moving.addAll(available);
            }
        }
        if (moving.isEmpty()) {
            return List.of();
        }
        Long[] ids = moving.toArray(Long[]::new);
        int removed;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM core.token_set_member WHERE set_id = ? AND token_id = ANY (?)")) {
            delete.setLong(1, sourceSetId);
            delete.setArray(2, connection.createArrayOf("bigint", ids));
            removed = delete.executeUpdate();
        }
        int added;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO core.token_set_member (set_id, token_id) "
                + "SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING")) {
            insert.setLong(1, destinationSetId);
            insert.setArray(2, connection.createArrayOf("bigint", ids));
            added = insert.executeUpdate();
        }
        try (PreparedStatement counts = connection.prepareStatement("UPDATE core.token_set SET member_count = member_count "
                + "+ CASE WHEN id = ? THEN ? ELSE ? END WHERE id IN (?, ?)")) {
            counts.setLong(1, sourceSetId);
            counts.setLong(2, -removed);
            counts.setLong(3, added);
            counts.setLong(4, sourceSetId);
            counts.setLong(5, destinationSetId);
            counts.executeUpdate();
        }
        return List.of(ids);
    }

    private static List<Long> available(Connection connection, TokenTypes tokenTypes, long setId, long typeId, long limit,
                                        Set<Long> taken) throws SQLException {
        Set<Long> types = tokenTypes.selfAndDescendants(connection, typeId);
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT m.token_id FROM core.token_set_member m "
                + "JOIN core.token t ON t.id = m.token_id WHERE m.set_id = ? AND t.type_id = ANY (?) AND NOT m.token_id = ANY (?) "
                + "ORDER BY m.token_id" + (limit >= 0 ? " LIMIT " + limit : "") + " FOR UPDATE OF m")) {
            statement.setLong(1, setId);
            statement.setArray(2, connection.createArrayOf("bigint", types.toArray()));
            statement.setArray(3, connection.createArrayOf("bigint", taken.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        return ids;
    }
}
