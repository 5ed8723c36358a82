package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.applecore.plugins.boards.paging.EpochMicros;
import org.applecore.plugins.boards.paging.PageCursor;
import org.applecore.plugins.boards.paging.PageLimit;
import org.applecore.plugins.boards.paging.Positioned;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.json.JsonCodec;

/**
 * SQL for the {@code entries} table, which holds top-level entries and replies alike. Every method runs
 * on the caller's transaction. Methods that read entries for a caller take the caller's id to fill in
 * {@code voted_by_me}.
 */
public final class EntryStore {

    public static final String ENTRY_NOT_FOUND = "boards.entry_not_found";

    /** Replies are listed oldest first, so that a thread reads top to bottom. */
    public static final String REPLY_ORDER = "replies.oldest";

    private static final String COLUMNS = "e.id, e.board_id, e.parent_id, e.author_id, e.author_username, e.body,"
            + " e.media::text AS media, e.vote_count, e.reply_count, e.created_at, e.edited_at";

    // Its one parameter is the caller's user id.
    private static final String VOTED_BY_ME =
            "EXISTS (SELECT 1 FROM votes v WHERE v.entry_id = e.id AND v.user_id = ?) AS voted_by_me";

    private final JsonCodec json;

    public EntryStore(JsonCodec json) {
        this.json = requireNonNull(json, "json is null");
    }

    public Entry insertTopLevel(Connection connection, long boardId, ActingUser author, EntryContent content)
            throws SQLException {
        return insert(connection, boardId, null, author, content);
    }

    /** Adds a reply and counts it on its parent; the caller holds the parent's row lock. */
    public Entry insertReply(Connection connection, EntryFacts parent, ActingUser author, EntryContent content)
            throws SQLException {
        Entry reply = insert(connection, parent.boardId(), parent.id(), author, content);
        adjustReplyCount(connection, parent.id(), 1);
        return reply;
    }

