package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A user group on the wire, as its members see it in lists.
 *
 * @param personal whether this is a user's personal group (made with the user, never deleted)
 * @param admin whether the caller is an effective admin of the group
 */
public record GroupView(long id, UUID guid, String name, @Nullable Long ownerId, long tokenTypeId,
                        @Nullable Long parentGroupId, @Nullable Long personalOf, boolean personal, boolean system,
                        boolean admin, Instant createdAt, @Nullable Long tokenId) {

    static GroupView of(UserGroup group, boolean callerIsAdmin) {
        return new GroupView(group.id(), group.guid(), group.name(), group.ownerId(), group.tokenTypeId(),
                group.parentGroupId(), group.personalOf(), group.personalOf() != null, group.system(), callerIsAdmin,
                group.createdAt(), group.tokenId());
    }
}
