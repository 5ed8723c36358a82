package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A user group as stored.
 *
 * @param ownerId the creator; null for the system groups
 * @param parentGroupId the group this one inherits members and admins from, if any
 * @param personalOf the user whose personal group this is, if it is one
 * @param tokenId the group's token (its image, docs, ...); null for the system groups
 */
public record UserGroup(long id, UUID guid, String name, @Nullable Long ownerId, long tokenTypeId,
                        @Nullable Long parentGroupId, @Nullable Long personalOf, boolean system, Instant createdAt,
                        @Nullable Long tokenId) {
}
