package org.applecore.platform.core.paging;

import org.applecore.platform.problem.ApiException;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cursor pagination over ascending ids, the one way every core list pages: {@code ?limit=&cursor=} in,
 * {@code next_cursor} out. The cursor is opaque to clients (base64 of the last id seen).
 */
public final class IdCursor {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    private static final String PREFIX = "id:";

    private IdCursor() {
    }

    /** The id to continue after: 0 for the first page. */
    public static long after(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                long id = Long.parseLong(decoded.substring(PREFIX.length()));
                if (id >= 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the refusal
        }
        throw ApiException.badRequest("core.invalid_cursor", "The cursor is not one this API issued.");
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("core.invalid_limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return limit;
    }

    public static String encode(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A page from rows fetched with {@code LIMIT limit + 1}: the extra row, if any, tells that there is more.
     */
    public static <T> Page<T> page(List<T> rowsFetched, int limit, ToLongFunction<T> id) {
        boolean more = rowsFetched.size() > limit;
        List<T> items = more ? rowsFetched.subList(0, limit) : rowsFetched;
        String next = more ? encode(id.applyAsLong(items.getLast())) : null;
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * One page of a list.
     *
     * @param nextCursor null on the last page
     */
    public record Page<T>(List<T> items, String nextCursor) {

        /** The same page with each item turned into what the API shows (which may read the database). */
        public <R> Page<R> map(ItemView<T, R> view) throws SQLException {
            List<R> shown = new ArrayList<>(items.size());
            for (T item : items) {
                shown.add(view.of(item));
            }
            return new Page<>(shown, nextCursor);
        }
    }

    /** How one item of a page is shown. */
    @FunctionalInterface
    public interface ItemView<T, R> {
        R of(T item) throws SQLException;
    }
}
