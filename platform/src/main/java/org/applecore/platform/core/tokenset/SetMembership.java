package org.applecore.platform.core.tokenset;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Set-based SQL over {@code core.token_set_member}. Callers hold the lock of every set they change
 * ({@code SELECT ... FOR UPDATE} on {@code core.token_set}), so that {@code member_count} stays exact: each
 * change adds or subtracts the rows the statement really inserted or deleted. Token id arrays are always
 * returned in ascending order.
 */
@Singleton
public class SetMembership {

    /** Adds the tokens to the set; returns the ids that were not members before. */
    public long[] addAll(Connection connection, long setId, long[] tokenIds) throws SQLException {
        if (tokenIds.length == 0) {
            return tokenIds;
        }
        long[] added;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO core.token_set_member (set_id, token_id)
                SELECT ?, id FROM unnest(?::bigint[]) AS given (id) ORDER BY id
                ON CONFLICT (set_id, token_id) DO NOTHING
                RETURNING token_id""")) {
            insert.setLong(1, setId);
            insert.setArray(2, TokenIdArrays.sqlArray(connection, tokenIds));
            added = TokenIdArrays.collect(insert);
        }
        adjustCount(connection, setId, added.length);
        return added;
    }

    /** Removes the tokens from the set; returns the ids that were members. */
    public long[] removeAll(Connection connection, long setId, long[] tokenIds) throws SQLException {
        if (tokenIds.length == 0) {
            return tokenIds;
        }
        long[] removed;
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM core.token_set_member WHERE set_id = ? AND token_id = ANY (?::bigint[])
                RETURNING token_id""")) {
            delete.setLong(1, setId);
            delete.setArray(2, TokenIdArrays.sqlArray(connection, tokenIds));
            removed = TokenIdArrays.collect(delete);
        }
        adjustCount(connection, setId, -removed.length);
        return removed;
    }

    /** Those of the tokens that are not members of the set. */
    public long[] notMembers(Connection connection, long setId, long[] tokenIds) throws SQLException {
        if (tokenIds.length == 0) {
            return tokenIds;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT given.id FROM unnest(?::bigint[]) AS given (id)
                WHERE NOT EXISTS (SELECT 1 FROM core.token_set_member m WHERE m.set_id = ? AND m.token_id = given.id)""")) {
            select.setArray(1, TokenIdArrays.sqlArray(connection, tokenIds));
            select.setLong(2, setId);
            return TokenIdArrays.collect(select);
        }
    }

    /**
     * Locks every token of the set ({@code FOR NO KEY UPDATE}, in ascending id order so that two deletions
     * cannot deadlock) and returns their ids. The lock does not block membership inserts elsewhere (their
     * foreign key checks take {@code KEY SHARE}), but it does serialise two deletions sharing a token, so
     * that each sees the other's outcome before it decides whether a token would be left in no set.
     */
    public long[] lockMemberTokens(Connection connection, long setId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT t.id FROM core.token_set_member m JOIN core.token t ON t.id = m.token_id
                WHERE m.set_id = ? ORDER BY t.id FOR NO KEY UPDATE OF t""")) {
            select.setLong(1, setId);
            return TokenIdArrays.collect(select);
        }
    }

    /** A token of the set that is in no other set, or null. */
    public Long tokenInNoOtherSet(Connection connection, long setId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT m.token_id FROM core.token_set_member m
                WHERE m.set_id = ? AND NOT EXISTS (
                    SELECT 1 FROM core.token_set_member o WHERE o.token_id = m.token_id AND o.set_id <> m.set_id)
                ORDER BY m.token_id LIMIT 1""")) {
            select.setLong(1, setId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Every member of the sets (deduplicated), ascending. */
    public long[] members(Connection connection, long[] setIds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(setIds.length == 1
                ? "SELECT token_id FROM core.token_set_member WHERE set_id = ? ORDER BY token_id"
                : "SELECT DISTINCT token_id FROM core.token_set_member WHERE set_id = ANY (?::bigint[]) ORDER BY token_id")) {
            if (setIds.length == 1) {
                select.setLong(1, setIds[0]);
            } else {
                select.setArray(1, TokenIdArrays.sqlArray(connection, setIds));
            }
            return TokenIdArrays.collect(select);
        }
    }

    private static void adjustCount(Connection connection, long setId, long delta) throws SQLException {
        if (delta == 0) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE core.token_set SET member_count = member_count + ? WHERE id = ?")) {
            update.setLong(1, delta);
            update.setLong(2, setId);
            update.executeUpdate();
        }
    }
}
