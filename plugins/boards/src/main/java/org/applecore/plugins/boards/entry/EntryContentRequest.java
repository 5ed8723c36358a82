package org.applecore.plugins.boards.entry;

import java.util.List;

/**
 * The body of creating an entry or reply, and of editing one. On create, {@code body} is required and
 * absent {@code media} means none. On edit, an absent field keeps its current value and
 * {@code "media": []} removes every attachment.
 *
 * @param body markdown text
 */
public record EntryContentRequest(String body, List<MediaAttachment> media) {
}
