package dev.hpr.toolkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A read cache for hot keys of one table, in this process: bounded (Caffeine, size-based eviction), each entry
 * kept for at most {@code ttl}, and one DynamoDB read per key in flight (a thundering herd on one key makes one
 * {@code GetItem}; the others wait for it). Missing items are cached too.
 *
 * <p><b>Promises</b> (each pinned by a test in {@code HotKeyCacheTest}):
 * <ol>
 *   <li>Readers that miss one key together make one strongly consistent {@code GetItem}.</li>
 *   <li>A read that starts after a write through this cache returned never sees an older value.</li>
 *   <li>Writes through this cache invalidate the key even when they throw (they may have been applied).</li>
 *   <li>Writes made elsewhere are seen within {@code ttl}.</li>
 *   <li>One reader's interruption, or an {@link Error} in the thread that loads, never reaches or strands the other
 *   readers of that load: they read again. DynamoDB's own error for the load reaches every reader of it.</li>
 * </ol>
 *
 * <p><b>What a reader sees.</b> Writes made through this cache ({@link #put}, {@link #delete}, {@link #write})
 * invalidate the key once DynamoDB has answered; loads are strongly consistent reads. A read that starts after a
 * write through this cache returned sees that write or a later one, never an older value; a read that overlaps a
 * write may see either. Writes made elsewhere (another process, another cache) are seen within {@code ttl}.
 *
 * <p><b>The race it closes.</b> A load that read the old value before a write, and finishes after that write
 * invalidated the key, must not put the old value back. Each key has a write generation
 * ({@link WriteGenerations}); a load notes it before reading and installs its value only if it is unchanged,
 * checked and installed atomically ({@code asMap().compute}) against the write's removal, which comes after it
 * advanced the generation. Readers join a load in flight only if it started at their generation, so a reader that
 * saw a write never waits for (or gets) a load from before it.
 *
 * <p>Cost: one strongly consistent read (1 RCU per 4 KB) per key per {@code ttl}, plus one after each write;
 * memory for {@code maximumSize} items.
 */
public final class HotKeyCache {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final TableKey key;
    private final Cache<ItemKey, Optional<Map<String, AttributeValue>>> cache;
    private final WriteGenerations generations = new WriteGenerations();
    private final ConcurrentMap<ItemKey, Load> loads = new ConcurrentHashMap<>();

    private HotKeyCache(Builder b) {
        this.dynamoDb = b.dynamoDb;
        this.table = b.table;
        this.key = b.key;
        this.cache = Caffeine.newBuilder().maximumSize(b.maximumSize).expireAfterWrite(b.ttl).ticker(b.ticker).build();
    }

    public static Builder builder(DynamoDbClient dynamoDb, String table, TableKey key) {
        return new Builder(dynamoDb, table, key);
    }

    /**
     * The item with this key (a key map, or any map holding the key attributes), from the cache or one read.
     * DynamoDB's error for a shared load (throttling, a missing table) is thrown to every reader of that load; the
     * loader's own interruption or an {@link Error} in its thread is thrown to the loader only: the readers waiting
     * on it read again (one of them loads). A reader waiting on a load keeps waiting when interrupted, and keeps its
     * interrupt status.
     */
    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> keyValues) {
        ItemKey k = key.itemKey(keyValues);
        while (true) {
            Optional<Map<String, AttributeValue>> cached = cache.getIfPresent(k);
            if (cached != null) {
                return cached;
            }
            long generation = generations.current(k);
            Load mine = new Load(generation);
            Load load = loads.compute(k, (ignored, inFlight) ->
                    inFlight != null && inFlight.generation == generation ? inFlight : mine);
            if (load == mine) {
                return run(k, mine, key.keyOf(keyValues));
            }
            try {
                return load.result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof LoaderFailed) {
                    continue; // the loader's own fault, not the item's: read again
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** The loader's read; its result (or DynamoDB's error) goes to every reader that joined it. */
    private Optional<Map<String, AttributeValue>> run(ItemKey k, Load load, Map<String, AttributeValue> keyMap) {
        try {
            var response = dynamoDb.getItem(r -> r.tableName(table).key(keyMap).consistentRead(true));
            Optional<Map<String, AttributeValue>> item =
                    response.hasItem() ? Optional.of(Map.copyOf(response.item())) : Optional.empty();
            cache.asMap().compute(k, (ignored, current) -> generations.current(k) == load.generation ? item : current);
            loads.remove(k, load);
            load.result.complete(item);
            return item;
        } catch (RuntimeException e) {
            loads.remove(k, load); // first, so that readers who read again start a new load instead of rejoining
            load.result.completeExceptionally(interrupted(e) ? new LoaderFailed(e) : e);
            throw e;
        } catch (Throwable t) {
            loads.remove(k, load);
            load.result.completeExceptionally(new LoaderFailed(t)); // an Error is the loader thread's, not theirs
            throw t;
        }
    }

    /** The loader's thread was interrupted: the SDK ends the call with an AbortedException and keeps the flag. */
    private static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AbortedException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** PutItem through the cache. */
    public void put(Map<String, AttributeValue> item) {
        write(item, () -> dynamoDb.putItem(r -> r.tableName(table).item(item)));
    }

    /** DeleteItem through the cache. */
    public void delete(Map<String, AttributeValue> keyValues) {
        write(keyValues, () -> dynamoDb.deleteItem(r -> r.tableName(table).key(key.keyOf(keyValues))));
    }

    /**
     * Any write of the item with this key (an UpdateItem, a conditional put, a transaction): runs it, then
     * invalidates the key, also when it threw (it may have been applied).
     */
    public <T> T write(Map<String, AttributeValue> keyValues, Supplier<T> write) {
        ItemKey k = key.itemKey(keyValues);
        try {
            return write.get();
        } finally {
            generations.advance(k);
            cache.asMap().remove(k);
        }
    }

    /** Drops the cached value of this key (after a write made elsewhere that this process knows about). */
    public void invalidate(Map<String, AttributeValue> keyValues) {
        write(keyValues, () -> null);
    }

    /** Entries cached now (an estimate, as Caffeine counts). */
    public long size() {
        return cache.estimatedSize();
    }

    /** A load failed for its loader's own reason: the readers that joined it read again. */
    private static final class LoaderFailed extends RuntimeException {
        LoaderFailed(Throwable cause) {
            super(cause);
        }
    }

    private static final class Load {
        final long generation;
        final CompletableFuture<Optional<Map<String, AttributeValue>>> result = new CompletableFuture<>();

        Load(long generation) {
            this.generation = generation;
        }
    }

    public static final class Builder {
        private final DynamoDbClient dynamoDb;
        private final String table;
        private final TableKey key;
        private long maximumSize = 10_000;
        private Duration ttl = Duration.ofSeconds(1);
        private Ticker ticker = Ticker.systemTicker();

        private Builder(DynamoDbClient dynamoDb, String table, TableKey key) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
            this.table = Objects.requireNonNull(table, "table");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Items kept at most; {@code @default} 10,000. */
        public Builder maximumSize(long items) {
            this.maximumSize = items;
            return this;
        }

        /** How long an entry is served after it was loaded: the staleness bound for writes made elsewhere;
         *  {@code @default} 1 s. */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The time source for expiry; {@code @default} {@code Ticker.systemTicker()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        public HotKeyCache build() {
            return new HotKeyCache(this);
        }
    }
}
