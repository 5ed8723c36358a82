package org.applecore.platform.core.coretoken;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** What is kept about a core token besides its hash: never its value. */
public record CoreTokenInfo(long id, long userId, String kind, Instant createdAt, @Nullable Instant revokedAt) {
}
