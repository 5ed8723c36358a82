package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.applecore.plugins.boards.board.Board;
import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.paging.Page;
import org.applecore.plugins.boards.paging.PageCursor;
import org.applecore.plugins.boards.paging.PageLimit;
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
 * {@code /{boardId}/entries/{entryId}/replies}: replying to a top-level entry and reading its thread.
 * Threads are one level deep: a reply cannot be replied to, which keeps a thread one list, oldest first.
 */
public final class ReplyRoutes {

    public static final String REPLIES_NOT_ALLOWED = "boards.replies_not_allowed";
    public static final String NESTED_REPLIES_NOT_ALLOWED = "boards.nested_replies_not_allowed";

    private final PluginStorage storage;
    private final BoardStore boards;
    private final EntryStore entries;
    private final EntryContentRules rules;

    public ReplyRoutes(PluginStorage storage, BoardStore boards, EntryStore entries, EntryContentRules rules) {
        this.storage = requireNonNull(storage, "storage is null");
        this.boards = requireNonNull(boards, "boards is null");
        this.entries = requireNonNull(entries, "entries is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    public void register(RouteRegistry routes) {
        routes.post("/{boardId}/entries/{entryId}/replies", RouteAccess.authenticated(), this::create);
        routes.get("/{boardId}/entries/{entryId}/replies", RouteAccess.authenticated(), this::list);
    }

    private PluginResponse create(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        EntryContent content = rules.checkNew(request.body(EntryContentRequest.class));
        return PluginResponse.created(storage.inTransaction(connection -> {
            Board board = boards.require(connection, boardId);
            EntryFacts parent = entries.lockFacts(connection, boardId, entryId);
            if (!board.allowReplies()) {
                throw new PluginException(ErrorKind.RULE_VIOLATION, REPLIES_NOT_ALLOWED,
                        "board " + boardId + " does not allow replies");
            }
            if (parent.isReply()) {
                throw new PluginException(ErrorKind.RULE_VIOLATION, NESTED_REPLIES_NOT_ALLOWED,
                        "entry " + entryId + " is a reply; reply to entry " + parent.parentId() + " instead");
            }
            return entries.insertReply(connection, parent, user, content);
        }));
    }

    private PluginResponse list(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        PageLimit limit = PageLimit.parse(request.queryParameter("limit"));
        Optional<PageCursor> after = PageCursor.parse(request.queryParameter("cursor"), EntryStore.REPLY_ORDER);
        return PluginResponse.ok(Page.of(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            entries.requireFacts(connection, boardId, entryId);
            return entries.listReplies(connection, entryId, after, limit, user.id());
        }), limit));
    }
}
