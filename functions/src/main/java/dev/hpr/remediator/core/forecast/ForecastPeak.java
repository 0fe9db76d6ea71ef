package dev.hpr.remediator.core.forecast;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A recurring peak: when it starts (UTC), how long it lasts, how high it goes, and the evidence.
 *
 * @param recurrence                     daily, or Monday to Friday (UTC days of its start)
 * @param startUtc                       the estimated start: an early percentile of the occurrences' starts
 * @param length                         from the estimated start to the estimated end (a late percentile of the ends)
 * @param expectedConsumedUnitsPerSecond a high percentile of the occurrences' heights (consumed + throttled per second)
 * @param occurrences                    UTC days on which it was seen
 * @param eligibleDays                   UTC days of its kind whose history covers its time of day
 * @param throttledOccurrences           occurrences during which throttle events were recorded
 * @param pastServing                    it reaches past what the table serves without throttling
 */
public record ForecastPeak(Recurrence recurrence, LocalTime startUtc, Duration length,
                           double expectedConsumedUnitsPerSecond, int occurrences, int eligibleDays,
                           int throttledOccurrences, boolean pastServing) {

    public ForecastPeak {
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(startUtc, "startUtc");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a peak lasts at least a minute, was " + length);
        }
    }

    public LocalTime endUtc() {
        return startUtc.plus(length);
    }

    /** Whether the peak recurs on days starting on {@code day}. */
    public boolean recursOn(DayOfWeek day) {
        return recurrence == Recurrence.DAILY || day.getValue() <= DayOfWeek.FRIDAY.getValue();
    }

    /** The start of the next occurrence at or after {@code now}. */
    public Instant nextStart(Instant now) {
        ZonedDateTime day = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i <= 7; i++) {
            ZonedDateTime candidate = day.plusDays(i).with(startUtc);
            if (!candidate.toInstant().isBefore(now) && recursOn(candidate.getDayOfWeek())) {
                return candidate.toInstant();
            }
        }
        throw new IllegalStateException("no occurrence within a week of " + now);
    }

    /** How a person reads it: {@code daily 09:00-09:30 UTC, 1000 units/s (seen 14 of 14 days)}. */
    public String describe() {
        return (recurrence == Recurrence.DAILY ? "daily " : "weekdays ") + startUtc + "-" + endUtc() + " UTC, "
                + Math.round(expectedConsumedUnitsPerSecond) + " units/s (seen " + occurrences + " of " + eligibleDays
                + " days)";
    }
}
