package org.applecore.platform.core.tokenset;

import java.time.Instant;
import java.util.UUID;

/** One member of a set in {@code GET /core/token-sets/{id}/tokens}: the token's identity, not its values. */
public record MemberView(long id, UUID guid, long tokenType, long ownerId, Instant addedAt) {
}
