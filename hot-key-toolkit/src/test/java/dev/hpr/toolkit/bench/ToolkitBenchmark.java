package dev.hpr.toolkit.bench;

import dev.hpr.testfixtures.KeyThrottle;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.toolkit.Backoff;
import dev.hpr.toolkit.Gathered;
import dev.hpr.toolkit.HotKeyCache;
import dev.hpr.toolkit.MergeOrder;
import dev.hpr.toolkit.ScatterGather;
import dev.hpr.toolkit.ShardChooser;
import dev.hpr.toolkit.ShardedKey;
import dev.hpr.toolkit.SortKeyCondition;
import dev.hpr.toolkit.TableKey;
import dev.hpr.toolkit.WriteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Measures the toolkit against a private local AWS (moto 5.2.1 over loopback HTTP) and prints plain-text tables:
 * the cost of a scatter-gather read over N = 1, 4, 16 shards, what the cache saves, the write buffer's
 * throughput with and without injected key-range throttling, and how long other keys' puts wait while one key is
 * throttled on every request (its backlog). It measures; it asserts nothing. Times are the local
 * emulator's, not DynamoDB's: compare rows with each other, not with AWS.
 */
public final class ToolkitBenchmark {
    private static final int READS = 20;
    private static final int ITEMS_PER_KEY = 400;
    private static final int BUFFER_WRITES = 4_000;

