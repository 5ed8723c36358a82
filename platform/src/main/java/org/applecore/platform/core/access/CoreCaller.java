package org.applecore.platform.core.access;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Who calls the core, resolved once per request (or per job step): the core user, whether they are a
 * full admin (member of the system group {@code full_admin_user}, or holder of the platform role
 * {@code admin}), and every user group they are effectively a member of right now (inherited groups
 * included).
 *
 * @param userId the core user's id (the platform account's id)
 * @param username the account's username
 * @param fullAdmin whether every core permission check passes for this caller
 * @param groupIds the user groups the caller is effectively a member of
 */
public record CoreCaller(long userId, String username, boolean fullAdmin, Set<Long> groupIds) {

    public CoreCaller {
        Objects.requireNonNull(username, "username is null");
        groupIds = Set.copyOf(Objects.requireNonNull(groupIds, "groupIds is null"));
    }

    /** Whether the caller is a member of at least one of the groups. */
    public boolean inAnyGroup(Collection<Long> groups) {
        for (Long group : groups) {
            if (groupIds.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
