package org.applecore.plugins.boards.board;

/**
 * A board as clients see it.
 *
 * @param kind {@code chat} or {@code review}, see {@link BoardKind}
 * @param createdBy the platform user id of the creator
 * @param createdAt ISO-8601 instant; a string because the SDK does not promise how the host writes
 *     {@code java.time} values
 */
public record Board(
        long id,
        String name,
        String kind,
        boolean allowReplies,
        boolean allowVotes,
        long createdBy,
        String createdAt) {
}
