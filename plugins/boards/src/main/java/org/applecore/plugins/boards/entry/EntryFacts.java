package org.applecore.plugins.boards.entry;

/**
 * What the plugin needs to know about an entry to decide whether a change is allowed, without reading
 * its content.
 *
 * @param parentId the entry it replies to, or null for a top-level entry
 */
public record EntryFacts(long id, long boardId, Long parentId, long authorId, long voteCount) {

    public boolean isReply() {
        return parentId != null;
    }
}
