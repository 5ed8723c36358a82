package org.applecore.plugins.boards.admin;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.ActingUser;

/** Decides who may administer a board: its own admins, and platform admins everywhere. */
public final class BoardAuthority {

    public static final String NOT_BOARD_ADMIN = "boards.not_board_admin";

    private final BoardAdminStore admins;

    public BoardAuthority(BoardAdminStore admins) {
        this.admins = requireNonNull(admins, "admins is null");
    }

    public boolean administers(Connection connection, long boardId, ActingUser user) throws SQLException {
        return user.isAdmin() || admins.isAdmin(connection, boardId, user.id());
    }

    /** @throws PluginException 403 {@value #NOT_BOARD_ADMIN} */
    public void requireAdministers(Connection connection, long boardId, ActingUser user) throws SQLException {
        if (!administers(connection, boardId, user)) {
            throw PluginException.forbidden(NOT_BOARD_ADMIN, "only an admin of board " + boardId + " may do this");
        }
    }
}
