package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void noThrottle_noWait() {
        assertEquals(0, backoff.delayNanos(0, new SplittableRandom(1)));
    }

    @Test
    void theDelayDoubles_keepsAtLeastHalf_andStopsAtTheCap() {
        var random = new SplittableRandom(7);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (int n = 1; n <= ceilings.length; n++) {
            long ceiling = Duration.ofMillis(ceilings[n - 1]).toNanos();
            for (int i = 0; i < 200; i++) {
                long d = backoff.delayNanos(n, random);
                assertTrue(d >= ceiling / 2 && d <= ceiling, "n=" + n + " d=" + d);
            }
        }
        assertTrue(backoff.delayNanos(10_000, random) <= Duration.ofSeconds(1).toNanos());
    }

    @Test
    void jitter_spreadsTheDelays() {
        var random = new SplittableRandom(3);
        var seen = new java.util.HashSet<Long>();
        for (int i = 0; i < 50; i++) {
            seen.add(backoff.delayNanos(3, random));
        }
        assertTrue(seen.size() > 40, seen.size() + " distinct delays of 50");
    }

    @Test
    void rejectsACapBelowTheBase() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
