package org.applecore.platform.core.coretoken;

import java.time.Instant;
import java.util.Objects;

/**
 * A core token just issued: the only time its plain value exists outside the client. Never log it.
 *
 * @param token the bearer value, {@code ac_} followed by 43 base64url characters
 */
public record IssuedCoreToken(long id, long userId, String kind, String token, Instant createdAt) {

    public IssuedCoreToken {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public String toString() {
        return "IssuedCoreToken[id=" + id + ", userId=" + userId + ", kind=" + kind + ", createdAt=" + createdAt + "]";
    }
}
