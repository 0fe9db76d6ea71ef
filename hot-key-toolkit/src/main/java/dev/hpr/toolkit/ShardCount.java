package dev.hpr.toolkit;

/**
 * How many shards a hot key needs, from what it was asked to serve.
 *
 * <p>{@code shards = clamp(ceil(rate / (limit × headroom)), 2, max)}, where {@code rate} is the key's consumed plus
 * throttled units per second (reads or writes), {@code limit} one partition's limit (3,000 RCU or 1,000 WCU per
 * second) and {@code headroom} the share of that limit each shard may use (default 0.5, so a shard runs at half a
 * partition and the key can double before it throttles again). At least 2 (one shard is the hot key itself), at
 * most {@code max} (default {@value #DEFAULT_MAX}): every shard is one more request per scatter-gather read.
 * The remediator's findings use the same formula.
 */
public final class ShardCount {

    /** Read capacity units one partition serves per second. */
    public static final double READ_UNITS_PER_PARTITION = 3_000;
    /** Write capacity units one partition serves per second. */
    public static final double WRITE_UNITS_PER_PARTITION = 1_000;
    public static final double DEFAULT_HEADROOM = 0.5;
    public static final int DEFAULT_MAX = Limits.MAX_SHARDS;

    private ShardCount() {
    }

    /** Shards for a key that consumed plus had throttled {@code unitsPerSecond} write units. */
    public static int forWrites(double unitsPerSecond) {
        return of(unitsPerSecond, WRITE_UNITS_PER_PARTITION, DEFAULT_HEADROOM, DEFAULT_MAX);
    }

    /** Shards (or read replicas) for a key that consumed plus had throttled {@code unitsPerSecond} read units. */
    public static int forReads(double unitsPerSecond) {
        return of(unitsPerSecond, READ_UNITS_PER_PARTITION, DEFAULT_HEADROOM, DEFAULT_MAX);
    }

    /** {@code clamp(ceil(unitsPerSecond / (limitPerPartition × headroom)), 2, max)}. */
    public static int of(double unitsPerSecond, double limitPerPartition, double headroom, int max) {
        if (!(unitsPerSecond >= 0) || Double.isInfinite(unitsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, was " + unitsPerSecond);
        }
        if (!(limitPerPartition > 0)) {
            throw new IllegalArgumentException("limit per partition must be > 0, was " + limitPerPartition);
        }
        if (!(headroom > 0 && headroom <= 1)) {
            throw new IllegalArgumentException("headroom must be in (0, 1], was " + headroom);
        }
        if (max < 2 || max > Limits.MAX_SHARDS) {
            throw new IllegalArgumentException("max must be 2 to " + Limits.MAX_SHARDS + " (Limits.MAX_SHARDS), was "
                    + max);
        }
        double shards = Math.ceil(unitsPerSecond / (limitPerPartition * headroom));
        return (int) Math.max(2, Math.min(max, shards));
    }
}
