package org.applecore.plugins.boards.paging;

import static java.util.Objects.requireNonNull;

/** An item read for a page, with the cursor that points just after it. */
public record Positioned<T>(T item, PageCursor position) {

    public Positioned {
        requireNonNull(item, "item is null");
        requireNonNull(position, "position is null");
    }
}
