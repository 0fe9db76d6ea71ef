package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TimeBucketsTest {
    private final TimeBuckets buckets = new TimeBuckets("pk", "sk", Duration.ofMinutes(5), 2);

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void anEvent_goesToItsBucketAndTheShardOfItsId() {
        var item = buckets.assign(Map.of("kind", AttributeValue.fromS("login")), "events",
                at("2025-06-01T10:07:31.250Z"), "evt-7");

        int shard = ShardChooser.stableShard("evt-7", 2);
        assertEquals("events#2025-06-01T10:05:00.000Z#" + shard, item.get("pk").s());
        assertEquals("2025-06-01T10:07:31.250Z#evt-7", item.get("sk").s());
        assertEquals("login", item.get("kind").s());
    }

    @Test
    void aRange_visitsEveryBucketItOverlaps_andNoOther() {
        assertEquals(List.of(at("2025-06-01T10:05:00Z"), at("2025-06-01T10:10:00Z"), at("2025-06-01T10:15:00Z")),
                buckets.buckets(at("2025-06-01T10:07:00Z"), at("2025-06-01T10:16:00Z")));
        // an end on a bucket's start excludes that bucket: the range is [from, to)
        assertEquals(List.of(at("2025-06-01T10:05:00Z")),
                buckets.buckets(at("2025-06-01T10:05:00Z"), at("2025-06-01T10:10:00Z")));
        assertEquals(List.of(at("2025-06-01T10:05:00Z"), at("2025-06-01T10:10:00Z")),
                buckets.buckets(at("2025-06-01T10:09:59.999Z"), at("2025-06-01T10:10:00.001Z")));
        assertEquals(List.of(), buckets.buckets(at("2025-06-01T10:07:00Z"), at("2025-06-01T10:07:00Z")));
        assertEquals(List.of(), buckets.buckets(at("2025-06-01T10:08:00Z"), at("2025-06-01T10:07:00Z")));
    }

    @Test
    void partitionKeys_areEveryShardOfEveryBucket() {
        assertEquals(List.of("e#2025-06-01T10:05:00.000Z#0", "e#2025-06-01T10:05:00.000Z#1",
                        "e#2025-06-01T10:10:00.000Z#0", "e#2025-06-01T10:10:00.000Z#1"),
                buckets.partitionKeys("e", at("2025-06-01T10:06:00Z"), at("2025-06-01T10:11:00Z")));
    }

    @Test
    void theSortKeyRange_holdsExactlyTheEventsFromInclusiveToExclusive() {
        SortKeyCondition range = buckets.range(at("2025-06-01T10:06:00Z"), at("2025-06-01T10:11:00Z"));
        var low = range.values().get(0);
        var high = range.values().get(1);
        assertEquals(SortKeyCondition.Operator.BETWEEN, range.operator());
        assertEquals("2025-06-01T10:06:00.000Z", low.s());
        assertEquals("2025-06-01T10:10:59.999Z$", high.s());
        for (String inside : List.of("2025-06-01T10:06:00.000Z#a", "2025-06-01T10:10:59.999Z#zzz~~")) {
            assertTrue(SortKeyOrder.INSTANCE.compare(low, AttributeValue.fromS(inside)) <= 0, inside);
            assertTrue(SortKeyOrder.INSTANCE.compare(AttributeValue.fromS(inside), high) <= 0, inside);
        }
        assertTrue(SortKeyOrder.INSTANCE.compare(AttributeValue.fromS("2025-06-01T10:05:59.999Z#a"), low) < 0);
        assertTrue(SortKeyOrder.INSTANCE.compare(AttributeValue.fromS("2025-06-01T10:11:00.000Z#"), high) > 0);
    }

    @Test
    void rejectsBucketsOfLessThanAMillisecond_andTimesOutsideTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> new TimeBuckets("pk", "sk", Duration.ZERO, 2));
        assertThrows(IllegalArgumentException.class, () -> new TimeBuckets("pk", "sk", Duration.ofNanos(1500), 2));
        assertThrows(IllegalArgumentException.class, () -> new TimeBuckets("pk", "sk", Duration.ofMinutes(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> buckets.assign(Map.of(), "e", Instant.EPOCH.minusSeconds(1), "x"));
    }
}
