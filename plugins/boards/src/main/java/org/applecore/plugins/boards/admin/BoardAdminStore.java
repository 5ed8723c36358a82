package org.applecore.plugins.boards.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code board_admins} table. Every method runs on the caller's transaction. */
public final class BoardAdminStore {

    public boolean isAdmin(Connection connection, long boardId, long userId) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM board_admins WHERE board_id = ? AND user_id = ?")) {
            statement.setLong(1, boardId);
            statement.setLong(2, userId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Makes the user an admin of the board; granting an existing admin again changes nothing. */
    public void grant(Connection connection, long boardId, long userId, long grantedBy) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO board_admins (board_id, user_id, granted_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setLong(1, boardId);
            statement.setLong(2, userId);
            statement.setLong(3, grantedBy);
            statement.executeUpdate();
        }
    }

    /** Removes the user from the board's admins; removing a non-admin changes nothing. */
    public void revoke(Connection connection, long boardId, long userId) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM board_admins WHERE board_id = ? AND user_id = ?")) {
            statement.setLong(1, boardId);
            statement.setLong(2, userId);
            statement.executeUpdate();
        }
    }

    public BoardAdmins list(Connection connection, long boardId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT user_id FROM board_admins WHERE board_id = ? ORDER BY user_id")) {
            statement.setLong(1, boardId);
            try (ResultSet rows = statement.executeQuery()) {
                List<Long> adminIds = new ArrayList<>();
                while (rows.next()) {
                    adminIds.add(rows.getLong(1));
                }
                return new BoardAdmins(boardId, adminIds);
            }
        }
    }
}
