package org.applecore.plugins.boards.board;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.applecore.plugins.boards.paging.EpochMicros;
import org.applecore.plugins.boards.paging.PageCursor;
import org.applecore.plugins.boards.paging.PageLimit;
import org.applecore.plugins.boards.paging.Positioned;
import org.applecore.sdk.errors.PluginException;

/** SQL for the {@code boards} table. Every method runs on the caller's transaction. */
public final class BoardStore {

    public static final String BOARD_NOT_FOUND = "boards.board_not_found";

    /** Boards are listed newest first. */
    public static final String LIST_ORDER = "boards.new";

    private static final String COLUMNS = "id, name, kind, allow_replies, allow_votes, created_by, created_at";

    public Board insert(Connection connection, BoardDraft draft, long creatorId) throws SQLException {
        requireNonNull(draft, "draft is null");
        String sql = "INSERT INTO boards (name, kind, allow_replies, allow_votes, created_by) VALUES (?, ?, ?, ?, ?)"
                + " RETURNING " + COLUMNS;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, draft.name());
            statement.setString(2, draft.kind().jsonName());
            statement.setBoolean(3, draft.allowReplies());
            statement.setBoolean(4, draft.allowVotes());
            statement.setLong(5, creatorId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return read(row).item();
            }
        }
    }

    /** @throws PluginException 404 {@value #BOARD_NOT_FOUND} */
    public Board require(Connection connection, long boardId) throws SQLException {
        return find(connection, boardId, "").orElseThrow(() -> notFound(boardId));
    }

    /**
     * Reads the board and holds a lock on its row until the transaction ends, which serialises changes
     * that must see a stable set of board admins. The lock does not block entries being added.
     *
     * @throws PluginException 404 {@value #BOARD_NOT_FOUND}
     */
    public Board requireLocked(Connection connection, long boardId) throws SQLException {
        return find(connection, boardId, " FOR NO KEY UPDATE").orElseThrow(() -> notFound(boardId));
    }

    public List<Positioned<Board>> list(Connection connection, Optional<PageCursor> after, PageLimit limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM boards"
                + (after.isEmpty() ? "" : " WHERE (created_at, id) < (?, ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            if (after.isPresent()) {
                statement.setObject(index++, EpochMicros.toTimestamp(after.get().sortKey()));
                statement.setLong(index++, after.get().id());
            }
            statement.setInt(index, limit.rowsToFetch());
            try (ResultSet rows = statement.executeQuery()) {
                List<Positioned<Board>> boards = new ArrayList<>();
                while (rows.next()) {
                    boards.add(read(rows));
                }
                return boards;
            }
        }
    }

    private Optional<Board> find(Connection connection, long boardId, String lockClause) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM boards WHERE id = ?" + lockClause)) {
            statement.setLong(1, boardId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row).item()) : Optional.empty();
            }
        }
    }

    private static Positioned<Board> read(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        OffsetDateTime createdAt = row.getObject("created_at", OffsetDateTime.class);
        Board board = new Board(
                id,
                row.getString("name"),
                row.getString("kind"),
                row.getBoolean("allow_replies"),
                row.getBoolean("allow_votes"),
                row.getLong("created_by"),
                createdAt.toInstant().toString());
        return new Positioned<>(board, new PageCursor(LIST_ORDER, EpochMicros.of(createdAt.toInstant()), id));
    }

    private static PluginException notFound(long boardId) {
        return PluginException.notFound(BOARD_NOT_FOUND, "no board with id " + boardId);
    }
}
