package org.applecore.sdk.http;

import java.util.Objects;
import java.util.Set;

/**
 * Who may call a route. The host checks it before any plugin code runs: a caller without a valid
 * access token gets 401, a caller without every required role gets 403.
 *
 * @param isPublic true when anonymous callers are allowed
 * @param requiredRoles the roles the caller must all hold; empty means any logged-in user
 */
public record RouteAccess(boolean isPublic, Set<String> requiredRoles) {

    public RouteAccess {
        requiredRoles = Set.copyOf(Objects.requireNonNull(requiredRoles, "requiredRoles is null"));
        if (isPublic && !requiredRoles.isEmpty()) {
            throw new IllegalArgumentException("a public route cannot require roles");
        }
    }

    /** Anyone, logged in or not. */
    public static RouteAccess publicAccess() {
        return new RouteAccess(true, Set.of());
    }

    /** Any logged-in user. */
    public static RouteAccess authenticated() {
        return new RouteAccess(false, Set.of());
    }

    /** Logged-in users holding every one of the given roles. */
    public static RouteAccess roles(String... roles) {
        return new RouteAccess(false, Set.of(roles));
    }
}
