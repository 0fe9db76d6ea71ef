package dev.hpr.toolkit;

/**
 * The toolkit's limits, in one place, checked by every entry point that takes a count (the limit is in the message):
 * {@link ShardedKey} and its GSI form, {@link TimeBuckets}, {@link ReadReplicas}, {@link ShardChooser#stableShard},
 * {@link ShardCount#of}, and every scatter-gather read ({@link Partitions}, which {@link ScatterGather},
 * {@link ShardedKey#partitions} and {@link TimeBuckets#query} all go through).
 */
public final class Limits {

    /**
     * Shards (or replicas) of one key, at most: {@link ShardCount}'s cap. Each shard is one more Query per read; past
     * 100 a read of one key costs more than sharding saves.
     */
    public static final int MAX_SHARDS = 100;

    /**
     * Queries one scatter-gather read may issue (partition key values it visits), at most: a {@link TimeBuckets} read
     * is buckets × shards Queries, so a long range over small buckets is refused rather than run.
     */
    public static final int MAX_QUERIES_PER_READ = 1_000;

    private Limits() {
    }

    /** {@code n} itself, if it is 1 to {@link #MAX_SHARDS}. */
    static int requireShards(long n, String what) {
        if (n < 1 || n > MAX_SHARDS) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_SHARDS
                    + " (Limits.MAX_SHARDS: each is one more request per read), was " + n);
        }
        return (int) n;
    }

    /** Refuses a read that would issue more than {@link #MAX_QUERIES_PER_READ} Queries. */
    static void requireQueries(long queries, String what) {
        if (queries > MAX_QUERIES_PER_READ) {
            throw new IllegalArgumentException(what + " would issue " + queries + " Queries, more than "
                    + MAX_QUERIES_PER_READ + " (Limits.MAX_QUERIES_PER_READ)");
        }
    }
}
