package dev.hpr.remediator.core.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The time range the diagnosis reads, in whole periods: {@code [start, end)}, {@code periodSeconds} each.
 * Built from {@code now} so that decisions never read the clock themselves.
 */
public record Window(Instant start, Instant end, int periodSeconds) {

    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (periodSeconds <= 0 || periodSeconds % 60 != 0) {
            throw new IllegalArgumentException("period must be a positive multiple of 60 s, was " + periodSeconds);
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " is not after start " + start);
        }
    }

    /** The last {@code minutes} whole minutes before {@code now}, in 1-minute periods. */
    public static Window lastMinutes(Instant now, int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("window must be at least 1 minute, was " + minutes);
        }
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        return new Window(end.minus(Duration.ofMinutes(minutes)), end, 60);
    }

    public int periods() {
        return (int) (Duration.between(start, end).getSeconds() / periodSeconds);
    }

    /** Index of the period holding {@code t}, or -1 when outside the window. */
    public int periodIndex(Instant t) {
        if (t.isBefore(start) || !t.isBefore(end)) {
            return -1;
        }
        return (int) (Duration.between(start, t).getSeconds() / periodSeconds);
    }

    public Instant periodStart(int index) {
        return start.plusSeconds((long) index * periodSeconds);
    }
}
