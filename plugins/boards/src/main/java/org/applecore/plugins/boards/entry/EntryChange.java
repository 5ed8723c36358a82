package org.applecore.plugins.boards.entry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An edit of an entry, already checked by {@link EntryContentRules}; an empty part stays as it is.
 * At least one part is present.
 */
public record EntryChange(Optional<String> body, Optional<List<MediaAttachment>> media) {

    public EntryChange {
        requireNonNull(body, "body is null");
        media = requireNonNull(media, "media is null").map(List::copyOf);
        if (body.isEmpty() && media.isEmpty()) {
            throw new IllegalArgumentException("an entry change must change something");
        }
    }
}
