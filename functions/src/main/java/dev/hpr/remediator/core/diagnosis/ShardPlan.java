package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;

/**
 * How many shards (write shards, GSI key suffixes, shards per time bucket) or read replicas a hot key needs for a
 * rate of {@code unitsPerSecond} read or write units:
 *
 * <pre>count = clamp( ceil( unitsPerSecond / (units per partition × {@value #HEADROOM}) ), 2, 100 )</pre>
 *
 * <p>A partition serves at most {@value #READ_UNITS_PER_PARTITION} RCU or {@value #WRITE_UNITS_PER_PARTITION} WCU
 * per second; at headroom {@value #HEADROOM} each shard runs at half of that, so the key can double before it
 * throttles again. At least {@value #MIN_COUNT} (one shard is the hot key itself), at most {@value #MAX_COUNT}:
 * every shard is one more Query per scatter-gather read.
 *
 * <p>The same formula and constants as the toolkit's {@code dev.hpr.toolkit.ShardCount}, which this module must
 * not depend on: the tests of both read {@code dev/hpr/testfixtures/shard-counts.csv} and must agree with it.
 */
public record ShardPlan(OperationType operation, double unitsPerSecond) {

    public static final double READ_UNITS_PER_PARTITION = 3_000;
    public static final double WRITE_UNITS_PER_PARTITION = 1_000;
    public static final double HEADROOM = 0.5;
    public static final int MIN_COUNT = 2;
    public static final int MAX_COUNT = 100;

    public ShardPlan {
        java.util.Objects.requireNonNull(operation, "operation");
        if (!(unitsPerSecond >= 0) || Double.isInfinite(unitsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + unitsPerSecond);
        }
    }

    /** One partition's limit for the operation, in units per second. */
    public double unitsPerPartition() {
        return switch (operation) {
            case READ -> READ_UNITS_PER_PARTITION;
            case WRITE -> WRITE_UNITS_PER_PARTITION;
        };
    }

    /** The formula's answer before the clamp. */
    public double unclamped() {
        return Math.ceil(unitsPerSecond / (unitsPerPartition() * HEADROOM));
    }

    public int count() {
        return (int) Math.max(MIN_COUNT, Math.min(MAX_COUNT, unclamped()));
    }

    /** The rate asks for more than {@value #MAX_COUNT}: the count is the maximum, not enough. */
    public boolean atMaximum() {
        return unclamped() > MAX_COUNT;
    }

    /** {@code RCU} or {@code WCU}. */
    public String unitName() {
        return switch (operation) {
            case READ -> "RCU";
            case WRITE -> "WCU";
        };
    }
}
