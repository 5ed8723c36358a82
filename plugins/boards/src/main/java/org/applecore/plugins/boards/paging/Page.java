package org.applecore.plugins.boards.paging;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a list, as answered to clients.
 *
 * @param items the page's items, in list order
 * @param nextCursor the cursor of the following page, or null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
    }

    /**
     * Builds a page from rows fetched with {@link PageLimit#rowsToFetch()}: the extra row, when present,
     * only proves that another page exists, and is not shown.
     */
    public static <T> Page<T> of(List<Positioned<T>> fetched, PageLimit limit) {
        requireNonNull(fetched, "fetched is null");
        requireNonNull(limit, "limit is null");
        boolean hasMore = fetched.size() > limit.value();
        List<Positioned<T>> shown = hasMore ? fetched.subList(0, limit.value()) : fetched;
        String nextCursor = hasMore ? shown.getLast().position().encode() : null;
        return new Page<>(shown.stream().map(Positioned::item).toList(), nextCursor);
    }
}
