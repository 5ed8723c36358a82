package org.applecore.plugins.boards.board;

import static java.util.Objects.requireNonNull;

import org.applecore.sdk.errors.PluginException;

/**
 * A board as a caller asked for it, checked and ready to store.
 *
 * @param name trimmed, 1 to {@value #MAX_NAME_CHARS} characters
 */
public record BoardDraft(String name, BoardKind kind, boolean allowReplies, boolean allowVotes) {

    public static final int MAX_NAME_CHARS = 200;
    public static final String NAME_REQUIRED = "boards.name_required";
    public static final String NAME_TOO_LONG = "boards.name_too_long";
    public static final String INVALID_NAME = "boards.invalid_name";

    public BoardDraft {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
    }

    /** @throws PluginException 400 when the request's name or kind is not acceptable */
    public static BoardDraft from(CreateBoardRequest request) {
        requireNonNull(request, "request is null");
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw PluginException.invalidInput(NAME_REQUIRED, "name is required and must not be blank");
        }
        // Counted in code points so that a name of 200 emoji is as long as a name of 200 letters.
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            throw PluginException.invalidInput(NAME_TOO_LONG, "name must be at most " + MAX_NAME_CHARS + " characters");
        }
        // PostgreSQL text cannot hold NUL; refusing it here keeps it a 400 instead of a failed insert.
        if (name.indexOf('\0') >= 0) {
            throw PluginException.invalidInput(INVALID_NAME, "name must not contain NUL characters");
        }
        return new BoardDraft(
                name,
                BoardKind.parse(request.kind()),
                Boolean.TRUE.equals(request.allowReplies()),
                Boolean.TRUE.equals(request.allowVotes()));
    }
}
