package org.applecore.platform.auth;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** {@code GET /me}: who the caller is — id, username and current roles. */
@Controller("/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MeController {

    @Get
    public CurrentAccount me(Authentication authentication) {
        return CurrentAccount.from(authentication);
    }
}
