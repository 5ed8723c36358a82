package org.applecore.platform.account;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** The body of {@code POST /admin/users}. Missing fields arrive as null and are refused with a 400. */
public record NewAccount(@Nullable String username, @Nullable String password, @Nullable List<String> roles) {
}
