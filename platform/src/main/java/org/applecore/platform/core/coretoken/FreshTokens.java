package org.applecore.platform.core.coretoken;

import java.time.Instant;
import java.util.Objects;

/**
 * Core tokens made before the rows that hold them exist: the plain values and their SHA-256 hashes, so that a
 * single statement can store the hashes together with the work they belong to (the job engine claims jobs and
 * issues each run's token in one statement). Positions are 1-based, as SQL's {@code WITH ORDINALITY}. The
 * plain values never leave this object except inside the {@link IssuedCoreToken} of a stored row.
 */
public final class FreshTokens {

    private final String[] plain;
    private final byte[][] hashes;

    FreshTokens(String[] plain, byte[][] hashes) {
        this.plain = plain;
        this.hashes = hashes;
    }

    /** The hashes to store, in position order. */
    public byte[][] hashes() {
        return hashes.clone();
    }

    public int size() {
        return plain.length;
    }

    /** The token at a (1-based) position, once its row was stored with the given id. */
    public IssuedCoreToken issued(int position, long id, long userId, String kind, Instant createdAt) {
        Objects.checkIndex(position - 1, plain.length);
        return new IssuedCoreToken(id, userId, kind, plain[position - 1], createdAt);
    }

    @Override
    public String toString() {
        return "FreshTokens[" + plain.length + "]";
    }
}
