package org.applecore.platform.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthenticationException;
import io.micronaut.security.authentication.AuthenticationExceptionHandler;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.Problem;
import org.applecore.platform.problem.ProblemResponses;

/**
 * A failed {@code POST /login} answers one 401 problem whatever went wrong (unknown user, wrong password,
 * inactive account), so that the answer does not reveal which accounts exist.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Replaces(AuthenticationExceptionHandler.class)
public class LoginFailureHandler implements ExceptionHandler<AuthenticationException, HttpResponse<Problem>> {

    static final String CODE = "auth.invalid_credentials";

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, AuthenticationException exception) {
        return ProblemResponses.of(401, CODE, "The username or password is wrong, or the account is not active.");
    }
}
