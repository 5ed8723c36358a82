package org.applecore.plugins.boards.paging;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.applecore.sdk.errors.PluginException;

/**
 * A position in a keyset-paginated list: the sort key and id of the last item a page showed. Clients
 * receive it as an opaque base64url string and must not build one themselves.
 *
 * <p>The encoded form names the list order it belongs to, so that a cursor taken from one order (say
 * {@code top}) and replayed against another ({@code new}) is refused instead of silently skipping items.
 *
 * @param order which list order the position belongs to, for example {@code entries.top}
 * @param sortKey the value of the order's first sort column (a vote count, or a time in epoch microseconds)
 * @param id the id of the last item shown, which breaks ties between equal sort keys
 */
public record PageCursor(String order, long sortKey, long id) {

    public static final String INVALID_CURSOR = "boards.invalid_cursor";

    // Far longer than any cursor this class writes; stops a client from making us decode megabytes.
    private static final int MAX_ENCODED_LENGTH = 200;

    public PageCursor {
        requireNonNull(order, "order is null");
        if (order.isEmpty() || order.contains(":")) {
            throw new IllegalArgumentException("order must be non-empty and free of ':': " + order);
        }
    }

    public String encode() {
        String plain = order + ":" + sortKey + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the {@code cursor} query parameter; absent or empty means the first page.
     *
     * @throws PluginException 400 {@value #INVALID_CURSOR} when it is present but not a cursor of that order
     */
    public static Optional<PageCursor> parse(Optional<String> parameter, String expectedOrder) {
        return parameter.filter(text -> !text.isEmpty()).map(text -> decode(text, expectedOrder));
    }

    /**
     * Reads a cursor that a page of the given order handed out.
     *
     * @throws PluginException 400 {@value #INVALID_CURSOR} when the text is not such a cursor
     */
    public static PageCursor decode(String encoded, String expectedOrder) {
        requireNonNull(encoded, "encoded is null");
        requireNonNull(expectedOrder, "expectedOrder is null");
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        String[] parts = plain.split(":", -1);
        if (parts.length != 3 || !parts[0].equals(expectedOrder)) {
            throw invalid();
        }
        try {
            long sortKey = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            if (id < 0) {
                throw invalid();
            }
            return new PageCursor(expectedOrder, sortKey, id);
        } catch (NumberFormatException notNumbers) {
            throw invalid();
        }
    }

    private static PluginException invalid() {
        return PluginException.invalidInput(INVALID_CURSOR,
                "cursor is not valid for this list: pass the next_cursor of a previous page unchanged");
    }
}
