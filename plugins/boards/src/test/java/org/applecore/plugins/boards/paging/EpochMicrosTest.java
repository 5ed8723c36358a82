package org.applecore.plugins.boards.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochMicrosTest {

    @Test
    void roundTripsAnInstantWithMicrosecondPrecision() {
        Instant instant = Instant.parse("2026-11-21T10:01:02.123456Z");

        assertThat(EpochMicros.toTimestamp(EpochMicros.of(instant)).toInstant()).isEqualTo(instant);
    }

    @Test
    void roundTripsAnInstantBefore1970() {
        Instant instant = Instant.parse("1969-12-31T23:59:59.999999Z");

        assertThat(EpochMicros.of(instant)).isEqualTo(-1);
        assertThat(EpochMicros.toTimestamp(-1).toInstant()).isEqualTo(instant);
    }
}
