package org.applecore.plugins.boards.paging;

import java.util.Optional;
import org.applecore.sdk.errors.PluginException;

/**
 * How many items a page holds, from the {@code limit} query parameter.
 *
 * @param value between 1 and {@link #MAX}
 */
public record PageLimit(int value) {

    public static final int DEFAULT = 20;
    public static final int MAX = 100;
    public static final String INVALID_LIMIT = "boards.invalid_limit";

    public PageLimit {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("limit out of range: " + value);
        }
    }

    /**
     * Reads the {@code limit} parameter; absent or empty means {@value #DEFAULT}.
     *
     * @throws PluginException 400 {@value #INVALID_LIMIT} when it is not a whole number from 1 to {@value #MAX}
     */
    public static PageLimit parse(Optional<String> parameter) {
        String text = parameter.map(String::strip).orElse("");
        if (text.isEmpty()) {
            return new PageLimit(DEFAULT);
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw outOfRange(text);
        }
        if (value < 1 || value > MAX) {
            throw outOfRange(text);
        }
        return new PageLimit(value);
    }

    /** Rows to fetch: one more than the page shows, so that we know whether a next page exists. */
    public int rowsToFetch() {
        return value + 1;
    }

    private static PluginException outOfRange(String text) {
        return PluginException.invalidInput(INVALID_LIMIT, "limit must be a whole number from 1 to " + MAX + ": " + text);
    }
}
