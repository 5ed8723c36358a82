package org.applecore.platform.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.security.token.render.BearerAccessRefreshToken;

import java.util.List;
import java.util.TreeSet;

/**
 * The body of a successful login or refresh. Micronaut's own token body loses its {@code roles} field when
 * the list is empty (the host's JSON leaves empty values out); this one always has every field.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LoginAnswer(String accessToken, String refreshToken, String tokenType, Integer expiresIn,
                          String username, List<String> roles) {

    static LoginAnswer of(BearerAccessRefreshToken token) {
        return new LoginAnswer(token.getAccessToken(), token.getRefreshToken(), token.getTokenType(),
                token.getExpiresIn(), token.getUsername(),
                token.getRoles() == null ? List.of() : List.copyOf(new TreeSet<>(token.getRoles())));
    }
}
