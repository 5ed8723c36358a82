package org.applecore.sdk.errors;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A classified error, which the host turns into an {@code application/problem+json} answer with the
 * kind's HTTP status and the stable {@link #code()}.
 *
 * <p>Codes are lower-case snake_case words separated by dots and start with the plugin's id, for example
 * {@code boards.entry_not_found}. They are part of the plugin's API: clients branch on them, so never
 * change one. The message is the problem's {@code detail}: say what is wrong in words a caller can act
 * on, and never put secrets in it.
 */
public class PluginException extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final ErrorKind kind;
    private final String code;
    private final boolean retriable;

    public PluginException(ErrorKind kind, String code, String message) {
        this(kind, code, message, kind == ErrorKind.UNAVAILABLE, null);
    }

    public PluginException(ErrorKind kind, String code, String message, boolean retriable, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.code = Objects.requireNonNull(code, "code is null");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must be dotted lower snake_case: " + code);
        }
        this.retriable = retriable;
    }

    public static PluginException invalidInput(String code, String message) {
        return new PluginException(ErrorKind.INVALID_INPUT, code, message);
    }

    public static PluginException forbidden(String code, String message) {
        return new PluginException(ErrorKind.FORBIDDEN, code, message);
    }

    public static PluginException notFound(String code, String message) {
        return new PluginException(ErrorKind.NOT_FOUND, code, message);
    }

    public static PluginException conflict(String code, String message) {
        return new PluginException(ErrorKind.CONFLICT, code, message);
    }

    public static PluginException ruleViolation(String code, String message) {
        return new PluginException(ErrorKind.RULE_VIOLATION, code, message);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return kind.httpStatus();
    }

    /** Whether trying the same thing again later may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
