package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hpr.testfixtures.KeyThrottle;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A time-range read of bucketed, sharded keys visits exactly its buckets and shards. */
class TimeBucketsQueryTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(16);
    private static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();

    @AfterEach
    void clean() {
        aws.clearKeyThrottling();
    }

    @AfterAll
    static void stop() {
        POOL.shutdown();
    }

    @Test
    void aRange_visitsExactlyTheBucketsAndShardsItOverlaps_andReturnsExactlyItsEvents() {
        String table = TestTables.create(ddb, "tb", "sk");
        TimeBuckets buckets = new TimeBuckets("pk", "sk", Duration.ofMinutes(1), 4);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // 10 events a minute, 10:00:00 to 10:05:54
            Instant at = START.plusSeconds(6L * i);
            var item = buckets.assign(Map.of("n", AttributeValue.fromN(Integer.toString(i))), "events", at, "e" + i);
            ddb.putItem(r -> r.tableName(table).item(item));
            all.add(item.get("sk").s());
        }
        Instant from = Instant.parse("2025-06-01T10:01:30Z");
        Instant to = Instant.parse("2025-06-01T10:04:30Z");
        // Buckets 10:00 and 10:05 must not be read: any read of them would fail.
        List<String> outside = new ArrayList<>();
        for (Instant bucket : List.of(START, START.plusSeconds(300))) {
            for (int shard = 0; shard < 4; shard++) {
                outside.add(buckets.partitionKey("events", bucket, shard));
            }
        }
        aws.throttleKeys(KeyThrottle.of(table, outside).operations("Query"));
        aws.resetCalls();

        Gathered gathered = buckets.query(new ScatterGather(ddb, POOL), table, "events", from, to);

        List<String> expected = all.stream()
                .filter(sk -> sk.compareTo("2025-06-01T10:01:30") >= 0 && sk.compareTo("2025-06-01T10:04:30") < 0)
                .toList();
        assertEquals(30, expected.size());
        assertEquals(expected, gathered.items().stream().map(i -> i.get("sk").s()).toList());
        assertEquals(4 * 4, gathered.partitions(), "buckets 10:01 to 10:04, 4 shards each");
        assertEquals(16, aws.calls("dynamodb:Query"));
        assertEquals(0, aws.keyThrottled(), "no read touched a bucket outside the range");
    }

    @Test
    void anEmptyRange_readsNothing() {
        aws.resetCalls();
        TimeBuckets buckets = new TimeBuckets("pk", "sk", Duration.ofMinutes(1), 4);

        Gathered gathered = buckets.query(new ScatterGather(ddb, POOL), "no-such-table", "events", START, START);

        assertEquals(0, gathered.items().size());
        assertEquals(Map.of(), aws.calls());
    }

    @Test
    void anEventAtTheEnd_isExcluded_andAtTheStart_included() {
        String table = TestTables.create(ddb, "tb-edge", "sk");
        TimeBuckets buckets = new TimeBuckets("pk", "sk", Duration.ofMinutes(1), 2);
        Instant from = START.plusSeconds(60);
        Instant to = START.plusSeconds(120);
        for (Instant at : List.of(from.minusMillis(1), from, to.minusMillis(1), to)) {
            var item = buckets.assign(Map.of(), "events", at, "id-" + at.toEpochMilli());
            ddb.putItem(r -> r.tableName(table).item(item));
        }

        Gathered gathered = buckets.query(new ScatterGather(ddb, POOL), table, "events", from, to);

        assertEquals(List.of("2025-06-01T10:01:00.000Z#id-" + from.toEpochMilli(),
                        "2025-06-01T10:01:59.999Z#id-" + to.minusMillis(1).toEpochMilli()),
                gathered.items().stream().map(i -> i.get("sk").s()).toList());
    }
}
