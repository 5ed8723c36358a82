package org.applecore.plugins.boards.vote;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import org.applecore.plugins.boards.board.Board;
import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.entry.EntryFacts;
import org.applecore.plugins.boards.entry.EntryStore;
import org.applecore.plugins.boards.request.PathId;
import org.applecore.sdk.errors.ErrorKind;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.PluginRequest;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.storage.PluginStorage;

/**
 * {@code /{boardId}/entries/{entryId}/vote}: one upvote per user and entry. Both methods are idempotent,
 * so a client may retry them freely.
 */
public final class VoteRoutes {

    public static final String VOTES_NOT_ALLOWED = "boards.votes_not_allowed";

    private final PluginStorage storage;
    private final BoardStore boards;
    private final EntryStore entries;
    private final VoteStore votes;

    public VoteRoutes(PluginStorage storage, BoardStore boards, EntryStore entries, VoteStore votes) {
        this.storage = requireNonNull(storage, "storage is null");
        this.boards = requireNonNull(boards, "boards is null");
        this.entries = requireNonNull(entries, "entries is null");
        this.votes = requireNonNull(votes, "votes is null");
    }

    public void register(RouteRegistry routes) {
        routes.put("/{boardId}/entries/{entryId}/vote", RouteAccess.authenticated(), this::vote);
        routes.delete("/{boardId}/entries/{entryId}/vote", RouteAccess.authenticated(), this::withdraw);
    }

    private PluginResponse vote(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            EntryFacts entry = lockVotableEntry(connection, boardId, entryId);
            return new VoteResult(entryId, votes.add(connection, entry, user.id()), true);
        }));
    }

    private PluginResponse withdraw(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            EntryFacts entry = lockVotableEntry(connection, boardId, entryId);
            return new VoteResult(entryId, votes.remove(connection, entry, user.id()), false);
        }));
    }

    private EntryFacts lockVotableEntry(Connection connection, long boardId, long entryId)
            throws SQLException {
        Board board = boards.require(connection, boardId);
        EntryFacts entry = entries.lockFacts(connection, boardId, entryId);
        if (!board.allowVotes()) {
            throw new PluginException(ErrorKind.RULE_VIOLATION, VOTES_NOT_ALLOWED, "board " + boardId + " does not allow votes");
        }
        return entry;
    }
}
