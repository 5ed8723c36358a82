package org.applecore.platform.account;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The body of {@code PATCH /admin/users/{id}}: each field that is present replaces the stored value, a
 * missing one leaves it alone. {@code roles} replaces the whole set.
 */
public record AccountChanges(@Nullable String password, @Nullable List<String> roles, @Nullable Boolean active) {
}
