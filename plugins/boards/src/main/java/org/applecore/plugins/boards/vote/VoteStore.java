package org.applecore.plugins.boards.vote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.applecore.plugins.boards.entry.EntryFacts;

/**
 * SQL for the {@code votes} table and the vote count kept on each entry. The primary key
 * (entry_id, user_id) is what makes a vote unique; the count changes only when a vote row is really
 * added or removed, in the same transaction, so it always equals the number of rows.
 */
public final class VoteStore {

    /**
     * Records the user's vote. The caller holds the entry's row lock.
     *
     * @return the entry's vote count afterwards, unchanged when the user had already voted
     */
    public long add(Connection connection, EntryFacts lockedEntry, long userId) throws SQLException {
        int inserted;
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO votes (entry_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            statement.setLong(1, lockedEntry.id());
            statement.setLong(2, userId);
            inserted = statement.executeUpdate();
        }
        return inserted == 1 ? adjustVoteCount(connection, lockedEntry.id(), 1) : lockedEntry.voteCount();
    }

    /**
     * Withdraws the user's vote. The caller holds the entry's row lock.
     *
     * @return the entry's vote count afterwards, unchanged when the user had not voted
     */
    public long remove(Connection connection, EntryFacts lockedEntry, long userId) throws SQLException {
        int deleted;
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM votes WHERE entry_id = ? AND user_id = ?")) {
            statement.setLong(1, lockedEntry.id());
            statement.setLong(2, userId);
            deleted = statement.executeUpdate();
        }
        return deleted == 1 ? adjustVoteCount(connection, lockedEntry.id(), -1) : lockedEntry.voteCount();
    }

    private static long adjustVoteCount(Connection connection, long entryId, int delta) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE entries SET vote_count = vote_count + ? WHERE id = ? RETURNING vote_count")) {
            statement.setInt(1, delta);
            statement.setLong(2, entryId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
