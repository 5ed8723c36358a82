package org.applecore.platform.core.bounds;

import org.applecore.platform.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time bounds: the inclusive window, cron periods in an explicit zone, and both daylight-saving transitions. */
class TimeBoundTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static TimeBound bound(String start, String stop, String cron, Duration period, ZoneId zone) {
        return new TimeBound(1, UUID.randomUUID(), 1, "b", Instant.parse(start), Instant.parse(stop),
                cron == null ? null : CronSchedule.parse(cron), period, zone, List.of());
    }

    private static Instant berlin(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), BERLIN).toInstant();
    }

    @Test
    void aPlainWindowIncludesBothEnds() {
        TimeBound window = bound("2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", null, null, ZoneId.of("UTC"));
        assertThat(window.activeAt(Instant.parse("2026-01-01T00:00:00Z"))).isTrue();
        assertThat(window.activeAt(Instant.parse("2026-01-31T00:00:00Z"))).isTrue();
        assertThat(window.activeAt(Instant.parse("2026-01-15T12:00:00Z"))).isTrue();
        assertThat(window.activeAt(Instant.parse("2025-12-31T23:59:59Z"))).isFalse();
        assertThat(window.activeAt(Instant.parse("2026-01-31T00:00:01Z"))).isFalse();
    }

    @Test
    void aCronBoundHoldsForThePeriodAfterEachFireTimeInItsZone() {
        TimeBound lunch = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 12 * * MON-FRI", Duration.ofHours(1), BERLIN);
        // 2026-01-05 is a Monday; Berlin is UTC+1 in winter.
        assertThat(lunch.activeAt(berlin("2026-01-05T12:00"))).isTrue();
        assertThat(lunch.activeAt(berlin("2026-01-05T12:59:59"))).isTrue();
        assertThat(lunch.activeAt(berlin("2026-01-05T13:00"))).isFalse();
        assertThat(lunch.activeAt(berlin("2026-01-05T11:59"))).isFalse();
        assertThat(lunch.activeAt(Instant.parse("2026-01-05T12:30:00Z"))).as("12:30 UTC is 13:30 in Berlin").isFalse();
        assertThat(lunch.activeAt(berlin("2026-01-10T12:30"))).as("a Saturday").isFalse();
        // Outside start..stop nothing holds, even at a fire time.
        assertThat(lunch.activeAt(berlin("2027-01-04T12:30"))).isFalse();
    }

    @Test
    void aPeriodMaySpanMidnightAndDays() {
        TimeBound nights = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 22 * * *", Duration.ofHours(8), BERLIN);
        assertThat(nights.activeAt(berlin("2026-02-03T05:59"))).isTrue();
        assertThat(nights.activeAt(berlin("2026-02-03T06:00"))).isFalse();
        TimeBound weekend = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 18 * * FRI", Duration.ofDays(2).plusHours(14), BERLIN);
        assertThat(weekend.activeAt(berlin("2026-02-08T23:00"))).as("Sunday night").isTrue();
        assertThat(weekend.activeAt(berlin("2026-02-09T08:00"))).as("Monday morning").isFalse();
    }

    @Test
    void springForwardKeepsLocalFireTimesAndMovesSkippedOnesToTheGapsEnd() {
        // Berlin moves from 02:00 CET to 03:00 CEST on 2026-03-29.
        TimeBound nine = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 9 * * *", Duration.ofHours(1), BERLIN);
        assertThat(nine.activeAt(Instant.parse("2026-03-28T08:30:00Z"))).as("09:30 CET").isTrue();
        assertThat(nine.activeAt(Instant.parse("2026-03-29T07:30:00Z"))).as("09:30 CEST").isTrue();
        assertThat(nine.activeAt(Instant.parse("2026-03-29T08:30:00Z"))).as("10:30 CEST").isFalse();

        TimeBound skipped = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "30 2 * * *", Duration.ofMinutes(30), BERLIN);
        // 02:30 does not exist that day: it fires at 03:30 CEST (01:30 UTC).
        assertThat(skipped.activeAt(Instant.parse("2026-03-29T01:29:00Z"))).isFalse();
        assertThat(skipped.activeAt(Instant.parse("2026-03-29T01:45:00Z"))).isTrue();
        assertThat(skipped.activeAt(Instant.parse("2026-03-29T02:00:00Z"))).isFalse();
        assertThat(CronSchedule.parse("30 2 * * *").nextFireAfter(Instant.parse("2026-03-28T12:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void fallBackFiresARepeatedLocalTimeOnceAndMeasuresPeriodsInRealTime() {
        // Berlin moves from 03:00 CEST back to 02:00 CET on 2026-10-25: 02:30 happens twice.
        TimeBound repeated = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "30 2 * * *", Duration.ofMinutes(30), BERLIN);
        assertThat(repeated.activeAt(Instant.parse("2026-10-25T00:45:00Z"))).as("02:45 CEST, after the first 02:30").isTrue();
        assertThat(repeated.activeAt(Instant.parse("2026-10-25T01:45:00Z"))).as("02:45 CET, after the repeated 02:30").isFalse();
        assertThat(CronSchedule.parse("30 2 * * *").nextFireAfter(Instant.parse("2026-10-25T00:31:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));

        // A 09:00 period of two hours covers 09:00-11:00 local on both sides of the change.
        TimeBound morning = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 9 * * *", Duration.ofHours(2), BERLIN);
        assertThat(morning.activeAt(Instant.parse("2026-10-24T08:30:00Z"))).as("10:30 CEST").isTrue();
        assertThat(morning.activeAt(Instant.parse("2026-10-25T09:30:00Z"))).as("10:30 CET").isTrue();
        assertThat(morning.activeAt(Instant.parse("2026-10-25T10:30:00Z"))).as("11:30 CET").isFalse();

        // Across the night of the change a period measured in real time is one hour longer on the clock.
        TimeBound night = bound("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "0 0 * * *", Duration.ofHours(3), BERLIN);
        assertThat(night.activeAt(berlin("2026-10-25T01:59"))).isTrue();
        assertThat(night.activeAt(ZonedDateTime.ofLocal(LocalDateTime.parse("2026-10-25T02:30"), BERLIN,
                java.time.ZoneOffset.ofHours(1)).toInstant())).as("02:30 CET is 3.5 h after midnight CEST").isFalse();
    }

    @Test
    void cronFieldsAcceptListsRangesStepsAndNames() {
        CronSchedule schedule = CronSchedule.parse("*/15 8-17/3 1,15 JAN-MAR *");
        assertThat(schedule.matches(LocalDateTime.parse("2026-01-15T11:45"))).isTrue();
        assertThat(schedule.matches(LocalDateTime.parse("2026-01-15T12:45"))).isFalse();
        assertThat(schedule.matches(LocalDateTime.parse("2026-04-01T08:00"))).isFalse();
        // Both day fields restricted: either matches (Vixie cron).
        CronSchedule either = CronSchedule.parse("0 0 13 * 5");
        assertThat(either.matches(LocalDateTime.parse("2026-02-13T00:00"))).isTrue();
        assertThat(either.matches(LocalDateTime.parse("2026-02-06T00:00"))).as("a Friday").isTrue();
        assertThat(either.matches(LocalDateTime.parse("2026-02-07T00:00"))).isFalse();
        assertThat(CronSchedule.parse("0 0 * * 7").matches(LocalDateTime.parse("2026-02-08T00:00"))).as("Sunday as 7").isTrue();
    }

    @Test
    void badCronExpressionsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *")).isInstanceOf(ApiException.class)
                .hasMessageContaining("five fields").extracting("code").isEqualTo("core.invalid_cron");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute must be between 0 and 59");
        assertThatThrownBy(() -> CronSchedule.parse("* * * FOO *")).hasMessageContaining("'FOO' is not a valid month");
        assertThatThrownBy(() -> CronSchedule.parse("* 5-2 * * *")).hasMessageContaining("runs backwards");
    }
}
