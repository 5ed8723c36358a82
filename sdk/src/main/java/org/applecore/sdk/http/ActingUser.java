package org.applecore.sdk.http;

import java.util.Objects;
import java.util.Set;

/**
 * The logged-in user on whose behalf a route runs, as the host authenticated it for this request.
 *
 * @param id the platform account's id, stable for the account's life
 * @param username the account's login name
 * @param roles the roles the account holds right now
 */
public record ActingUser(long id, String username, Set<String> roles) {

    /** The role that gives operators every right on the platform. */
    public static final String ADMIN_ROLE = "admin";

    public ActingUser {
        Objects.requireNonNull(username, "username is null");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles is null"));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN_ROLE);
    }
}
