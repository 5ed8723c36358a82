package org.applecore.plugins.boards.entry;

import java.util.Optional;
import org.applecore.sdk.errors.PluginException;

/** The orders in which a board's top-level entries can be listed. */
public enum EntrySort {
    /** Newest first: created_at descending, then id descending. */
    NEW("new"),
    /** Most voted first: vote_count descending, then id descending. */
    TOP("top");

    public static final String INVALID_SORT = "boards.invalid_sort";

    private final String parameterValue;

    EntrySort(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The name under which cursors of this order are issued. */
    public String cursorOrder() {
        return "entries." + parameterValue;
    }

    /**
     * Reads the {@code sort} query parameter; absent or empty means {@link #NEW}.
     *
     * @throws PluginException 400 {@value #INVALID_SORT} for any other value than {@code new} or {@code top}
     */
    public static EntrySort parse(Optional<String> parameter) {
        String text = parameter.orElse("");
        if (text.isEmpty()) {
            return NEW;
        }
        for (EntrySort sort : values()) {
            if (sort.parameterValue.equals(text)) {
                return sort;
            }
        }
        throw PluginException.invalidInput(INVALID_SORT, "sort must be new or top: " + text);
    }
}
