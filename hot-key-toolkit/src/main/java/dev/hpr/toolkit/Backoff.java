package dev.hpr.toolkit;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: after the n-th consecutive throttle, wait d/2 plus a random part of d/2, where
 * d = min(cap, base × 2^(n-1)). Half the delay is kept so that retries do slow down; the random half spreads
 * clients that were throttled together.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got " + base + ", " + cap);
        }
    }

    /** 50 ms doubling up to 5 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    /** The wait after {@code throttles} consecutive throttles (0 = none). */
    public long delayNanos(int throttles, RandomGenerator random) {
        if (throttles <= 0) {
            return 0;
        }
        long ceiling = cap.toNanos();
        long d = base.toNanos();
        for (int i = 1; i < throttles && d < ceiling; i++) {
            d = Math.min(ceiling, d * 2);
        }
        long half = d / 2;
        return half + (half > 0 ? random.nextLong(half + 1) : 0);
    }
}
