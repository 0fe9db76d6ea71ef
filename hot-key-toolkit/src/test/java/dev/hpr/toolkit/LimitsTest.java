package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every entry point that takes a count refuses one past the toolkit's limits, and says the limit. */
class LimitsTest {
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    private static void refused(String limit, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(limit), e.getMessage());
    }

    @Test
    void theShardLimit_isShardCountsCap() {
        assertEquals(ShardCount.DEFAULT_MAX, Limits.MAX_SHARDS);
        assertEquals(100, ShardCount.forWrites(1e12));
    }

    @Test
    void shardCounts_atTheLimitAreTaken_pastItRefused_atEveryEntryPoint() {
        assertEquals(100, ShardedKey.of("pk", 100, ShardChooser.random()).keys("k").size());
        for (int shards : new int[] {101, 10_000, Integer.MAX_VALUE, 0, -1}) {
            refused("100", () -> ShardedKey.of("pk", shards, ShardChooser.random()));
            refused("100", () -> new TimeBuckets("pk", "sk", Duration.ofMinutes(5), shards));
            refused("100", () -> ShardChooser.stableShard("x", shards));
            refused("100", () -> ReadReplicas.builder(DynamoDbClient.builder().build(), "t",
                    TableKey.partitionKey("pk")).replicas(shards));
        }
        refused("100", () -> ShardCount.of(10, 1_000, 0.5, 101));
    }

    @Test
    void aTimeBucketRead_ofAtMostAThousandQueries_isPlanned_oneMoreIsRefused_beforeAnyQuery() {
        TimeBuckets buckets = new TimeBuckets("pk", "sk", Duration.ofSeconds(1), 10);
        assertEquals(1_000, buckets.partitionKeys("e", T0, T0.plusSeconds(100)).size());
        refused("1000", () -> buckets.partitionKeys("e", T0, T0.plusSeconds(101)));
        refused("1000", () -> buckets.partitions("e", T0, T0.plusSeconds(101)));
        // a year over 1 ms buckets: refused by arithmetic, no list of 3e10 buckets is built
        TimeBuckets tiny = new TimeBuckets("pk", "sk", Duration.ofMillis(1), 1);
        refused("1000", () -> tiny.query(null, "t", "e", T0, T0.plus(Duration.ofDays(365))));
    }

    @Test
    void aScatterGather_overMoreThanAThousandPartitions_isRefused() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            values.add("k#" + i);
        }
        refused("1000", () -> Partitions.of(null, "pk", values, null));
        assertEquals(1_000, Partitions.of(null, "pk", values.subList(0, 1_000), null).values().size());
    }
}
