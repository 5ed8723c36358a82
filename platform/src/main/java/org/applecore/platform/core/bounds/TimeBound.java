package org.applecore.platform.core.bounds;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A time bound: active from {@code start} to {@code stop} (both inclusive) and, when it has a cron schedule,
 * only during the {@code periodLength} that follows each fire time, fire times read in {@code zone}.
 *
 * @param cron null for a plain window
 * @param periodLength null exactly when cron is null
 * @param attributeIds the attributes this bound is used on
 */
public record TimeBound(long id, UUID guid, long ownerId, String name, Instant start, Instant stop, CronSchedule cron,
                        Duration periodLength, ZoneId zone, List<Long> attributeIds) {

    public TimeBound {
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(stop, "stop is null");
        Objects.requireNonNull(zone, "zone is null");
        if ((cron == null) != (periodLength == null)) {
            throw new IllegalArgumentException("cron and periodLength come together");
        }
        attributeIds = List.copyOf(attributeIds);
    }

    /** Whether the bound holds at this instant. */
    public boolean activeAt(Instant at) {
        if (at.isBefore(start) || at.isAfter(stop)) {
            return false;
        }
        if (cron == null) {
            return true;
        }
        Instant fire = cron.latestFireAtOrBefore(at, zone, periodLength);
        return fire != null && at.isBefore(fire.plus(periodLength));
    }
}
