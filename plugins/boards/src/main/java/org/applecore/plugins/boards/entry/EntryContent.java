package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An entry's text and attachments, already checked by {@link EntryContentRules}. */
public record EntryContent(String body, List<MediaAttachment> media) {

    public EntryContent {
        requireNonNull(body, "body is null");
        media = List.copyOf(requireNonNull(media, "media is null"));
    }
}
