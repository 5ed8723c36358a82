package org.applecore.plugins.boards.board;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.applecore.plugins.boards.admin.BoardAdminStore;
import org.applecore.plugins.boards.paging.Page;
import org.applecore.plugins.boards.paging.PageCursor;
import org.applecore.plugins.boards.paging.PageLimit;
import org.applecore.plugins.boards.request.PathId;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.PluginRequest;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.storage.PluginStorage;

/** {@code /} and {@code /{boardId}}: creating, listing and reading boards. */
public final class BoardRoutes {

    private final PluginStorage storage;
    private final BoardStore boards;
    private final BoardAdminStore admins;

    public BoardRoutes(PluginStorage storage, BoardStore boards, BoardAdminStore admins) {
        this.storage = requireNonNull(storage, "storage is null");
        this.boards = requireNonNull(boards, "boards is null");
        this.admins = requireNonNull(admins, "admins is null");
    }

    public void register(RouteRegistry routes) {
        routes.post("/", RouteAccess.authenticated(), this::create);
        routes.get("/", RouteAccess.authenticated(), this::list);
        routes.get("/{boardId}", RouteAccess.authenticated(), this::read);
    }

    private PluginResponse create(PluginRequest request) {
        ActingUser user = request.requireUser();
        BoardDraft draft = BoardDraft.from(request.body(CreateBoardRequest.class));
        return PluginResponse.created(storage.inTransaction(connection -> {
            Board board = boards.insert(connection, draft, user.id());
            admins.grant(connection, board.id(), user.id(), user.id());
            return board;
        }));
    }

    private PluginResponse list(PluginRequest request) {
        PageLimit limit = PageLimit.parse(request.queryParameter("limit"));
        Optional<PageCursor> after = PageCursor.parse(request.queryParameter("cursor"), BoardStore.LIST_ORDER);
        return PluginResponse.ok(Page.of(storage.inTransaction(connection -> boards.list(connection, after, limit)), limit));
    }

    private PluginResponse read(PluginRequest request) {
        long boardId = PathId.of(request, "boardId");
        return PluginResponse.ok(storage.inTransaction(connection -> boards.require(connection, boardId)));
    }
}