    /** @throws PluginException 404 {@value #ENTRY_NOT_FOUND}, also when the entry belongs to another board */
    public Entry require(Connection connection, long boardId, long entryId, long viewerId) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", " + VOTED_BY_ME + " FROM entries e WHERE e.id = ? AND e.board_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, viewerId);
            statement.setLong(2, entryId);
            statement.setLong(3, boardId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw notFound(entryId);
                }
                return readEntry(row);
            }
        }
    }

    /** @throws PluginException 404 {@value #ENTRY_NOT_FOUND}, also when the entry belongs to another board */
    public EntryFacts requireFacts(Connection connection, long boardId, long entryId) throws SQLException {
        return findFacts(connection, boardId, entryId, "").orElseThrow(() -> notFound(entryId));
    }

    /**
     * Reads the entry and locks its row until the transaction ends, so that its counters change one
     * writer at a time and it cannot be deleted meanwhile. The lock still lets other transactions add
     * rows that reference the entry.
     *
     * @throws PluginException 404 {@value #ENTRY_NOT_FOUND}, also when the entry belongs to another board
     */
    public EntryFacts lockFacts(Connection connection, long boardId, long entryId) throws SQLException {
        return findFacts(connection, boardId, entryId, " FOR NO KEY UPDATE").orElseThrow(() -> notFound(entryId));
    }

    /** Applies an edit and marks the entry edited; the caller holds the entry's row lock. */
    public Entry update(Connection connection, long entryId, EntryChange change, long viewerId)
            throws SQLException {
        String sql = "UPDATE entries e SET body = COALESCE(?, e.body), media = COALESCE(?::jsonb, e.media),"
                + " edited_at = now() WHERE e.id = ? RETURNING " + COLUMNS + ", " + VOTED_BY_ME;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, change.body().orElse(null));
            if (change.media().isPresent()) {
                statement.setString(2, json.write(change.media().get()));
            } else {
                statement.setNull(2, Types.VARCHAR);
            }
            statement.setLong(3, entryId);
            statement.setLong(4, viewerId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return readEntry(row);
            }
        }
    }

    /**
     * Deletes the entry; its replies and every vote on them go with it (foreign keys cascade). Deleting
     * a reply also takes it off its parent's reply count.
     *
     * @return false when the entry was already gone
     */
    public boolean delete(Connection connection, EntryFacts entry) throws SQLException {
        if (entry.isReply()) {
            // Lock the parent before the reply: deleting the parent locks them in that order too (its
            // cascade reaches the reply second), so the two deletions cannot deadlock each other.
            lockRow(connection, entry.parentId());
        }
        int deleted;
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM entries WHERE id = ?")) {
            statement.setLong(1, entry.id());
            deleted = statement.executeUpdate();
        }
        if (deleted == 1 && entry.isReply()) {
            adjustReplyCount(connection, entry.parentId(), -1);
        }
        return deleted == 1;
    }

    public List<Positioned<Entry>> listTopLevel(Connection connection, long boardId, EntrySort sort,
            Optional<PageCursor> after, PageLimit limit, long viewerId) throws SQLException {
        String sortColumn = switch (sort) {
            case NEW -> "e.created_at";
            case TOP -> "e.vote_count";
        };
        String sql = "SELECT " + COLUMNS + ", " + VOTED_BY_ME + " FROM entries e"
                + " WHERE e.board_id = ? AND e.parent_id IS NULL"
                + (after.isEmpty() ? "" : " AND (" + sortColumn + ", e.id) < (?, ?)")
                + " ORDER BY " + sortColumn + " DESC, e.id DESC LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setLong(index++, viewerId);
            statement.setLong(index++, boardId);
            if (after.isPresent()) {
                switch (sort) {
                    case NEW -> statement.setObject(index++, EpochMicros.toTimestamp(after.get().sortKey()));
                    case TOP -> statement.setLong(index++, after.get().sortKey());
                }
                statement.setLong(index++, after.get().id());
            }
            statement.setInt(index, limit.rowsToFetch());
            // createdAt is Instant.toString(), which keeps every digit, so parsing it back gives the
            // stored microsecond exactly and the next page starts right after this one.
            return readPage(statement, entry -> new PageCursor(sort.cursorOrder(), switch (sort) {
                case NEW -> EpochMicros.of(Instant.parse(entry.createdAt()));
                case TOP -> entry.voteCount();
            }, entry.id()));
        }
    }

    public List<Positioned<Entry>> listReplies(Connection connection, long parentId, Optional<PageCursor> after,
            PageLimit limit, long viewerId) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", " + VOTED_BY_ME + " FROM entries e WHERE e.parent_id = ?"
                + (after.isEmpty() ? "" : " AND (e.created_at, e.id) > (?, ?)")
                + " ORDER BY e.created_at, e.id LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setLong(index++, viewerId);
            statement.setLong(index++, parentId);
            if (after.isPresent()) {
                statement.setObject(index++, EpochMicros.toTimestamp(after.get().sortKey()));
                statement.setLong(index++, after.get().id());
            }
            statement.setInt(index, limit.rowsToFetch());
            return readPage(statement,
                    entry -> new PageCursor(REPLY_ORDER, EpochMicros.of(Instant.parse(entry.createdAt())), entry.id()));
        }
    }

    private Entry insert(Connection connection, long boardId, Long parentId, ActingUser author, EntryContent content)
            throws SQLException {
        String sql = "INSERT INTO entries AS e (board_id, parent_id, author_id, author_username, body, media)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING " + COLUMNS + ", false AS voted_by_me";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, boardId);
            statement.setObject(2, parentId, Types.BIGINT);
            statement.setLong(3, author.id());
            statement.setString(4, author.username());
            statement.setString(5, content.body());
            statement.setString(6, json.write(content.media()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return readEntry(row);
            }
        }
    }

    private Optional<EntryFacts> findFacts(Connection connection, long boardId, long entryId, String lockClause)
            throws SQLException {
        String sql = "SELECT id, board_id, parent_id, author_id, vote_count FROM entries WHERE id = ? AND board_id = ?"
                + lockClause;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, entryId);
            statement.setLong(2, boardId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new EntryFacts(
                        row.getLong("id"),
                        row.getLong("board_id"),
                        row.getObject("parent_id", Long.class),
                        row.getLong("author_id"),
                        row.getLong("vote_count")));
            }
        }
    }

    private static void lockRow(Connection connection, long entryId) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM entries WHERE id = ? FOR NO KEY UPDATE")) {
            statement.setLong(1, entryId);
            statement.executeQuery().close();
        }
    }

    private static void adjustReplyCount(Connection connection, long parentId, int delta) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("UPDATE entries SET reply_count = reply_count + ? WHERE id = ?")) {
            statement.setInt(1, delta);
            statement.setLong(2, parentId);
            statement.executeUpdate();
        }
    }

    private List<Positioned<Entry>> readPage(PreparedStatement statement, Function<Entry, PageCursor> cursorAfter) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<Positioned<Entry>> page = new ArrayList<>();
            while (rows.next()) {
                Entry entry = readEntry(rows);
                page.add(new Positioned<>(entry, cursorAfter.apply(entry)));
            }
            return page;
        }
    }

    private Entry readEntry(ResultSet row) throws SQLException {
        OffsetDateTime editedAt = row.getObject("edited_at", OffsetDateTime.class);
        return new Entry(
                row.getLong("id"),
                row.getLong("board_id"),
                row.getObject("parent_id", Long.class),
                row.getLong("author_id"),
                row.getString("author_username"),
                row.getString("body"),
                json.readList(row.getString("media"), MediaAttachment.class),
                row.getLong("vote_count"),
                row.getLong("reply_count"),
                row.getBoolean("voted_by_me"),
                row.getObject("created_at", OffsetDateTime.class).toInstant().toString(),
                editedAt == null ? null : editedAt.toInstant().toString());
    }

    private static PluginException notFound(long entryId) {
        return PluginException.notFound(ENTRY_NOT_FOUND, "no entry with id " + entryId + " on this board");
    }
}
