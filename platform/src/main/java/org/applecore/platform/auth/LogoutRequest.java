package org.applecore.platform.auth;

import io.micronaut.core.annotation.Nullable;

/** The body of {@code POST /logout}. */
public record LogoutRequest(@Nullable String refreshToken) {
}
