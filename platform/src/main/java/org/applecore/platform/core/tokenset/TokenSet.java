package org.applecore.platform.core.tokenset;

import java.time.Instant;
import java.util.UUID;

/**
 * A token set as stored: one owner, never transferred; an optional token type that only describes it.
 *
 * @param tokenTypeId null when the set has none
 * @param name null when the set has none
 * @param memberCount exact: kept in the transaction of every membership change
 */
public record TokenSet(long id, UUID guid, long ownerId, Long tokenTypeId, String name, long memberCount,
                       Instant createdAt) {
}
