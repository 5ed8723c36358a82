package org.applecore.platform.auth;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.problem.ApiException;

/**
 * {@code POST /logout} with the bearer access token and {@code {"refresh_token": ...}}: revokes that refresh
 * token if it belongs to the caller. Answers 204 either way, like OAuth token revocation (RFC 7009), so that
 * it tells nothing about other accounts' tokens. The access token itself expires on its own (15 minutes).
 */
@Controller("/logout")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogoutController {

    private final RefreshTokenStore refreshTokens;

    LogoutController(RefreshTokenStore refreshTokens) {
        this.refreshTokens = refreshTokens;
    }

    @Post
    @Status(HttpStatus.NO_CONTENT)
    public void logout(@Body LogoutRequest body, Authentication authentication) {
        if (body.refreshToken() == null || body.refreshToken().isEmpty()) {
            throw ApiException.badRequest("auth.invalid_request", "refresh_token is required.");
        }
        refreshTokens.revoke(CurrentAccount.from(authentication).id(), body.refreshToken());
    }
}
