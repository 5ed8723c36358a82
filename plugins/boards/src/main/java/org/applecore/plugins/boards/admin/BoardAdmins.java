package org.applecore.plugins.boards.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who administers a board, as clients see it.
 *
 * @param adminIds platform user ids, ascending
 */
public record BoardAdmins(long boardId, List<Long> adminIds) {

    public BoardAdmins {
        adminIds = List.copyOf(requireNonNull(adminIds, "adminIds is null"));
    }
}
