package org.applecore.platform.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.errors.OauthErrorResponseException;
import io.micronaut.security.errors.OauthErrorResponseExceptionHandler;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.Problem;
import org.applecore.platform.problem.ProblemResponses;

/**
 * Refusals of {@code POST /oauth/access_token} as problem+json like every other error: status 400 as OAuth
 * 2.0 prescribes, with the OAuth error code prefixed ({@code auth.invalid_grant},
 * {@code auth.invalid_request}, {@code auth.unsupported_grant_type}).
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Replaces(OauthErrorResponseExceptionHandler.class)
public class OauthErrorHandler implements ExceptionHandler<OauthErrorResponseException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, OauthErrorResponseException exception) {
        String detail = exception.getErrorDescription() != null
                ? exception.getErrorDescription()
                : exception.getError().getErrorCodeDescription();
        return ProblemResponses.of(400, "auth." + exception.getError().getErrorCode(), detail);
    }
}
