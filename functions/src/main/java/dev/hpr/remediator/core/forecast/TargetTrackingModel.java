package dev.hpr.remediator.core.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A minute-by-minute model of a provisioned table under DynamoDB auto scaling (a target-tracking policy), with or
 * without the forecast's scheduled actions: the backtest's yardstick. Pure and deterministic.
 *
 * <p>Each constant is what AWS documents; where AWS gives a range ("a few", "several" minutes) the model takes the
 * low end, which favours reactive scaling: the forecast's advantage measured here is, if anything, understated.
 * <ul>
 * <li>Scale out after {@link #highAlarmDatapoints} consecutive one-minute datapoints above the target utilization:
 *     2 by default ("consumed capacity breaches the configured target utilization for two consecutive minutes",
 *     DynamoDB Developer Guide, "Managing throughput capacity automatically with DynamoDB auto scaling"; the same
 *     in the AWS knowledge center article "dynamodb-auto-scaling"). The constructor takes another count (the
 *     benchmark also runs 3).</li>
 * <li>The alarm sees a datapoint {@link #ALARM_DELAY_MINUTES} after its minute ends ("CloudWatch alarms might have
 *     a short delay of up to a few minutes before triggering auto scaling", same guide).</li>
 * <li>New capacity arrives {@link #UPDATE_MINUTES} after Application Auto Scaling asks for it ("it can take several
 *     minutes to update the provisioned capacity ... any requests that exceed the previous provisioned capacity of
 *     the table are throttled", same guide). One update at a time.</li>
 * <li>The new capacity puts the alarm's last datapoint at the target: {@code ceil(consumed / target)}, within
 *     Min/MaxCapacity (Application Auto Scaling User Guide, "How target tracking scaling works": capacity is added
 *     in proportion to the metric). A throttled table consumes at most its capacity, so one step adds at most
 *     {@code 1 / target} times: that is why a steep peak climbs a staircase.</li>
 * <li>Scale in after {@link #LOW_ALARM_DATAPOINTS} consecutive datapoints {@link #LOW_ALARM_FACTOR} of the target or
 *     lower ("decreases provisioned capacity when utilization is 20% or more below the target for 15 consecutive
 *     minutes", AWS knowledge center "dynamodb-auto-scaling"; "when 15 consecutive data points are lower than the
 *     target utilization", DynamoDB Developer Guide; AWS's own capacity-mode-evaluator in awslabs/
 *     amazon-dynamodb-tools models it the same way), to {@code ceil(max consumed of those 15 / target)}.</li>
 * <li>Decreases per table and UTC day: {@link #FREE_DECREASES_PER_DAY} at any time, then one more only when none
 *     happened in the past hour, at most {@link #MAX_DECREASES_PER_DAY} (DynamoDB Developer Guide, "Service,
 *     account, and table quotas", provisioned throughput decreases).</li>
 * <li>Burst capacity: up to {@link #BURST_SECONDS} seconds of unused capacity are kept and spent above the
 *     provisioned rate (DynamoDB Developer Guide, "Burst capacity": "retains up to 5 minutes (300 seconds) of unused
 *     read and write capacity").</li>
 * <li>After a capacity change the policy's alarms are updated with new thresholds, so only datapoints from then on
 *     count (Application Auto Scaling updates the alarms it manages for the policy).</li>
 * <li>A scheduled action sets MinCapacity at its minute; "if current capacity is less than the specified minimum
 *     capacity, Application Auto Scaling scales out to the specified minimum capacity" (Application Auto Scaling
 *     User Guide, "How scheduled scaling works"): the same update delay applies. A lower minimum changes no capacity
 *     (the same page scales in only to a maximum below the current capacity, and the forecast never sets one): the
 *     capacity comes down only by the scale-in above, which never goes below the minimum in force ("scaling policies
 *     will never go higher or lower than the minimum-maximum range", Application Auto Scaling User Guide,
 *     "Application Auto Scaling concepts").</li>
 * </ul>
 */
public final class TargetTrackingModel {

    public static final int DYNAMODB_HIGH_ALARM_DATAPOINTS = 2;
    public static final int ALARM_DELAY_MINUTES = 1;
    public static final int UPDATE_MINUTES = 3;
    public static final int LOW_ALARM_DATAPOINTS = 15;
    public static final double LOW_ALARM_FACTOR = 0.8;
    public static final int FREE_DECREASES_PER_DAY = 4;
    public static final int MAX_DECREASES_PER_DAY = 27;
    public static final int BURST_SECONDS = 300;

    private final int highAlarmDatapoints;

    public TargetTrackingModel() {
        this(DYNAMODB_HIGH_ALARM_DATAPOINTS);
    }

    public TargetTrackingModel(int highAlarmDatapoints) {
        if (highAlarmDatapoints < 1) {
            throw new IllegalArgumentException("the high alarm needs >= 1 datapoint, was " + highAlarmDatapoints);
        }
        this.highAlarmDatapoints = highAlarmDatapoints;
    }

    public int highAlarmDatapoints() {
        return highAlarmDatapoints;
    }

    /**
     * Replays per-minute demand (units per second the application asks for, from {@code start}) through the policy,
     * with the given scheduled actions (none: reactive only). The table starts at the capacity the first minute's
     * demand needs at the target, within Min/MaxCapacity.
     */
    public Replay replay(Instant start, double[] demandUnitsPerSecond, Serving.TargetTracking policy,
                         List<ScheduledMinCapacity> schedule) {
        Objects.requireNonNull(start, "start");
        if (start.getEpochSecond() % 60 != 0) {
            throw new IllegalArgumentException("replay must start on a whole minute, started " + start);
        }
        int n = demandUnitsPerSecond.length;
        double target = policy.targetUtilizationPercent() / 100.0;
        double[] consumed = new double[n];
        double[] throttled = new double[n];
        double[] capacity = new double[n];
        int minCapacity = policy.minCapacity();
        int maxCapacity = policy.maxCapacity();
        double c = n == 0 ? minCapacity : clamp(policy.capacityFor(demandUnitsPerSecond[0]), minCapacity,
                maxCapacity);
        double burst = 0;
        int pendingCapacity = -1;
        int pendingAt = -1;
        int countFrom = 0;            // alarms count datapoints from the last capacity change on
        long decreaseDay = Long.MIN_VALUE;
        int decreasesToday = 0;
        int lastDecrease = Integer.MIN_VALUE / 2;
        int throttledMinutes = 0;
        int scaleOuts = 0;
        int scaleIns = 0;
        double unitMinutes = 0;
        long startMinute = start.getEpochSecond() / 60;

        for (int t = 0; t < n; t++) {
            Instant minute = start.plusSeconds(60L * t);
            for (ScheduledMinCapacity action : schedule) {
                if (action.schedule().runsAt(minute)) {
                    minCapacity = Math.min(action.minCapacity(), maxCapacity);
                }
            }
            if (pendingAt == t) {
                c = pendingCapacity;
                pendingAt = -1;
                countFrom = t;
            }
            // Serve the minute: provisioned rate first, then burst capacity.
            double want = demandUnitsPerSecond[t] * 60;
            double base = Math.min(want, c * 60);
            double extra = Math.min(want - base, burst);
            double served = base + extra;
            burst = Math.min(BURST_SECONDS * c, burst - extra + (c * 60 - base));
            consumed[t] = served / 60;
            throttled[t] = (want - served) / 60;
            capacity[t] = c;
            unitMinutes += c;
            if (want - served > 1e-6 * Math.max(1, want)) {
                throttledMinutes++;
            }

            // Evaluate at the end of minute t, seeing datapoints up to t - ALARM_DELAY_MINUTES.
            if (pendingAt >= 0) {
                continue;
            }
            int seen = t - ALARM_DELAY_MINUTES;
            int requested = -1;
            if (c < minCapacity) {
                requested = minCapacity;
            } else if (window(seen, highAlarmDatapoints, countFrom)
                    && allUtilization(consumed, capacity, seen, highAlarmDatapoints, u -> u > target)) {
                int out = clamp(policy.capacityFor(consumed[seen]), minCapacity, maxCapacity);
                if (out > c) {
                    requested = out;
                    scaleOuts++;
                }
            } else if (window(seen, LOW_ALARM_DATAPOINTS, countFrom)
                    && allUtilization(consumed, capacity, seen, LOW_ALARM_DATAPOINTS,
                            u -> u <= target * LOW_ALARM_FACTOR)) {
                double highest = 0;
                for (int j = seen - LOW_ALARM_DATAPOINTS + 1; j <= seen; j++) {
                    highest = Math.max(highest, consumed[j]);
                }
                int in = clamp(policy.capacityFor(highest), minCapacity, maxCapacity);
                long day = Math.floorDiv(startMinute + t, 1440);
                if (day != decreaseDay) {
                    decreaseDay = day;
                    decreasesToday = 0;
                }
                boolean allowed = decreasesToday < FREE_DECREASES_PER_DAY
                        || (decreasesToday < MAX_DECREASES_PER_DAY && t - lastDecrease >= 60);
                if (in < c && allowed) {
                    requested = in;
                    decreasesToday++;
                    lastDecrease = t;
                    scaleIns++;
                }
            }
            if (requested >= 0) {
                pendingCapacity = requested;
                pendingAt = t + 1 + UPDATE_MINUTES;
            }
        }
        return new Replay(start, consumed, throttled, capacity, throttledMinutes, unitMinutes / 60, scaleOuts,
                scaleIns);
    }

    private static boolean window(int seen, int datapoints, int countFrom) {
        return seen - datapoints + 1 >= countFrom && seen >= 0;
    }

    private static boolean allUtilization(double[] consumed, double[] capacity, int seen, int datapoints,
                                          java.util.function.DoublePredicate test) {
        for (int j = seen - datapoints + 1; j <= seen; j++) {
            if (!test.test(consumed[j] / capacity[j])) {
                return false;
            }
        }
        return true;
    }

    private static int clamp(double value, int min, int max) {
        return (int) Math.max(min, Math.min(max, Math.ceil(value)));
    }
}
