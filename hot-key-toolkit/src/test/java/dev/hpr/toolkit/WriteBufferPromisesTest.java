package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Attacks on the write buffer's promises (its class comment, numbered): a saturated hot key, an item the SDK cannot
 * send, Errors and interrupts on its threads, a close() in flight, a missing table, throttling without reasons, 5xx
 * and replies lost after the write was applied. Failures the local AWS cannot produce go through
 * {@link FaultyDynamoDb}, a decorator around the real client.
 */
class WriteBufferPromisesTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(100));
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb =
            aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final FaultyDynamoDb faulty = new FaultyDynamoDb(ddb);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final String table = TestTables.create(ddb, "promises", "sk");

    @AfterEach
    void clean() {
        faulty.releaseHeld();
        aws.clearKeyThrottling();
        aws.clearFaults();
        pool.shutdownNow();
        ddb.close();
    }

    private WriteBuffer.Builder buffer(DynamoDbClient client) {
        return WriteBuffer.builder(client, table, TableKey.of("pk", "sk")).backoff(FAST);
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String payload) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk),
                "payload", AttributeValue.fromS(payload));
    }

    private List<Map<String, AttributeValue>> stored(String pk) {
        return ddb.query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk)))
                .build()).items();
    }

    private static WriteFailed handedBack(CompletableFuture<Void> write) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> write.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(WriteFailed.class, e.getCause());
    }

    // ---------------------------------------------------------------------------- 2: a hot key blocks no other key

    @Test
    void aHotKeyAtItsCap_blocksOnlyItsOwnPuts_otherKeysPutWithoutWaiting() throws Exception {
        aws.throttleKeys(table, List.of("hot"), "BatchWriteItem"); // every request on "hot" is throttled
        WriteBuffer buffer = buffer(ddb).capacity(50).partitionCapacity(10).maxAttempts(1_000)
                .closeTimeout(Duration.ZERO).build();
        Future<?> hotProducer = pool.submit(() -> {
            for (int i = 0; i < 60; i++) {
                buffer.put(item("hot", "h" + i, "x")); // blocks at the hot key's cap of 10
            }
            return null;
        });
        while (buffer.pending() < 10) {
            Thread.sleep(5);
        }

        // 300 cold writes, 6 x capacity: each put must get in at once (Duration.ZERO would throw if it had to wait
        // for the hot key; on a single shared pool the hot key's 50 writes would have filled it).
        List<CompletableFuture<Void>> cold = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cold.add(buffer.put(item("cold-" + i, "c", "x"), Duration.ofSeconds(10)));
        }
        CompletableFuture.allOf(cold.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertFalse(hotProducer.isDone(), "the hot key's producer waits at its cap");
        assertEquals(10, buffer.pending(), "the hot key holds exactly its cap");
        TimeoutException full = assertThrows(TimeoutException.class,
                () -> buffer.put(item("hot", "extra", "x"), Duration.ZERO));
        assertTrue(full.getMessage().contains("cap of 10"), full.getMessage());
        buffer.close();
        assertThrows(ExecutionException.class, () -> hotProducer.get(10, TimeUnit.SECONDS),
                "the blocked hot put is told the buffer closed");
        assertEquals(300, buffer.stats().written());
    }

    @Test
    void partitionCapacity_aboveCapacity_isRefusedWithBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buffer(ddb).capacity(10).partitionCapacity(11).build());
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("10"), e.getMessage());
    }

    // ---------------------------------------------------------------------------- 3: what cannot be sent

    @Test
    void aWriteTheSdkCannotMarshal_isHandedBackAloneAtOnce_andItsBatchMatesAreWritten() throws Exception {
        WriteBuffer buffer = buffer(ddb).build();
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            good.add(buffer.put(item("p", "ok-" + i, "x")));
        }
        // 600 nested maps: past the SDK's JSON writer depth (1,000 levels), so it fails while marshalling.
        AttributeValue deep = AttributeValue.fromS("leaf");
        for (int i = 0; i < 600; i++) {
            deep = AttributeValue.fromM(Map.of("m", deep));
        }
        CompletableFuture<Void> bad = buffer.put(Map.of("pk", AttributeValue.fromS("p"),
                "sk", AttributeValue.fromS("deep"), "nested", deep));
        for (int i = 12; i < 24; i++) {
            good.add(buffer.put(item("p", "ok-" + i, "x")));
        }
        long start = System.nanoTime();

        WriteFailed failed = handedBack(bad);
        CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        buffer.close();

        assertEquals("deep", failed.request().putRequest().item().get("sk").s());
        assertInstanceOf(SdkClientException.class, failed.getCause());
        assertTrue(failed.getMessage().contains("could not send"), failed.getMessage());
        assertFalse(failed.mayHaveBeenApplied(), "nothing was sent");
        assertEquals(1, failed.attempts());
        assertEquals(24, stored("p").size(), "every batch-mate written");
        assertEquals(0, buffer.stats().transientErrors(), "not retried as a network error: " + buffer.stats());
        assertTrue(ms < 10_000, "handed back without backing off: " + ms + " ms");
    }

    @Test
    void aMissingTable_handsEveryWriteBack_withResourceNotFound() throws Exception {
        WriteBuffer buffer = WriteBuffer.builder(ddb, "no-such-table", TableKey.of("pk", "sk")).backoff(FAST).build();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(buffer.put(item("p", "s" + i, "x")));
        }
        for (CompletableFuture<Void> write : writes) {
            WriteFailed failed = handedBack(write);
            assertInstanceOf(ResourceNotFoundException.class, failed.getCause());
            assertFalse(failed.mayHaveBeenApplied());
        }
        buffer.close();
        assertEquals(5, buffer.stats().failed());
    }

    // ---------------------------------------------------------------------------- 1: failures DynamoDB gives

    @Test
    void throttlingWithoutReasons_and5xx_backOffTheWholeBuffer_andEveryWriteLandsOnce() throws Exception {
        // Scoped to this test's table: a buffer of another test still draining must not take the faults.
        aws.failNext("dynamodb:BatchWriteItem", 2, 400, "ThrottlingException", "Rate of requests exceeds the allowed",
                LocalAws.literal(table));
        WriteBuffer buffer = buffer(ddb).build();
        buffer.put(item("p", "1", "a")).get(30, TimeUnit.SECONDS);
        aws.failNext("dynamodb:BatchWriteItem", 2, 500, "InternalServerError", "Internal server error",
                LocalAws.literal(table));
        buffer.put(item("p", "2", "b")).get(30, TimeUnit.SECONDS);
        buffer.close();

        assertEquals(2, buffer.stats().tableThrottles(), "a throttle without a reason is table-wide");
        assertEquals(2, buffer.stats().transientErrors());
        assertEquals(2, stored("p").size());
    }

    @Test
    void aReplyLostAfterTheWriteWasApplied_isRetried_andTheItemIsStoredOnce() throws Exception {
        faulty.failNextBatchWrite(FaultyDynamoDb.Fault.REPLY_LOST);
        WriteBuffer buffer = buffer(faulty).build();
        buffer.put(item("p", "1", "v1")).get(30, TimeUnit.SECONDS);
        buffer.close();

        assertEquals(1, buffer.stats().transientErrors());
        assertEquals(2, faulty.batchWriteCalls.get(), "sent again");
        assertEquals(List.of("v1"), stored("p").stream().map(i -> i.get("payload").s()).toList());
    }

    @Test
    void aWriteWhoseReplyWasOnceLost_staysMayHaveBeenApplied_whenALaterAttemptIsUnprocessed() throws Exception {
        faulty.failNextBatchWrite(FaultyDynamoDb.Fault.REPLY_LOST); // the 1st request is applied, its reply lost
        aws.throttleKeys(dev.hpr.testfixtures.KeyThrottle.of(table, List.of("p")).operations("BatchWriteItem")
                .every(2)); // the 2nd is throttled
        WriteBuffer buffer = buffer(faulty).maxAttempts(2).build();

        WriteFailed failed = handedBack(buffer.put(item("p", "1", "v1")));
        buffer.close();

        assertEquals(2, failed.attempts());
        assertTrue(failed.mayHaveBeenApplied(), "the first attempt was applied: " + failed.getMessage());
        aws.clearKeyThrottling();
        assertEquals(1, stored("p").size(), "indeed it was");
    }

    @Test
    void everyBatch_holdsAtMost25Writes_andNeverOneItemTwice_evenWhenOneItemIsWrittenManyTimes() throws Exception {
        aws.throttleKeys(dev.hpr.testfixtures.KeyThrottle.of(table, List.of("p-0")).operations("BatchWriteItem")
                .probability(0.3, 5));
        WriteBuffer buffer = buffer(faulty).maxAttempts(50).build();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // a third of the writes hit 3 items over and over, the rest are distinct
            writes.add(buffer.put(i % 3 == 0 ? item("p-0", "same-" + i % 9, "v" + i) : item("p-" + i % 5, "d" + i, "x")));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        buffer.close();

        int largest = 0;
        for (var request : faulty.batchWrites) {
            var sent = request.requestItems().get(table);
            largest = Math.max(largest, sent.size());
            assertTrue(sent.size() <= WriteBuffer.MAX_BATCH, "batch of " + sent.size());
            assertEquals(sent.size(), sent.stream().map(w -> w.putRequest().item().get("pk").s() + "/"
                    + w.putRequest().item().get("sk").s()).distinct().count(), "one item twice in a batch");
        }
        assertEquals(WriteBuffer.MAX_BATCH, largest, "batches do fill up to 25");
        assertEquals(300, buffer.stats().written());
    }

    @Test
    void putsAndDeletesOfOneItem_landInOrder_soADeletedThenRecreatedItemEndsAsLastWritten() throws Exception {
        aws.throttleKeys(dev.hpr.testfixtures.KeyThrottle.of(table, List.of("p")).operations("BatchWriteItem")
                .probability(0.5, 11));
        WriteBuffer buffer = buffer(ddb).maxAttempts(50).build();
        Map<String, AttributeValue> gone = Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("gone"));
        Map<String, AttributeValue> back = Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("back"));
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            writes.add(buffer.put(item("p", "gone", "v" + round)));
            writes.add(buffer.delete(gone));
            writes.add(buffer.delete(back));
            writes.add(buffer.put(item("p", "back", "v" + round)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        buffer.close();

        assertEquals(List.of("back=v4"), stored("p").stream()
                .map(i -> i.get("sk").s() + "=" + i.get("payload").s()).toList());
        assertTrue(buffer.stats().unprocessed() + buffer.stats().keyRangeThrottles() > 0, buffer.stats().toString());
    }

    // ---------------------------------------------------------------------------- 1: Errors and interrupts

    @Test
    void anErrorOnASenderThread_handsBackItsBatch_andFlushAndCloseReturn() throws Exception {
        faulty.failNextBatchWrite(FaultyDynamoDb.Fault.OUT_OF_MEMORY);
        WriteBuffer buffer = buffer(faulty).build();
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(buffer.put(item("p", "e" + i, "x")));
        }
        int handedBack = 0;
        for (CompletableFuture<Void> write : first) { // the first batch holds one to three of them
            try {
                write.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                WriteFailed failed = assertInstanceOf(WriteFailed.class, e.getCause());
                assertInstanceOf(OutOfMemoryError.class, failed.getCause());
                assertTrue(failed.mayHaveBeenApplied(), "unknown whether it went out");
                handedBack++;
            }
        }
        assertTrue(handedBack >= 1, "the batch the Error hit is handed back");
        CompletableFuture<Void> after = buffer.put(item("p", "after", "x"));
        after.get(30, TimeUnit.SECONDS);
        Future<?> flushed = pool.submit(() -> {
            buffer.flush();
            return null;
        });
        flushed.get(10, TimeUnit.SECONDS);
        Future<?> closed = pool.submit(buffer::close);
        closed.get(10, TimeUnit.SECONDS);
        assertEquals(3 - handedBack + 1, stored("p").size());
    }

    @Test
    void interruptingTheBuffersOwnThreads_losesNoWrite() throws Exception {
        aws.throttleKeys(dev.hpr.testfixtures.KeyThrottle.of(table, List.of("hot")).operations("BatchWriteItem")
                .probability(0.5, 3));
        WriteBuffer buffer = buffer(ddb).maxAttempts(50).build();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(buffer.put(item(i % 4 == 0 ? "hot" : "cold-" + i % 7, "s" + i, "x")));
            if (i % 20 == 0) {
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("write-buffer-")).forEach(Thread::interrupt);
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        buffer.close();
        assertEquals(200, buffer.stats().written(), buffer.stats().toString());
    }

    @Test
    void anInterruptedCaller_isNotAccepted_andTheBufferGoesOn() throws Exception {
        WriteBuffer buffer = buffer(ddb).build();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> buffer.put(item("p", "1", "x")));
        assertFalse(Thread.interrupted(), "the interrupt was consumed by the InterruptedException");
        assertEquals(0, buffer.pending());
        buffer.put(item("p", "2", "x")).get(30, TimeUnit.SECONDS);
        buffer.close();
        assertEquals(List.of("2"), stored("p").stream().map(i -> i.get("sk").s()).toList());
    }

    // ---------------------------------------------------------------------------- 5: close()

    @Test
    void close_handsBackInTheOrderTheWritesWereMade() throws Exception {
        aws.throttleKeys(table, List.of("hot-a", "hot-b", "hot-c"), "BatchWriteItem");
        WriteBuffer buffer = buffer(ddb).maxAttempts(1_000).closeTimeout(Duration.ofMillis(300)).build();
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String pk = "hot-" + "abc".charAt(i % 3);
            String sk = "s" + (i % 4); // items repeat: later writes of an item wait behind earlier ones
            String id = pk + "/" + sk + "/" + i;
            made.add(id);
            buffer.put(item(pk, sk, id)).whenComplete((ok, e) -> completed.add(id));
        }

        buffer.close();

        assertEquals(made, completed);
        assertEquals(30, buffer.stats().failed());
    }

    @Test
    void close_interruptedWhileABatchHangs_returns_handingEverythingBackInWriteOrder() throws Exception {
        faulty.failNextBatchWrite(FaultyDynamoDb.Fault.HOLD);
        WriteBuffer buffer = buffer(faulty).senders(1).closeTimeout(Duration.ofMillis(100)).build();
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        List<WriteFailed> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> made = List.of("a1", "b1", "a2", "c1", "a3");
        for (String id : made) {
            buffer.put(item("p-" + id.charAt(0), "s", id)).whenComplete((ok, e) -> {
                completed.add(id);
                failures.add((WriteFailed) e);
            });
            if (id.equals("a1")) {
                faulty.awaitHeld(); // a1 is in flight and does not answer
            }
        }

        Thread closer = new Thread(buffer::close);
        closer.start();
        Thread.sleep(300); // past closeTimeout: close now waits for the batch in flight
        assertTrue(closer.isAlive(), "close waits for the batch in flight to answer");
        closer.interrupt();
        closer.join(5_000);

        assertFalse(closer.isAlive(), "an interrupted close returns");
        assertEquals(made, completed);
        assertTrue(failures.get(0).mayHaveBeenApplied(), "a1 was in flight");
        assertFalse(failures.get(1).mayHaveBeenApplied(), "b1 was never sent");
        faulty.releaseHeld(); // the late answer changes nothing
        Thread.sleep(200);
        assertEquals(5, buffer.stats().failed());
        assertEquals(0, buffer.pending());
    }
}
