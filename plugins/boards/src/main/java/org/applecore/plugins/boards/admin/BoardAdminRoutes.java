package org.applecore.plugins.boards.admin;

import static java.util.Objects.requireNonNull;

import org.applecore.plugins.boards.board.BoardStore;
import org.applecore.plugins.boards.request.PathId;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;
import org.applecore.sdk.http.PluginRequest;
import org.applecore.sdk.http.PluginResponse;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.http.RouteRegistry;
import org.applecore.sdk.storage.PluginStorage;

/** {@code /{boardId}/admins}: who administers a board, and changing that. */
public final class BoardAdminRoutes {

    public static final String LAST_ADMIN = "boards.last_admin";

    private final PluginStorage storage;
    private final BoardStore boards;
    private final BoardAdminStore admins;
    private final BoardAuthority authority;

    public BoardAdminRoutes(PluginStorage storage, BoardStore boards, BoardAdminStore admins, BoardAuthority authority) {
        this.storage = requireNonNull(storage, "storage is null");
        this.boards = requireNonNull(boards, "boards is null");
        this.admins = requireNonNull(admins, "admins is null");
        this.authority = requireNonNull(authority, "authority is null");
    }

    public void register(RouteRegistry routes) {
        routes.get("/{boardId}/admins", RouteAccess.authenticated(), this::list);
        routes.put("/{boardId}/admins/{userId}", RouteAccess.authenticated(), this::grant);
        routes.delete("/{boardId}/admins/{userId}", RouteAccess.authenticated(), this::revoke);
    }

    private PluginResponse list(PluginRequest request) {
        long boardId = PathId.of(request, "boardId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            return admins.list(connection, boardId);
        }));
    }

    private PluginResponse grant(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long userId = PathId.of(request, "userId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            boards.require(connection, boardId);
            authority.requireAdministers(connection, boardId, user);
            admins.grant(connection, boardId, userId, user.id());
            return admins.list(connection, boardId);
        }));
    }

    private PluginResponse revoke(PluginRequest request) {
        ActingUser user = request.requireUser();
        long boardId = PathId.of(request, "boardId");
        long userId = PathId.of(request, "userId");
        return PluginResponse.ok(storage.inTransaction(connection -> {
            // The board row lock makes concurrent revocations take turns, so two admins removing each
            // other at once cannot leave the board with none.
            boards.requireLocked(connection, boardId);
            authority.requireAdministers(connection, boardId, user);
            BoardAdmins current = admins.list(connection, boardId);
            if (!current.adminIds().contains(userId)) {
                return current;
            }
            if (current.adminIds().size() == 1) {
                throw PluginException.conflict(LAST_ADMIN,
                        "user " + userId + " is the last admin of board " + boardId + "; make someone else admin first");
            }
            admins.revoke(connection, boardId, userId);
            return admins.list(connection, boardId);
        }));
    }
}
