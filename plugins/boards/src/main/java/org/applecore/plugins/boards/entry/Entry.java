package org.applecore.plugins.boards.entry;

import java.util.List;

/**
 * An entry or reply as one caller sees it.
 *
 * @param parentId the entry this replies to; null for a top-level entry
 * @param authorUsername the author's username when they wrote the entry
 * @param votedByMe whether the caller has voted for it
 * @param createdAt ISO-8601 instant; a string because the SDK does not promise how the host writes
 *     {@code java.time} values
 * @param editedAt ISO-8601 instant of the last edit; null when never edited
 */
public record Entry(
        long id,
        long boardId,
        Long parentId,
        long authorId,
        String authorUsername,
        String body,
        List<MediaAttachment> media,
        long voteCount,
        long replyCount,
        boolean votedByMe,
        String createdAt,
        String editedAt) {
}
