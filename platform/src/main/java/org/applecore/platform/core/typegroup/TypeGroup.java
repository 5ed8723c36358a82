package org.applecore.platform.core.typegroup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A type group as stored: the token types it selects in set operations, each with optional amounts.
 *
 * @param ownerId null for a type group nobody owns
 */
public record TypeGroup(long id, UUID guid, Long ownerId, String name, Instant createdAt, List<Member> members) {

    public TypeGroup {
        members = List.copyOf(members);
    }

    /**
     * One token type of the group. The amount a set operation takes is {@code minimumNeeded} when set, else
     * {@code maximumNeeded}, else every token available.
     */
    public record Member(long tokenType, Long minimumNeeded, Long maximumNeeded) {

        /** The amount to take, or null for all available. */
        public Long amount() {
            return minimumNeeded != null ? minimumNeeded : maximumNeeded;
        }
    }
}
