package org.applecore.platform.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

/** Builds problem+json responses; the one place that knows their shape on the wire. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(int status, String code, String detail) {
        return HttpResponse.<Problem>status(io.micronaut.http.HttpStatus.valueOf(status))
                .body(Problem.of(status, code, detail))
                .contentType(Problem.MEDIA_TYPE);
    }

    public static MutableHttpResponse<Problem> of(ApiException e) {
        MutableHttpResponse<Problem> response = of(e.status(), e.code(), e.getMessage());
        if (e instanceof RetryLaterException later) {
            response.header("Retry-After", Long.toString(later.retryAfterSeconds()));
        }
        return response;
    }
}
