package org.applecore.platform.core.bounds;

import org.applecore.platform.problem.ApiException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A standard five-field crontab expression ({@code minute hour day-of-month month day-of-week}) read in an
 * explicit time zone. Fields take {@code *}, numbers, ranges {@code a-b}, steps {@code * /n}, {@code a-b/n},
 * {@code a/n} and comma lists; months and weekdays also take names ({@code JAN}, {@code MON}); weekday 0
 * and 7 are Sunday. As in Vixie cron, when both day fields are restricted a day matches either.
 *
 * <p>Daylight saving: fire times are local times. A local time skipped by a spring-forward gap fires at the
 * same offset into the gap's end (02:30 becomes 03:30); a local time repeated by a fall-back overlap fires
 * once, at its first occurrence.
 */
public final class CronSchedule {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int MAX_CHARS = 200;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronSchedule(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = field(fields[0], "minute", 0, 59, List.of(), 0);
        this.hours = field(fields[1], "hour", 0, 23, List.of(), 0);
        this.daysOfMonth = field(fields[2], "day of month", 1, 31, List.of(), 0);
        this.months = field(fields[3], "month", 1, 12, MONTHS, 1);
        BitSet week = field(fields[4], "day of week", 0, 7, DAYS, 0);
        if (week.get(7)) {
            week.set(0);
            week.clear(7);
        }
        this.daysOfWeek = week;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /** @throws ApiException 400 {@code core.invalid_cron} saying what is wrong */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression is null");
        if (expression.length() > MAX_CHARS) {
            throw invalid("a cron expression has at most " + MAX_CHARS + " characters.");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw invalid("a cron expression has five fields (minute hour day-of-month month day-of-week), '"
                    + expression + "' has " + fields.length + ".");
        }
        return new CronSchedule(expression.trim(), fields);
    }

    public String expression() {
        return expression;
    }

    /** Whether the schedule fires at this local minute (seconds ignored). */
    public boolean matches(LocalDateTime time) {
        return minutes.get(time.getMinute()) && hours.get(time.getHour()) && matchesDay(time.toLocalDate());
    }

    /**
     * The latest fire time at or before {@code at}, looking back no further than {@code horizon}; null when
     * there is none in that window.
     */
    public Instant latestFireAtOrBefore(Instant at, ZoneId zone, java.time.Duration horizon) {
        Instant earliest = at.minus(horizon);
        LocalDate day = at.atZone(zone).toLocalDate();
        // One more day than the horizon: offsets move local days against instants by up to a day.
        LocalDate lastDay = earliest.atZone(zone).toLocalDate().minusDays(1);
        Instant best = null;
        for (; !day.isBefore(lastDay); day = day.minusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int hour = hours.previousSetBit(23); hour >= 0; hour = hours.previousSetBit(hour - 1)) {
                for (int minute = minutes.previousSetBit(59); minute >= 0; minute = minutes.previousSetBit(minute - 1)) {
                    Instant fire = fireInstant(LocalDateTime.of(day, LocalTime.of(hour, minute)), zone);
                    if (!fire.isAfter(at) && !fire.isBefore(earliest) && (best == null || fire.isAfter(best))) {
                        best = fire;
                    }
                }
            }
            // Local days and instants agree to within a day: a day before the best one cannot beat it.
            if (best != null && day.isBefore(best.atZone(zone).toLocalDate().minusDays(1))) {
                break;
            }
        }
        return best;
    }

    /** The first fire time strictly after {@code after}, within a year; null when there is none. */
    public Instant nextFireAfter(Instant after, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        LocalDate lastDay = day.plusDays(400);
        Instant best = null;
        for (; !day.isAfter(lastDay); day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    Instant fire = fireInstant(LocalDateTime.of(day, LocalTime.of(hour, minute)), zone);
                    if (fire.isAfter(after) && (best == null || fire.isBefore(best))) {
                        best = fire;
                    }
                }
            }
            if (best != null && day.isAfter(best.atZone(zone).toLocalDate().plusDays(1))) {
                break;
            }
        }
        return best;
    }

    private static Instant fireInstant(LocalDateTime local, ZoneId zone) {
        // ofLocal moves a time in a gap forward by the gap's length and picks the earlier offset in an overlap.
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    private boolean matchesDay(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String text, String name, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), name, 1, max, List.of(), 0);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                from = number(range.substring(0, dash), name, min, max, names, nameBase);
                to = number(range.substring(dash + 1), name, min, max, names, nameBase);
                if (from > to) {
                    throw invalid("the " + name + " range '" + range + "' runs backwards.");
                }
            } else {
                from = number(range, name, min, max, names, nameBase);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                bits.set(value);
            }
        }
        return bits;
    }

    private static int number(String text, String name, int min, int max, List<String> names, int nameBase) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + nameBase;
        }
        if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
            throw invalid("'" + text + "' is not a valid " + name + ".");
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw invalid("the " + name + " must be between " + min + " and " + max + ", not " + value + ".");
        }
        return value;
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("core.invalid_cron", "cron: " + detail);
    }

    @Override
    public String toString() {
        return expression;
    }
}
