package org.applecore.platform.problem;

import java.time.Duration;
import java.util.Objects;

/** A refusal that ends by itself: answered with a {@code Retry-After} header (whole seconds, at least 1). */
public class RetryLaterException extends ApiException {

    private final Duration retryAfter;

    public RetryLaterException(int status, String code, String detail, Duration retryAfter) {
        super(status, code, detail);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter is null");
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
