package org.applecore.plugins.boards.board;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.applecore.sdk.errors.PluginException;

/** What a board is for; its JSON name is the lower-case word clients send and receive. */
public enum BoardKind {
    /** A general discussion room. */
    CHAT("chat"),
    /** A review area. */
    REVIEW("review");

    public static final String INVALID_KIND = "boards.invalid_kind";

    private final String jsonName;

    BoardKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** @throws PluginException 400 {@value #INVALID_KIND} for anything but a known kind's JSON name */
    public static BoardKind parse(String text) {
        for (BoardKind kind : values()) {
            if (kind.jsonName.equals(text)) {
                return kind;
            }
        }
        String known = Arrays.stream(values()).map(BoardKind::jsonName).collect(Collectors.joining(", "));
        throw PluginException.invalidInput(INVALID_KIND, "kind must be one of " + known + ": " + text);
    }
}
