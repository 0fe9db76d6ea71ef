package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The hot-key cache against the local AWS: one read per key in flight, and no stale value after a write. */
class HotKeyCacheTest {
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();
    private final PausingDynamoDb pausing = new PausingDynamoDb(ddb);
    private final ExecutorService pool = Executors.newFixedThreadPool(100);
    private final String table = TestTables.create(ddb, "cache", null);
    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("listing#celebrity"));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Map<String, AttributeValue> item(String version) {
        return Map.of("pk", AttributeValue.fromS("listing#celebrity"), "v", AttributeValue.fromS(version));
    }

    private HotKeyCache cache(DynamoDbClient client) {
        return HotKeyCache.builder(client, table, TableKey.partitionKey("pk")).ttl(Duration.ofMinutes(5)).build();
    }

    private static String version(Optional<Map<String, AttributeValue>> item) {
        return item.map(i -> i.get("v").s()).orElse("missing");
    }

    @Test
    void aHundredConcurrentReadsOfOneKey_makeOneDynamoDbRead() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        HotKeyCache cache = cache(pausing);
        aws.resetCalls();
        // Hold the first read's answer until all 100 readers have asked, so they all miss the cache together.
        PausingDynamoDb.Pause pause = pausing.pauseNextGetItem();
        CountDownLatch asked = new CountDownLatch(100);
        List<CompletableFuture<String>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(CompletableFuture.supplyAsync(() -> {
                asked.countDown();
                return version(cache.get(KEY));
            }, pool));
        }
        pause.awaitHeld();
        assertTrue(asked.await(30, TimeUnit.SECONDS));
        Thread.sleep(200); // let the last askers reach the load in flight
        pause.release();

        for (CompletableFuture<String> read : reads) {
            assertEquals("v1", read.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, aws.calls("dynamodb:GetItem"));
    }

    @Test
    void aLoadThatReadTheOldValueBeforeAWrite_doesNotPutItBackAfterTheWrite() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        HotKeyCache cache = cache(pausing);
        aws.resetCalls();
        PausingDynamoDb.Pause pause = pausing.pauseNextGetItem();
        CompletableFuture<String> early = CompletableFuture.supplyAsync(() -> version(cache.get(KEY)), pool);
        pause.awaitHeld(); // the early load has read v1 from DynamoDB and has not installed it yet

        cache.put(item("v2"));
        // A reader after the write neither joins the early load nor waits for it.
        assertEquals("v2", version(cache.get(KEY)));
        pause.release();

        assertEquals("v1", early.get(30, TimeUnit.SECONDS), "the early read overlapped the write: either is right");
        assertEquals("v2", version(cache.get(KEY)), "the old value must not have been cached after the write");
        assertEquals("v2", version(cache.get(KEY)));
        assertEquals(2, aws.calls("dynamodb:GetItem"), "the early read and one after the write, then cache hits");
    }

    @Test
    void writesThroughTheCache_invalidate_andTheNextReadLoadsOnce() {
        HotKeyCache cache = cache(ddb);
        cache.put(item("v1"));
        aws.resetCalls();

        assertEquals("v1", version(cache.get(KEY)));
        assertEquals("v1", version(cache.get(KEY)));
        cache.write(KEY, () -> ddb.updateItem(r -> r.tableName(table).key(KEY).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("v2")))));
        assertEquals("v2", version(cache.get(KEY)));
        cache.delete(KEY);
        assertEquals("missing", version(cache.get(KEY)));
        assertEquals("missing", version(cache.get(KEY)), "a missing item is cached too");

        assertEquals(3, aws.calls("dynamodb:GetItem"));
    }

    @Test
    void aWriteThatThrows_stillInvalidates_forItMayHaveBeenApplied() {
        HotKeyCache cache = cache(ddb);
        cache.put(item("v1"));
        assertEquals("v1", version(cache.get(KEY)));
        ddb.putItem(r -> r.tableName(table).item(item("v2"))); // applied, then the caller saw an error

        assertThrows(IllegalStateException.class, () -> cache.write(KEY, () -> {
            throw new IllegalStateException("timed out");
        }));

        assertEquals("v2", version(cache.get(KEY)));
    }

    @Test
    void anEntryExpiresAfterItsTtl_asTheTickerTells() {
        AtomicLong nanos = new AtomicLong();
        Ticker ticker = nanos::get;
        HotKeyCache cache = HotKeyCache.builder(ddb, table, TableKey.partitionKey("pk")).ttl(Duration.ofSeconds(1))
                .ticker(ticker).build();
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        aws.resetCalls();

        cache.get(KEY);
        ddb.putItem(r -> r.tableName(table).item(item("v2"))); // written elsewhere: not seen until the TTL passes
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertEquals("v1", version(cache.get(KEY)));
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertEquals("v2", version(cache.get(KEY)));

        assertEquals(2, aws.calls("dynamodb:GetItem"));
        assertFalse(cache.size() > 1);
    }

    /** Starts a loader whose GetItem is held, then five readers that join its load; returns the readers. */
    private List<CompletableFuture<String>> joinersOfAHeldLoad(HotKeyCache cache, PausingDynamoDb.Pause pause,
                                                               CompletableFuture<Throwable> loaderOutcome)
            throws Exception {
        Thread loader = new Thread(() -> {
            try {
                cache.get(KEY);
                loaderOutcome.complete(null);
            } catch (Throwable t) {
                loaderOutcome.complete(t);
            }
        }, "loader");
        loader.start();
        pause.awaitHeld();
        List<CompletableFuture<String>> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> version(cache.get(KEY)), pool));
        }
        Thread.sleep(300); // let them reach the load in flight
        loaders.add(loader);
        return readers;
    }

    private final List<Thread> loaders = new ArrayList<>();

    @Test
    void theLoadersInterruption_neverReachesTheReadersWaitingOnIt() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        HotKeyCache cache = cache(pausing);
        aws.resetCalls();
        PausingDynamoDb.Pause pause = pausing.pauseNextGetItem();
        CompletableFuture<Throwable> loader = new CompletableFuture<>();
        List<CompletableFuture<String>> readers = joinersOfAHeldLoad(cache, pause, loader);

        loaders.get(0).interrupt();

        assertInstanceOf(AbortedException.class, loader.get(30, TimeUnit.SECONDS), "the loader gets its own abort");
        for (CompletableFuture<String> reader : readers) {
            assertEquals("v1", reader.get(30, TimeUnit.SECONDS), "no reader inherits it");
        }
        assertEquals(2, pausing.getItemCalls.get(), "the interrupted load, then one load for the five");
    }

    @Test
    void aWaitingReaderThatIsInterrupted_stillGetsTheItem_andKeepsItsInterrupt() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        HotKeyCache cache = cache(pausing);
        PausingDynamoDb.Pause pause = pausing.pauseNextGetItem();
        CompletableFuture<Throwable> loader = new CompletableFuture<>();
        List<CompletableFuture<String>> others = joinersOfAHeldLoad(cache, pause, loader);
        CompletableFuture<String> waiting = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            String v = version(cache.get(KEY));
            waiting.complete(v + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
        });
        reader.start();
        Thread.sleep(200);

        reader.interrupt();
        pause.release();

        assertEquals("v1, interrupted", waiting.get(30, TimeUnit.SECONDS));
        assertEquals(null, loader.get(30, TimeUnit.SECONDS), "the loader is not disturbed by a reader's interrupt");
        for (CompletableFuture<String> other : others) {
            assertEquals("v1", other.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void anErrorInTheLoadersThread_neitherReachesNorStrandsTheReaders() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        HotKeyCache cache = cache(pausing);
        PausingDynamoDb.Pause pause = pausing.pauseNextGetItem().thenThrow(new OutOfMemoryError("injected"));
        CompletableFuture<Throwable> loader = new CompletableFuture<>();
        List<CompletableFuture<String>> readers = joinersOfAHeldLoad(cache, pause, loader);

        pause.release();

        assertInstanceOf(OutOfMemoryError.class, loader.get(30, TimeUnit.SECONDS));
        for (CompletableFuture<String> reader : readers) {
            assertEquals("v1", reader.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void dynamoDbsErrorForASharedLoad_reachesEveryReaderOfIt_andTheNextReadTriesAgain() throws Exception {
        ddb.putItem(r -> r.tableName(table).item(item("v1")));
        aws.throttleKeys(table, List.of("listing#celebrity"), "GetItem");
        HotKeyCache cache = cache(aws.dynamoDbBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
        try {
            assertThrows(ProvisionedThroughputExceededException.class, () -> cache.get(KEY));
            aws.clearKeyThrottling();
            assertEquals("v1", version(cache.get(KEY)), "an error is not cached");
        } finally {
            aws.clearKeyThrottling();
        }
    }
}
