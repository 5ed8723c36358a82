package org.applecore.platform.core.group;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /core/groups/{id}}: the group with the first page of its effective members and admins (user
 * ids, ascending). When a list goes on, its {@code *_next_cursor} continues it at
 * {@code /core/groups/{id}/members} or {@code /admins}.
 */
public record GroupDetailView(long id, UUID guid, String name, @Nullable Long ownerId, long tokenTypeId,
                              @Nullable Long parentGroupId, @Nullable Long personalOf, boolean personal, boolean system,
                              boolean admin, Instant createdAt, List<Long> members, @Nullable String membersNextCursor,
                              List<Long> admins, @Nullable String adminsNextCursor, @Nullable Long tokenId) {
}
