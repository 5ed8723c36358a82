package org.applecore.plugins.boards.vote;

/** The answer to voting or withdrawing a vote: the entry's count after the change. */
public record VoteResult(long entryId, long voteCount, boolean votedByMe) {
}
