package org.applecore.sdk.errors;

/**
 * The classes of error a plugin may raise, each with the HTTP status the host answers with.
 * Only {@link #UNAVAILABLE} is retriable by default: the job engine retries nothing else.
 */
public enum ErrorKind {
    /** The caller's input is wrong: 400. */
    INVALID_INPUT(400),
    /** The caller is not logged in: 401. */
    UNAUTHENTICATED(401),
    /** The caller may not do this: 403. */
    FORBIDDEN(403),
    /** The object does not exist, or the caller may not know it exists: 404. */
    NOT_FOUND(404),
    /** The request conflicts with the current state: 409. */
    CONFLICT(409),
    /** The input is well-formed but breaks a rule: 422. */
    RULE_VIOLATION(422),
    /** A dependency is temporarily unavailable; trying again later may succeed: 503. */
    UNAVAILABLE(503),
    /** A defect in the plugin: 500. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
