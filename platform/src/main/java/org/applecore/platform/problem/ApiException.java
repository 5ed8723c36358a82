package org.applecore.platform.problem;

import java.util.Objects;

/**
 * A refusal the host answers with {@code application/problem+json}: an HTTP status, a stable code that
 * clients may branch on, and a detail that says what is wrong. Throw it from anywhere in a request.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String detail) {
        super(Objects.requireNonNull(detail, "detail is null"));
        this.status = status;
        this.code = Objects.requireNonNull(code, "code is null");
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
