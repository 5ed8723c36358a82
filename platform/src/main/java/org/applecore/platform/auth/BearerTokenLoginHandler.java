package org.applecore.platform.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.bearer.AccessRefreshTokenLoginHandler;
import io.micronaut.security.token.generator.AccessRefreshTokenGenerator;
import io.micronaut.security.token.render.BearerAccessRefreshToken;
import jakarta.inject.Singleton;

/**
 * Answers {@code POST /login} and {@code POST /oauth/access_token} with a {@link LoginAnswer}. Refresh
 * rotates the refresh token: its answer is that of a new login (a new access token and a new refresh
 * token), while {@link RefreshTokenStore} has revoked the one that was presented. Micronaut's handler would
 * hand the old refresh token back instead.
 */
@Singleton
@Replaces(AccessRefreshTokenLoginHandler.class)
@Requires(property = "micronaut.security.authentication", value = "bearer")
public class BearerTokenLoginHandler extends AccessRefreshTokenLoginHandler {

    BearerTokenLoginHandler(AccessRefreshTokenGenerator accessRefreshTokenGenerator) {
        super(accessRefreshTokenGenerator);
    }

    @Override
    public MutableHttpResponse<?> loginSuccess(Authentication authentication, HttpRequest<?> request) {
        MutableHttpResponse<?> response = super.loginSuccess(authentication, request);
        if (response.getBody().orElse(null) instanceof BearerAccessRefreshToken token) {
            return response.body(LoginAnswer.of(token));
        }
        return response;
    }

    @Override
    public MutableHttpResponse<?> loginRefresh(Authentication authentication, String refreshToken, HttpRequest<?> request) {
        return loginSuccess(authentication, request);
    }
}
