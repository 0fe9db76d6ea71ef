package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.util.Objects;

/**
 * What a hot key asked of its partition at the window's peak, in read or write units per second: the rate its
 * {@link ShardPlan} is sized for.
 *
 * <pre>unitsPerSecond = share × ( peak consumed units/s + peak throttled events/s × {@value #UNITS_PER_THROTTLE_EVENT} unit )</pre>
 *
 * <p>Measured: the resource's peaks ({@link PeakRates}: {@code Consumed{Read|Write}CapacityUnits} and the
 * cause's throttle events, highest one-minute {@code Sum} / 60) and the key's share of the throttled requests the
 * Contributor Insights rule counted ({@code GetInsightRuleReport}'s {@code ApproximateAggregateValue} over the
 * window; the PKT rule counts a key's throttled requests, reads and writes together). Assumed, because nothing
 * DynamoDB publishes says it:
 * <ul>
 *   <li>the key's share of consumed units is its share of throttled requests (THROTTLED_KEYS mode has no
 *       most-accessed rule);</li>
 *   <li>a throttled request stands for {@value #UNITS_PER_THROTTLE_EVENT} unit (one item of up to 1 KB written or
 *       4 KB read strongly consistent); a request the client retries is counted each time it is throttled, which
 *       errs towards more shards, as does adding two peaks that may come from different minutes;</li>
 *   <li>per-minute sums average out bursts shorter than a minute, which errs towards fewer shards.</li>
 * </ul>
 * For {@link KeyPattern#TEMPORAL} keys the share is that of all the time-based keys ({@link HotKeys#timeBasedShare}):
 * each is hot in its turn, and the current one takes what they take together.
 *
 * @param key    the top key (for TEMPORAL keys, an example of them)
 * @param share  0 to 1
 */
public record HotKeyDemand(ResourceRef resource, OperationType operation, KeyPattern pattern, String key,
                           double share, PeakRates peak) {

    public static final double UNITS_PER_THROTTLE_EVENT = 1;

    public HotKeyDemand {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(peak, "peak");
        if (!(share >= 0 && share <= 1 + 1e-9)) {
            throw new IllegalArgumentException("share must be in [0, 1], was " + share);
        }
    }

    /** The demand of a cause's resource's hot keys for the cause's operation. */
    public static HotKeyDemand of(CauseFinding cause, HotKeys keys) {
        if (!keys.resource().equals(cause.resource())) {
            throw new IllegalArgumentException("hot keys of " + keys.resource() + " for a cause of " + cause.resource());
        }
        double share = keys.pattern() == KeyPattern.TEMPORAL ? keys.timeBasedShare() : keys.top().share();
        return new HotKeyDemand(cause.resource(), cause.operation(), keys.pattern(), keys.top().key(),
                Math.min(1, share), cause.peak());
    }

    public double unitsPerSecond() {
        return share * (peak.consumedUnitsPerSecond() + peak.throttleEventsPerSecond() * UNITS_PER_THROTTLE_EVENT);
    }

    public ShardPlan shardPlan() {
        return new ShardPlan(operation, unitsPerSecond());
    }
}
