package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.applecore.plugins.boards.admin.BoardAuthority;
import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.paging.Page;
import org.applecore.plugins.boards.paging.PageCursor;
import org.applecore.plugins.boards.paging.PageLimit;
import org.applecore.plugins.boards.request.PathId;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.PluginRequest;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.storage.PluginStorage;

/** {@code /{boardId}/entries[/{entryId}]}: posting, listing, reading, editing and deleting entries. */
public final class EntryRoutes {

    public static final String NOT_AUTHOR = "boards.not_author";
    public static final String DELETE_FORBIDDEN = "boards.delete_forbidden";

    private final PluginStorage storage;
    private final BoardStore boards;
    private final EntryStore entries;
    private final BoardAuthority authority;
    private final EntryContentRules rules;

    public EntryRoutes(PluginStorage storage, BoardStore boards, EntryStore entries, BoardAuthority authority,
            EntryContentRules rules) {
        this.storage = requireNonNull(storage, "storage is null");
        this.boards = requireNonNull(boards, "boards is null");
        this.entries = requireNonNull(entries, "entries is null");
        this.authority = requireNonNull(authority, "authority is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    public void register(RouteRegistry routes) {
        routes.post("/{boardId}/entries", RouteAccess.authenticated(), this::create);
        routes.get("/{boardId}/entries", RouteAccess.authenticated(), this::list);
        routes.get("/{boardId}/entries/{entryId}", RouteAccess.authenticated(), this::read);
        routes.patch("/{boardId}/entries/{entryId}", RouteAccess.authenticated(), this::edit);
        routes.delete("/{boardId}/entries/{entryId}", RouteAccess.authenticated(), this::delete);
    }

    private PluginResponse create(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        EntryContent content = rules.checkNew(request.body(EntryContentRequest.class));
        return PluginResponse.created(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            return entries.insertTopLevel(connection, boardId, user, content);
        }));
    }

    private PluginResponse list(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        EntrySort sort = EntrySort.parse(request.queryParameter("sort"));
        PageLimit limit = PageLimit.parse(request.queryParameter("limit"));
        Optional<PageCursor> after = PageCursor.parse(request.queryParameter("cursor"), sort.cursorOrder());
        return PluginResponse.ok(Page.of(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            return entries.listTopLevel(connection, boardId, sort, after, limit, user.id());
        }), limit));
    }

    private PluginResponse read(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            return entries.require(connection, boardId, entryId, user.id());
        }));
    }

    private PluginResponse edit(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        EntryChange change = rules.checkChange(request.body(EntryContentRequest.class));
        return PluginResponse.ok(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            EntryFacts entry = entries.lockFacts(connection, boardId, entryId);
            // Only the author puts words in their own mouth: admins may delete an entry, never rewrite it.
            if (entry.authorId() != user.id()) {
                throw PluginException.forbidden(NOT_AUTHOR, "only the author of entry " + entryId + " may edit it");
            }
            return entries.update(connection, entryId, change, user.id());
        }));
    }

    private PluginResponse delete(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long entryId = PathId.of(request, "entryId");
        storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            EntryFacts entry = entries.requireFacts(connection, boardId, entryId);
            if (entry.authorId() != user.id() && !authority.administers(connection, boardId, user)) {
                throw PluginException.forbidden(DELETE_FORBIDDEN,
                        "only the author, an admin of board " + boardId + " or a platform admin may delete entry " + entryId);
            }
            return entries.delete(connection, entry);
        });
        return PluginResponse.noContent();
    }
}
