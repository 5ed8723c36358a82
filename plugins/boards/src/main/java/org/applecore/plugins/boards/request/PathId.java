package org.applecore.plugins.boards.request;

import java.util.regex.Pattern;
import org.applecore.sdk.errors.PluginException;
import org.applecore.sdk.http.PluginRequest;

/** Reads numeric ids from path variables such as {@code {boardId}}. */
public final class PathId {

    public static final String INVALID_ID = "boards.invalid_id";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private PathId() {
    }

    /**
     * The path variable as an id.
     *
     * @throws PluginException 400 {@value #INVALID_ID} when it is not a non-negative whole number
     */
    public static long of(PluginRequest request, String variable) {
        return parse(variable, request.pathVariable(variable));
    }

    static long parse(String variable, String text) {
        if (text != null && DIGITS.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                // falls through to the same answer as any other non-id
            }
        }
        throw PluginException.invalidInput(INVALID_ID, variable + " must be a number: " + text);
    }
}
