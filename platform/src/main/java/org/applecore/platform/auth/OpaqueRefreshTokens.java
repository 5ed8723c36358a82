package org.applecore.platform.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.RefreshTokenGenerator;
import io.micronaut.security.token.jwt.generator.SignedRefreshTokenGenerator;
import io.micronaut.security.token.validator.RefreshTokenValidator;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refresh tokens are 256 random bits (base64url), not signed JWTs: they mean something only through their
 * row in {@link RefreshTokenStore}, which is what makes revocation work. The validator only rejects
 * strings that cannot be such a token before the database is asked.
 */
@Singleton
@Replaces(SignedRefreshTokenGenerator.class)
public class OpaqueRefreshTokens implements RefreshTokenGenerator, RefreshTokenValidator {

    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();

    @Override
    public String createKey(Authentication authentication) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public Optional<String> generate(Authentication authentication, String key) {
        return Optional.of(key);
    }

    @Override
    public Optional<String> validate(String refreshToken) {
        return refreshToken != null && TOKEN.matcher(refreshToken).matches() ? Optional.of(refreshToken) : Optional.empty();
    }
}
