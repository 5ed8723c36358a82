package org.applecore.platform.core.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;
import org.applecore.platform.problem.Problem;
import org.applecore.platform.problem.ProblemResponses;

/**
 * The one place where a {@code /core/**} request whose path id does not convert (not a number, or out of the
 * range of a 64-bit id) gets its answer: 400 {@code core.invalid_id} (problem+json), whichever core controller
 * the route belongs to. A {@code limit} query value that is not a number gets 400 {@code core.invalid_limit},
 * as {@code IdCursor} answers for other bad limits. Everything else (and every path outside {@code /core})
 * keeps Micronaut's conversion error answer.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Replaces(ConversionErrorHandler.class)
public class CoreConversionErrorHandler extends ConversionErrorHandler {

    public CoreConversionErrorHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConversionErrorException exception) {
        String path = request.getPath();
        if (path.equals("/core") || path.startsWith("/core/")) {
            String name = exception.getArgument().getName();
            boolean pathVariable = BasicHttpAttributes.getRouteMatchInfo(request)
                    .map(info -> info.getVariableValues().containsKey(name))
                    .orElse(false);
            ApiException refusal = pathVariable ? invalidId(name) : name.equals("limit") ? invalidLimit() : null;
            if (refusal != null) {
                return ProblemResponses.of(refusal.status(), refusal.code(), refusal.getMessage());
            }
        }
        return super.handle(request, exception);
    }

    /** A path variable that is not a 64-bit whole number (also answered by the job engine's in-process reads). */
    public static ApiException invalidId(String name) {
        return ApiException.badRequest("core.invalid_id", "'" + name + "' in the path must be an id: a whole number from 1 to "
                + Long.MAX_VALUE + ".");
    }

    /** A {@code limit} query value that is not a whole number. */
    public static ApiException invalidLimit() {
        return ApiException.badRequest("core.invalid_limit", "limit must be a whole number.");
    }
}
