package org.applecore.plugins.boards.board;

/**
 * The body of {@code POST /api/boards}. The two options are optional and default to false: replies
 * and votes are features a board's creator turns on, not ones they have to remember to turn off.
 */
public record CreateBoardRequest(String name, String kind, Boolean allowReplies, Boolean allowVotes) {
}