    private ToolkitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (LocalAws aws = LocalAws.start()) {
            System.out.printf(Locale.ROOT, "hot-key-toolkit benchmark: local AWS (moto 5.2.1) on %s, %d cores, %s%n%n",
                    aws.endpoint(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            scatterGather(aws, pool);
            cache(aws, pool);
            buffer(aws, pool);
            hotKeyBacklog(aws, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void scatterGather(LocalAws aws, ExecutorService pool) {
        DynamoDbClient ddb = aws.dynamoDb();
        ScatterGather gather = new ScatterGather(ddb, pool);
        System.out.println("Scatter-gather read of one logical key (" + ITEMS_PER_KEY + " items of ~100 B), "
                + READS + " reads each, parallel over shards");
        System.out.println("shards | read             | Query calls/read | items | median ms | p95 ms");
        for (int shards : new int[] {1, 4, 16}) {
            String table = table(ddb, "bench-sg");
            ShardedKey key = ShardedKey.of("pk", shards, ShardChooser.hashOf("sk")).sortKey("sk");
            for (int i = 0; i < ITEMS_PER_KEY; i++) {
                var item = key.assign(Map.of("pk", AttributeValue.fromS("customer#42"),
                        "sk", AttributeValue.fromS(String.format("order-%04d", i)),
                        "body", AttributeValue.fromS("x".repeat(80))));
                ddb.putItem(r -> r.tableName(table).item(item));
            }
            for (boolean narrow : new boolean[] {false, true}) {
                SortKeyCondition condition = narrow
                        ? SortKeyCondition.between("sk", AttributeValue.fromS("order-0100"), AttributeValue.fromS("order-0109"))
                        : SortKeyCondition.none();
                aws.resetCalls();
                long[] millis = new long[READS];
                int items = 0;
                for (int r = 0; r < READS; r++) {
                    long start = System.nanoTime();
                    Gathered g = gather.query(QueryRequest.builder().tableName(table).build(), key.partitions("customer#42"),
                            condition, MergeOrder.SORT_KEY);
                    millis[r] = (System.nanoTime() - start) / 1_000_000;
                    items = g.items().size();
                }
                System.out.printf(Locale.ROOT, "%6d | %-16s | %16.1f | %5d | %9d | %6d%n", shards,
                        narrow ? "10-item range" : "all items", aws.calls("dynamodb:Query") / (double) READS, items,
                        percentile(millis, 50), percentile(millis, 95));
            }
        }
        System.out.println();
    }

    private static void cache(LocalAws aws, ExecutorService pool) throws Exception {
        DynamoDbClient ddb = aws.dynamoDb();
        String table = table(ddb, "bench-cache");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("listing#celebrity"), "sk",
                AttributeValue.fromS("profile"));
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"),
                "body", AttributeValue.fromS("x".repeat(2_000)))));
        HotKeyCache cache = HotKeyCache.builder(ddb, table, TableKey.of("pk", "sk")).ttl(Duration.ofSeconds(1)).build();
        System.out.println("Hot-key read cache: 8 threads × 250 reads of one key");
        System.out.println("path       | GetItem calls | elapsed ms");
        for (boolean cached : new boolean[] {false, true}) {
            aws.resetCalls();
            long start = System.nanoTime();
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        if (cached) {
                            cache.get(key);
                        } else {
                            ddb.getItem(r -> r.tableName(table).key(key).consistentRead(true));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
            System.out.printf(Locale.ROOT, "%-10s | %13d | %10d%n", cached ? "cache" : "direct",
                    aws.calls("dynamodb:GetItem"), (System.nanoTime() - start) / 1_000_000);
        }
        System.out.println();
    }

    private static void buffer(LocalAws aws, ExecutorService pool) throws Exception {
        System.out.println("Write buffer: " + BUFFER_WRITES + " puts of ~100 B over 50 partition keys from 4 threads;"
                + " throttled runs throttle 5 keys (10% of writes); 4 senders, backoff 50 ms to 1 s, 10 attempts");
        System.out.println("run                           | written | written/s | last written s | all resolved s"
                + " | BatchWriteItem | unprocessed | refused (key range) | handed back");
        try (DynamoDbClient ddb = aws.dynamoDbBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            for (String run : List.of("no throttling", "every 2nd request on hot keys", "every request on hot keys")) {
                String table = table(ddb, "bench-buf");
                if (!run.equals("no throttling")) {
                    KeyThrottle throttle = KeyThrottle.of(table, List.of("key-0", "key-1", "key-2", "key-3", "key-4"))
                            .operations("BatchWriteItem");
                    aws.throttleKeys(run.startsWith("every 2nd") ? throttle.every(2) : throttle);
                }
                aws.resetCalls();
                WriteBuffer buffer = WriteBuffer.builder(ddb, table, TableKey.of("pk", "sk")).maxAttempts(10)
                        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1))).build();
                AtomicLong lastWritten = new AtomicLong();
                long start = System.nanoTime();
                List<Future<List<CompletableFuture<Void>>>> producers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    producers.add(pool.submit(() -> {
                        List<CompletableFuture<Void>> writes = new ArrayList<>();
                        for (int i = 0; i < BUFFER_WRITES / 4; i++) {
                            writes.add(buffer.put(Map.of("pk", AttributeValue.fromS("key-" + (i % 50)),
                                    "sk", AttributeValue.fromS(thread + "-" + i), "body", AttributeValue.fromS("x".repeat(80))))
                                    .thenRun(() -> lastWritten.accumulateAndGet(System.nanoTime(), Math::max)));
                        }
                        return writes;
                    }));
                }
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (Future<List<CompletableFuture<Void>>> producer : producers) {
                    all.addAll(producer.get());
                }
                // On keys throttled on every request, writes run out of attempts and are handed back: that row shows
                // the other keys' writes are not held up by them (last written) and how long giving up takes.
                CompletableFuture.allOf(all.stream().map(f -> f.exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)).get();
                long elapsed = System.nanoTime() - start;
                buffer.close();
                WriteBuffer.Stats stats = buffer.stats();
                double written = (lastWritten.get() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-29s | %7d | %9.0f | %14.2f | %14.2f | %14d | %11d | %19d | %11d%n",
                        run, stats.written(), stats.written() / written, written, elapsed / 1e9,
                        aws.calls("dynamodb:BatchWriteItem"), stats.unprocessed(), stats.keyRangeThrottles(),
                        stats.failed());
                aws.clearKeyThrottling();
            }
        }
        System.out.println();
        System.out.println("(written/s: written items over the time to the last one written; all resolved: until every"
                + " write was written or handed back)");
    }

    private static final int BACKLOG_CAPACITY = 200;
    private static final int HOT_PUTS = 300;
    private static final int COLD_PUTS_PER_THREAD = 900;

    /**
     * One key throttled on every request, written by its own thread, while three threads write 49 other keys: the
     * latency of each cold put() call (how long the caller was held) and the time to the last cold write. Uses only
     * the builder options every version of the buffer has, so that the same code measures before and after.
     */
    private static void hotKeyBacklog(LocalAws aws, ExecutorService pool) throws Exception {
        System.out.println("Write buffer, hot-key backlog: capacity " + BACKLOG_CAPACITY + ", " + HOT_PUTS
                + " puts to one key throttled on every request (one thread) while 3 threads put "
                + 3 * COLD_PUTS_PER_THREAD + " to 49 other keys; backoff 50 ms to 1 s, 10 attempts");
        System.out.println("cold puts | put() median ms | put() p99 ms | put() max ms | last cold written s"
                + " | hot written | hot handed back | hot not accepted");
        try (DynamoDbClient ddb = aws.dynamoDbBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            String table = table(ddb, "bench-hot");
            aws.throttleKeys(KeyThrottle.of(table, List.of("hot")).operations("BatchWriteItem"));
            WriteBuffer buffer = WriteBuffer.builder(ddb, table, TableKey.of("pk", "sk")).capacity(BACKLOG_CAPACITY)
                    .maxAttempts(10).backoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
                    .closeTimeout(Duration.ofSeconds(1)).build();
            List<CompletableFuture<Void>> hot = java.util.Collections.synchronizedList(new ArrayList<>());
            Future<Integer> hotProducer = pool.submit(() -> {
                for (int i = 0; i < HOT_PUTS; i++) {
                    try {
                        hot.add(buffer.put(Map.of("pk", AttributeValue.fromS("hot"), "sk", AttributeValue.fromS("h" + i),
                                "body", AttributeValue.fromS("x".repeat(80)))));
                    } catch (IllegalStateException closed) {
                        return HOT_PUTS - i;
                    }
                }
                return 0;
            });
            Thread.sleep(500); // the hot key's backlog builds first
            long start = System.nanoTime();
            List<Future<long[]>> producers = new ArrayList<>();
            List<CompletableFuture<Void>> cold = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 3; t++) {
                int thread = t;
                producers.add(pool.submit(() -> {
                    long[] nanos = new long[COLD_PUTS_PER_THREAD];
                    for (int i = 0; i < COLD_PUTS_PER_THREAD; i++) {
                        var item = Map.of("pk", AttributeValue.fromS("cold-" + (i % 49)),
                                "sk", AttributeValue.fromS(thread + "-" + i), "body", AttributeValue.fromS("x".repeat(80)));
                        long before = System.nanoTime();
                        cold.add(buffer.put(item));
                        nanos[i] = System.nanoTime() - before;
                    }
                    return nanos;
                }));
            }
            long[] all = new long[3 * COLD_PUTS_PER_THREAD];
            for (int t = 0; t < 3; t++) {
                System.arraycopy(producers.get(t).get(), 0, all, t * COLD_PUTS_PER_THREAD, COLD_PUTS_PER_THREAD);
            }
            CompletableFuture.allOf(cold.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
            double coldSeconds = (System.nanoTime() - start) / 1e9;
            buffer.close();
            int notAccepted = hotProducer.get();
            long hotWritten = hot.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            long hotHandedBack = hot.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            System.out.printf(Locale.ROOT, "%9d | %15.3f | %12.3f | %12.1f | %19.2f | %11d | %15d | %16d%n",
                    all.length, percentileNanos(all, 50) / 1e6, percentileNanos(all, 99) / 1e6,
                    Arrays.stream(all).max().orElse(0) / 1e6, coldSeconds, hotWritten, hotHandedBack, notAccepted);
            aws.clearKeyThrottling();
        }
        System.out.println();
    }

    private static long percentileNanos(long[] values, int p) {
        return percentile(values, p);
    }

    private static String table(DynamoDbClient ddb, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        return name;
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
