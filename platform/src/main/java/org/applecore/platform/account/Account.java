package org.applecore.platform.account;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An account as the rest of the host sees it. It never carries the password hash.
 *
 * @param roles the roles granted to the account, sorted; may include roles of plugins that are stopped
 */
public record Account(long id, String username, SortedSet<String> roles, boolean active, Instant createdAt) {

    public Account {
        Objects.requireNonNull(username, "username is null");
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles is null")));
        Objects.requireNonNull(createdAt, "createdAt is null");
    }

    public Account(long id, String username, Set<String> roles, boolean active, Instant createdAt) {
        this(id, username, new TreeSet<>(roles), active, createdAt);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
