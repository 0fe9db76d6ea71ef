package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.KeyThrottle;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The write buffer against the local AWS, under injected key-range throttling. */
class WriteBufferTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(200));
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb =
            aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final String table = TestTables.create(ddb, "buffer", "sk");

    @AfterEach
    void clean() {
        aws.clearKeyThrottling();
        aws.clearFaults();
        pool.shutdownNow();
        ddb.close();
    }

    private WriteBuffer.Builder buffer() {
        return WriteBuffer.builder(ddb, table, TableKey.of("pk", "sk")).backoff(FAST);
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String payload) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk),
                "payload", AttributeValue.fromS(payload));
    }

    private List<Map<String, AttributeValue>> readBack(List<String> partitions) {
        return new ScatterGather(ddb, pool).query(QueryRequest.builder().tableName(table).consistentRead(true).build(),
                Partitions.of(null, "pk", partitions, "sk"), SortKeyCondition.none(), MergeOrder.PARTITION).items();
    }

    @Test
    void eightThreadsOfAThousandWrites_underKeyThrottling_loseNothingAndDuplicateNothing() throws Exception {
        List<String> partitions = new ArrayList<>(List.of("hot-0", "hot-1"));
        for (int i = 0; i < 7; i++) {
            partitions.add("cold-" + i);
        }
        // Half of the requests touching the two hot keys are throttled: their items come back unprocessed, and a
        // batch of only hot items fails whole with TableWriteKeyRangeThroughputExceeded.
        aws.throttleKeys(KeyThrottle.of(table, List.of("hot-0", "hot-1")).operations("BatchWriteItem")
                .probability(0.5, 42));
        // 50 attempts: an item fails only if throttled 50 times in a row, p = 2^-50.
        WriteBuffer buffer = buffer().capacity(500).maxAttempts(50).build();
        List<Future<List<CompletableFuture<Void>>>> producers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            producers.add(pool.submit(() -> {
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    String pk = i % 5 == 0 ? "hot-" + (i / 5 % 2) : "cold-" + (i % 7);
                    writes.add(buffer.put(item(pk, "t" + thread + "-" + i, "payload-" + thread + "-" + i)));
                    assertTrue(buffer.pending() <= 500, "bounded: " + buffer.pending());
                }
                return writes;
            }));
        }
        for (Future<List<CompletableFuture<Void>>> producer : producers) {
            for (CompletableFuture<Void> write : producer.get(120, TimeUnit.SECONDS)) {
                write.get(120, TimeUnit.SECONDS); // throws if any write was handed back
            }
        }
        buffer.close();

        List<Map<String, AttributeValue>> stored = readBack(partitions);
        assertEquals(8_000, stored.size(), "every write stored once");
        Set<String> sortKeys = new HashSet<>();
        for (Map<String, AttributeValue> item : stored) {
            String sk = item.get("sk").s();
            assertTrue(sortKeys.add(sk), "duplicate " + sk);
            String[] parts = sk.substring(1).split("-");
            assertEquals("payload-" + parts[0] + "-" + parts[1], item.get("payload").s());
            int i = Integer.parseInt(parts[1]);
            assertEquals(i % 5 == 0 ? "hot-" + (i / 5 % 2) : "cold-" + (i % 7), item.get("pk").s());
        }
        WriteBuffer.Stats stats = buffer.stats();
        assertEquals(8_000, stats.written());
        assertEquals(0, stats.failed());
        assertTrue(stats.unprocessed() > 100, "throttling happened and was retried: " + stats);
        assertTrue(aws.keyThrottled() > 100, "throttled: " + aws.keyThrottled());
    }

    @Test
    void writesOfOneItem_landInTheOrderTheyWereAccepted_underThrottling() throws Exception {
        aws.throttleKeys(KeyThrottle.of(table, List.of("order-1")).operations("BatchWriteItem").probability(0.5, 7));
        WriteBuffer buffer = buffer().maxAttempts(50).build();
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> writes = new ArrayList<>();

        for (int version = 0; version < 40; version++) {
            int v = version;
            writes.add(buffer.put(item("order-1", "state", "v" + v)).whenComplete((ok, e) -> completed.add(v)));
            writes.add(buffer.put(item("other-" + v, "state", "x"))); // other items in the same batches
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        buffer.close();

        List<Integer> inOrder = new ArrayList<>();
        for (int v = 0; v < 40; v++) {
            inOrder.add(v);
        }
        assertEquals(inOrder, completed, "each version written only after the one before it");
        assertEquals("v39", readBack(List.of("order-1")).get(0).get("payload").s());
        assertTrue(buffer.stats().unprocessed() + buffer.stats().keyRangeThrottles() > 0, buffer.stats().toString());
    }

    @Test
    void aThrottledKey_slowsOnlyItsOwnWrites() throws Exception {
        aws.throttleKeys(table, List.of("hot"), "BatchWriteItem");
        WriteBuffer buffer = buffer().maxAttempts(1_000).build();
        List<CompletableFuture<Void>> hot = new ArrayList<>();
        List<CompletableFuture<Void>> cold = new ArrayList<>();

        for (int i = 0; i < 200; i++) {
            if (i % 40 == 0) {
                hot.add(buffer.put(item("hot", "h" + i, "x")));
            }
            cold.add(buffer.put(item("cold-" + i % 10, "c" + i, "x")));
        }
        CompletableFuture.allOf(cold.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertTrue(hot.stream().noneMatch(CompletableFuture::isDone), "the hot key's writes wait, the others went");
        assertTrue(buffer.stats().unprocessed() + buffer.stats().keyRangeThrottles() > 0, buffer.stats().toString());
        aws.clearKeyThrottling();
        CompletableFuture.allOf(hot.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        buffer.close();
        assertEquals(5, readBack(List.of("hot")).size());
    }

    @Test
    void aBatchWithABadItem_isSplit_theBadItemHandedBack_theRestWritten() throws Exception {
        WriteBuffer buffer = buffer().build();
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(buffer.put(item("p", "ok-" + i, "x")));
        }
        CompletableFuture<Void> bad = buffer.put(Map.of("pk", AttributeValue.fromS("p"),
                "sk", AttributeValue.fromS("too-big"), "payload", AttributeValue.fromS("x".repeat(410_000))));

        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        buffer.close();

        WriteFailed failed = assertInstanceOf(WriteFailed.class, e.getCause());
        assertEquals("too-big", failed.request().putRequest().item().get("sk").s());
        assertInstanceOf(DynamoDbException.class, failed.getCause());
        assertFalse(failed.mayHaveBeenApplied());
        assertEquals(10, readBack(List.of("p")).size());
    }

    @Test
    void tableWideThrottling_backsOffTheWholeBuffer_andThenWritesEverything() throws Exception {
        aws.failNext("dynamodb:BatchWriteItem", 2, 400, "ProvisionedThroughputExceededException", "slow down",
                Map.of("ThrottlingReasons", List.of(Map.of("reason", "TableWriteProvisionedThroughputExceeded",
                        "resource", "arn:aws:dynamodb:us-east-1:123456789012:table/" + table))));
        WriteBuffer buffer = buffer().build();

        CompletableFuture<Void> write = buffer.put(item("p", "1", "x"));
        write.get(30, TimeUnit.SECONDS);
        buffer.close();

        assertEquals(2, buffer.stats().tableThrottles());
        assertEquals(0, buffer.stats().keyRangeThrottles());
        assertEquals(1, readBack(List.of("p")).size());
    }

    @Test
    void close_handsBackWhatItCouldNotWrite_andWritesTheRest() throws Exception {
        aws.throttleKeys(table, List.of("hot"), "BatchWriteItem");
        WriteBuffer buffer = buffer().maxAttempts(1_000).closeTimeout(Duration.ofMillis(500)).build();
        CompletableFuture<Void> first = buffer.put(item("hot", "1", "a"));
        CompletableFuture<Void> second = buffer.put(item("hot", "1", "b")); // waits behind the first
        CompletableFuture<Void> cold = buffer.put(item("cold", "1", "c"));

        buffer.close();

        cold.get(1, TimeUnit.SECONDS);
        for (CompletableFuture<Void> handedBack : List.of(first, second)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> handedBack.get(1, TimeUnit.SECONDS));
            WriteFailed failed = assertInstanceOf(WriteFailed.class, e.getCause());
            assertTrue(failed.getMessage().contains("closed"), failed.getMessage());
        }
        assertEquals("b", ((WriteFailed) assertThrows(ExecutionException.class, second::get).getCause())
                .request().putRequest().item().get("payload").s());
        assertThrows(IllegalStateException.class, () -> buffer.put(item("cold", "2", "d")));
        assertEquals(0, buffer.pending());
    }

    @Test
    void aFullBuffer_blocksThePut_orTimesOut() throws Exception {
        aws.throttleKeys(table, List.of("hot"), "BatchWriteItem");
        WriteBuffer buffer = buffer().capacity(2).partitionCapacity(2).maxAttempts(1_000).closeTimeout(Duration.ZERO)
                .build();
        CompletableFuture<Void> hot1 = buffer.put(item("hot", "1", "a"));
        CompletableFuture<Void> hot2 = buffer.put(item("hot", "2", "a"));

        assertThrows(TimeoutException.class, () -> buffer.put(item("cold", "1", "x"), Duration.ofMillis(200)));
        Future<CompletableFuture<Void>> blocked = pool.submit(() -> buffer.put(item("cold", "2", "x")));
        Thread.sleep(200);
        assertFalse(blocked.isDone(), "put waits for room");
        aws.clearKeyThrottling();
        blocked.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(hot1, hot2).get(30, TimeUnit.SECONDS);
        buffer.close();
        assertEquals(2, readBack(List.of("hot")).size());
        assertEquals(1, readBack(List.of("cold")).size(), "cold-1 timed out and was never accepted");
    }
}
