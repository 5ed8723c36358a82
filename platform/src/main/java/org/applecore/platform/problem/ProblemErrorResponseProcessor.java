package org.applecore.platform.problem;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Gives every error Micronaut itself produces (unknown route, unreadable body, failed binding, security
 * rejections, unhandled exceptions) the same problem+json shape and a stable code. Replaces Micronaut's
 * secondary default processor.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context,
                                                        @NonNull MutableHttpResponse<?> response) {
        int status = response.code();
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<Problem>) response;
        }
        Problem problem = Problem.of(status, codeFor(status), detailFor(status, context));
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "request_refused";
        };
    }

    private static String detailFor(int status, ErrorContext context) {
        if (status >= 500) {
            // Never echo internal exception messages: they can carry SQL, paths or secrets.
            return "The server failed to handle the request; the failure was logged.";
        }
        return switch (status) {
            case 401 -> "A valid access token is required.";
            case 403 -> "You are not allowed to do this.";
            case 404 -> "No such resource.";
            default -> {
                String messages = context.getErrors().stream().map(Error::getMessage)
                        .collect(Collectors.joining("; "));
                yield messages.isBlank() ? "The request was refused." : messages;
            }
        };
    }
}
