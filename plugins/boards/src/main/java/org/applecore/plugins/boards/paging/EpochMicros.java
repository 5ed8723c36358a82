package org.applecore.plugins.boards.paging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Converts between instants and epoch microseconds, the precision of PostgreSQL's {@code timestamptz}.
 * Cursors carry times this way so that a page boundary compares exactly equal to the stored value.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    public static OffsetDateTime toTimestamp(long micros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
