package dev.hpr.toolkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * <b>Promises</b> (pinned by {@code TimeBucketsTest}, {@code TimeBucketsQueryTest}, {@code LimitsTest}): a read of
 * [from, to) returns exactly the events with from ≤ t < to, visiting only the buckets that overlap it; a retried write
 * of one event lands on the same key; shards are 1 to {@link Limits#MAX_SHARDS}, and a read that would issue more
 * than {@link Limits#MAX_QUERIES_PER_READ} Queries is refused before any is sent, with the limit in the message.
 *
 * <p>Time-bucketed, sharded keys for a temporal hotspot (every write of "now" on one key, such as
 * {@code events#2025-06-01}): an event at time t goes to partition {@code <base>#<bucket start>#<shard>} with sort
 * key {@code <t>#<event id>}, so the writes of one bucket spread over {@code shards} partitions and a new bucket
 * starts every {@code bucket}.
 *
 * <p>Times are written {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC (fixed width, so text order is time order); buckets
 * start at multiples of {@code bucket} since the epoch. The shard is a stable hash of the event id
 * ({@link ShardChooser#stableShard}): a retried write of one event lands on the same key and overwrites itself.
 *
 * <p>A read of [from, to) visits exactly the buckets that overlap it, each with all its shards: one Query per
 * bucket and shard, each with partition key equality and {@code sk BETWEEN <from> AND <to - 1 ms>$}, which holds
 * exactly the events with from ≤ t < to ('$' sorts right after the '#' that follows the time).
 *
 * <p>Cost: writes unchanged; a read of k buckets costs k × shards Queries, so choose the bucket so that a typical
 * read spans few of them, and the shards from the write rate ({@link ShardCount#forWrites}).
 */
public record TimeBuckets(String partitionKeyAttribute, String sortKeyAttribute, Duration bucket, int shards) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    public TimeBuckets {
        Objects.requireNonNull(partitionKeyAttribute, "partitionKeyAttribute");
        Objects.requireNonNull(sortKeyAttribute, "sortKeyAttribute");
        if (bucket == null || bucket.toMillis() < 1 || bucket.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("bucket must be a positive whole number of milliseconds, was " + bucket);
        }
        Limits.requireShards(shards, "shards");
    }

    /** The item with its partition key and sort key set for an event of {@code base} at {@code at}. */
    public Map<String, AttributeValue> assign(Map<String, AttributeValue> item, String base, Instant at,
                                              String eventId) {
        Map<String, AttributeValue> keyed = new HashMap<>(item);
        keyed.put(partitionKeyAttribute, AttributeValue.fromS(
                partitionKey(base, bucketStart(at), ShardChooser.stableShard(eventId, shards))));
        keyed.put(sortKeyAttribute, AttributeValue.fromS(time(at) + "#" + eventId));
        return keyed;
    }

    /** {@code <base>#<bucket start>#<shard>}. */
    public String partitionKey(String base, Instant bucketStart, int shard) {
        return base + "#" + time(bucketStart) + "#" + shard;
    }

    public Instant bucketStart(Instant at) {
        long size = bucket.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
    }

    /** Starts of the buckets that overlap [from, to), oldest first; none when {@code to} is not after {@code from}. */
    public List<Instant> buckets(Instant from, Instant to) {
        if (from.isBefore(to)) {
            long count = Math.floorDiv(to.minusMillis(1).toEpochMilli() - bucketStart(from).toEpochMilli(),
                    bucket.toMillis()) + 1;
            Limits.requireQueries(count * shards, "a read of [" + from + ", " + to + ") over " + count + " buckets × "
                    + shards + " shards");
        }
        List<Instant> starts = new ArrayList<>();
        for (Instant start = bucketStart(from); start.isBefore(to) && from.isBefore(to); start = start.plus(bucket)) {
            starts.add(start);
        }
        return starts;
    }

    /** Every partition key a read of [from, to) visits: each bucket's shards, bucket by bucket. */
    public List<String> partitionKeys(String base, Instant from, Instant to) {
        List<String> keys = new ArrayList<>();
        for (Instant start : buckets(from, to)) {
            for (int shard = 0; shard < shards; shard++) {
                keys.add(partitionKey(base, start, shard));
            }
        }
        return keys;
    }

    public Partitions partitions(String base, Instant from, Instant to) {
        return Partitions.of(null, partitionKeyAttribute, partitionKeys(base, from, to), sortKeyAttribute);
    }

    /** The sort key condition that holds exactly the events with from ≤ t < to. */
    public SortKeyCondition range(Instant from, Instant to) {
        return SortKeyCondition.between(sortKeyAttribute, AttributeValue.fromS(time(from)),
                AttributeValue.fromS(time(to.minusMillis(1)) + "$"));
    }

    /** The events of {@code base} with from ≤ t < to, in time order; empty (and no request) when the range is. */
    public Gathered query(ScatterGather gather, String table, String base, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return new Gathered(List.of(), 0, 0);
        }
        return gather.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                .build(), partitions(base, from, to), range(from, to), MergeOrder.SORT_KEY);
    }

    private static String time(Instant at) {
        if (at.isBefore(Instant.EPOCH) || at.isAfter(LAST)) {
            throw new IllegalArgumentException("times must be within 1970..9999, was " + at);
        }
        return TIME.format(at);
    }
}
