package dev.hpr.toolkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Buffers puts and deletes of one table and writes them with {@code BatchWriteItem}, 25 at a time, retrying what
 * DynamoDB did not process, so that a burst or a hot key slows writes down instead of failing them.
 *
 * <p><b>Every write is written or handed back.</b> {@link #put} returns a future per write: it completes when
 * DynamoDB wrote it, or fails with {@link WriteFailed} (carrying the exact request) when it was rejected, ran out
 * of attempts, or the buffer closed first. Nothing is dropped. A retry sends the same request that was accepted
 * (the SDK copies the item), never a rebuilt one.
 *
 * <p><b>Order per item.</b> Writes of one item (same primary key) are sent one at a time in the order they were
 * accepted: the next waits until the previous was written or handed back. So a retried older version can never land
 * after a newer one, and no batch holds one key twice (which DynamoDB rejects). If an earlier write of an item is
 * handed back and a later one is written, the table holds the later one, as with direct writes. Writes of different
 * items go in any order. The futures of one item complete in order as well: the next write of an item is sent only
 * after the previous one's future completed. Callbacks attached with the synchronous methods
 * ({@code whenComplete}, {@code thenRun}) run on the buffer's threads: they must not block (use the Async variants).
 *
 * <p><b>Throttling.</b> Items back in {@code UnprocessedItems}, and batches refused with a key-range reason
 * ({@code TableWriteKeyRangeThroughputExceeded}, {@code IndexWrite…}), back off their own partition key only:
 * other keys keep flowing. Table-wide reasons (provisioned capacity, on-demand maximum, account limit), throttling
 * without a reason and server or network errors back off the whole buffer. A batch refused for another reason
 * (a validation error) is split into single-item batches, so one bad item fails alone. See {@link Backoff}: the
 * delay grows while a partition is throttled wholesale, holds while it is partly processed, and resets when it is
 * written in full. Give the buffer a client whose SDK retries are off
 * ({@code .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))}): the buffer retries per key,
 * the SDK would retry the whole batch.
 *
 * <p><b>Memory and back-pressure.</b> At most {@code capacity} writes are held (queued, in flight or waiting to
 * retry); {@link #put} blocks while it is full, {@link #put(Map, Duration)} gives up with a
 * {@link TimeoutException}. {@link #close()} stops accepting, waits up to {@code closeTimeout} for everything to be
 * written, then hands back what is left (waiting for batches already sent to answer).
 */
public final class WriteBuffer implements AutoCloseable {

    /** BatchWriteItem's limit of requests per call. */
    public static final int MAX_BATCH = 25;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final TableKey key;
    private final int senders;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration closeTimeout;
    private final RandomGenerator random;

    private final Semaphore room;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<ItemKey, Lane> lanes = new HashMap<>();
    private final Map<String, PartitionState> partitions = new HashMap<>();
    private final PriorityQueue<Lane> ready = new PriorityQueue<>(Comparator.comparingLong(l -> l.eligibleAt));
    private final ExecutorService sendPool;
    private final Thread dispatcher;
    private int pending;
    private int inFlightBatches;
    private int globalThrottles;
    private long globalNotBefore;
    private boolean closed;
    private boolean abandoning;
    private final long[] counts = new long[Count.values().length];

    private WriteBuffer(Builder b) {
        this.dynamoDb = b.dynamoDb;
        this.table = b.table;
        this.key = b.key;
        this.senders = b.senders;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.closeTimeout = b.closeTimeout;
        this.random = b.random;
        this.room = new Semaphore(b.capacity, /* fair= */ true);
        this.globalNotBefore = System.nanoTime();
        AtomicInteger n = new AtomicInteger();
        this.sendPool = Executors.newFixedThreadPool(senders, r -> daemon(r, "write-buffer-send-" + n.incrementAndGet()));
        this.dispatcher = daemon(this::dispatch, "write-buffer-dispatch");
        this.dispatcher.start();
    }

    public static Builder builder(DynamoDbClient dynamoDb, String table, TableKey key) {
        return new Builder(dynamoDb, table, key);
    }

    /** Accepts a put, waiting while the buffer is full. */
    public CompletableFuture<Void> put(Map<String, AttributeValue> item) throws InterruptedException {
        return accept(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(),
                key.itemKey(item), null);
    }

    /** Accepts a put, waiting at most {@code timeout} for room; the item is not accepted when it times out. */
    public CompletableFuture<Void> put(Map<String, AttributeValue> item, Duration timeout)
            throws InterruptedException, TimeoutException {
        return acceptWithin(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(),
                key.itemKey(item), timeout);
    }

    /** Accepts a delete of the item with this key, waiting while the buffer is full. */
    public CompletableFuture<Void> delete(Map<String, AttributeValue> keyValues) throws InterruptedException {
        return accept(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key.keyOf(keyValues)).build())
                .build(), key.itemKey(keyValues), null);
    }

    private CompletableFuture<Void> acceptWithin(WriteRequest request, ItemKey itemKey, Duration timeout)
            throws InterruptedException, TimeoutException {
        CompletableFuture<Void> accepted = accept(request, itemKey, Objects.requireNonNull(timeout, "timeout"));
        if (accepted == null) {
            throw new TimeoutException("write buffer of " + table + " still full after " + timeout);
        }
        return accepted;
    }

    /** Null when {@code timeout} passed without room. */
    private CompletableFuture<Void> accept(WriteRequest request, ItemKey itemKey, Duration timeout)
            throws InterruptedException {
        requireOpen();
        if (timeout == null) {
            room.acquire();
        } else if (!room.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        lock.lock();
        try {
            if (closed) {
                room.release();
                requireOpen();
            }
            Pending write = new Pending(itemKey, request);
            pending++;
            long now = System.nanoTime();
            Lane lane = lanes.computeIfAbsent(itemKey, k -> new Lane(k,
                    partitions.computeIfAbsent(k.partition(), p -> new PartitionState(now))));
            lane.partition.items++;
            lane.items.addLast(write);
            if (lane.items.size() == 1 && !lane.busy) {
                lane.eligibleAt = now;
                ready.add(lane);
                changed.signalAll();
            }
            return write.future;
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("write buffer of " + table + " is closed");
        }
    }

    /** Waits until every write accepted so far (and any accepted meanwhile) is written or handed back. */
    public void flush() throws InterruptedException {
        lock.lock();
        try {
            while (pending > 0) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes held now: queued, in flight or waiting to be retried. */
    public int pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(counts[Count.WRITTEN.ordinal()], counts[Count.FAILED.ordinal()],
                    counts[Count.BATCHES.ordinal()], counts[Count.UNPROCESSED.ordinal()],
                    counts[Count.KEY_RANGE_THROTTLES.ordinal()], counts[Count.TABLE_THROTTLES.ordinal()],
                    counts[Count.TRANSIENT_ERRORS.ordinal()], counts[Count.REJECTED_BATCHES.ordinal()]);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the buffer did so far.
     *
     * @param unprocessed       items DynamoDB returned in {@code UnprocessedItems} (each retried or handed back)
     * @param keyRangeThrottles batches refused with key-range reasons only
     * @param tableThrottles    batches refused with table-wide or unnamed throttling
     * @param transientErrors   batches without an answer (network, timeout) or with a 5xx
     * @param rejectedBatches   batches refused for another reason (split, then failed alone)
     */
    public record Stats(long written, long failed, long batches, long unprocessed, long keyRangeThrottles,
                        long tableThrottles, long transientErrors, long rejectedBatches) {
    }

    // ------------------------------------------------------------------------------------------ dispatching

    private void dispatch() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                while (true) {
                    if (closed && pending == 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (abandoning || inFlightBatches >= senders || ready.isEmpty()) {
                        changed.await();
                        continue;
                    }
                    long at = Math.max(globalNotBefore, ready.peek().eligibleAt);
                    if (at - now > 0) {
                        changed.awaitNanos(at - now);
                        continue;
                    }
                    batch = takeBatch(now);
                    if (!batch.isEmpty()) {
                        break;
                    }
                }
                inFlightBatches++;
                counts[Count.BATCHES.ordinal()]++;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            List<Pending> sending = batch;
            sendPool.execute(() -> send(sending));
        }
    }

    /** Up to 25 eligible heads of distinct items; an item being isolated goes alone. Called under the lock. */
    private List<Pending> takeBatch(long now) {
        List<Pending> batch = new ArrayList<>();
        List<Lane> later = new ArrayList<>();
        while (batch.size() < MAX_BATCH && !ready.isEmpty() && ready.peek().eligibleAt - now <= 0) {
            Lane lane = ready.poll();
            if (lane.partition.notBefore - now > 0) {
                lane.eligibleAt = lane.partition.notBefore;
                later.add(lane);
                continue;
            }
            Pending head = lane.items.peekFirst();
            if (head.alone && !batch.isEmpty()) {
                later.add(lane);
                continue;
            }
            lane.busy = true;
            batch.add(head);
            if (head.alone) {
                break;
            }
        }
        ready.addAll(later);
        return batch;
    }

    private void send(List<Pending> batch) {
        List<Runnable> completions = new ArrayList<>();
        List<WriteRequest> requests = batch.stream().map(p -> p.request).toList();
        try {
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, requests)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            lock.lock();
            try {
                processed(batch, unprocessed, completions);
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            lock.lock();
            try {
                refused(batch, e, completions);
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                inFlightBatches--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            completions.forEach(Runnable::run);
        }
    }

    /** A BatchWriteItem answer: written items resolve, unprocessed ones back off their partition. */
    private void processed(List<Pending> batch, List<WriteRequest> unprocessed, List<Runnable> completions) {
        long now = System.nanoTime();
        globalThrottles = 0;
        Set<ItemKey> sent = new HashSet<>();
        batch.forEach(p -> sent.add(p.key));
        Set<ItemKey> back = new HashSet<>();
        for (WriteRequest w : unprocessed) {
            back.add(key.itemKey(w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key()));
        }
        // An unprocessed item we cannot match to what we sent: resend them all rather than guess (same items,
        // still in order, so resending a written one is harmless).
        boolean resendAll = !sent.containsAll(back);
        Set<PartitionState> throttled = new HashSet<>();
        Set<PartitionState> written = new HashSet<>();
        for (Pending p : batch) {
            Lane lane = lanes.get(p.key);
            if (resendAll || back.contains(p.key)) {
                counts[Count.UNPROCESSED.ordinal()]++;
                throttled.add(lane.partition);
                retry(p, lane, null, /* mayHaveBeenApplied= */ resendAll, completions, now);
            } else {
                written.add(lane.partition);
                resolve(p, lane, null, completions, now);
            }
        }
        for (PartitionState partition : throttled) {
            // wholly unprocessed: throttled harder; partly processed: at its limit, keep the pace; see Backoff
            if (!written.contains(partition) || partition.throttles == 0) {
                partition.throttles++;
            }
            partition.notBefore = now + backoff.delayNanos(partition.throttles, random);
        }
        for (PartitionState partition : written) {
            if (!throttled.contains(partition)) {
                partition.throttles = 0;
            }
        }
    }

    /** A BatchWriteItem that failed as a whole. */
    private void refused(List<Pending> batch, RuntimeException e, List<Runnable> completions) {
        long now = System.nanoTime();
        var throttle = ThrottleCause.of(e);
        if (throttle.isPresent() && throttle.get().keyRangeOnly()) {
            counts[Count.KEY_RANGE_THROTTLES.ordinal()]++;
            Set<PartitionState> throttled = new HashSet<>();
            for (Pending p : batch) {
                Lane lane = lanes.get(p.key);
                throttled.add(lane.partition);
                retry(p, lane, e, false, completions, now);
            }
            for (PartitionState partition : throttled) {
                partition.throttles++;
                partition.notBefore = now + backoff.delayNanos(partition.throttles, random);
            }
            return;
        }
        boolean transientError = e instanceof SdkClientException
                || e instanceof SdkServiceException s && s.statusCode() >= 500;
        if (throttle.isPresent() || transientError) {
            counts[(throttle.isPresent() ? Count.TABLE_THROTTLES : Count.TRANSIENT_ERRORS).ordinal()]++;
            globalThrottles++;
            globalNotBefore = now + backoff.delayNanos(globalThrottles, random);
            for (Pending p : batch) {
                retry(p, lanes.get(p.key), e, throttle.isEmpty(), completions, now);
            }
            return;
        }
        counts[Count.REJECTED_BATCHES.ordinal()]++;
        for (Pending p : batch) {
            Lane lane = lanes.get(p.key);
            if (batch.size() == 1 || abandoning) {
                resolve(p, lane, new WriteFailed(table, p.request, p.attempts + 1, "rejected", false, e),
                        completions, now);
            } else {
                p.alone = true; // isolate: not the item's failure yet, so no attempt is counted
                requeue(lane, now);
            }
        }
    }

    /** Under the lock: counts an attempt, then re-queues the item or hands it back. */
    private void retry(Pending p, Lane lane, RuntimeException cause, boolean mayHaveBeenApplied,
                       List<Runnable> completions, long now) {
        p.attempts++;
        p.lastError = cause;
        if (abandoning) {
            resolve(p, lane, new WriteFailed(table, p.request, p.attempts, "the buffer closed before it was written",
                    mayHaveBeenApplied, cause), completions, now);
        } else if (p.attempts >= maxAttempts) {
            resolve(p, lane, new WriteFailed(table, p.request, p.attempts, cause == null
                    ? "still unprocessed after " + maxAttempts + " attempts" : "gave up after " + maxAttempts
                    + " attempts", mayHaveBeenApplied, cause), completions, now);
        } else {
            requeue(lane, now);
        }
    }

    private void requeue(Lane lane, long now) {
        lane.busy = false;
        lane.eligibleAt = now;
        ready.add(lane);
    }

    /**
     * Under the lock: the lane's head is done (written when {@code failure} is null). The item's next write stays
     * held until this one's future has completed, so futures of one item complete in order too.
     */
    private void resolve(Pending p, Lane lane, WriteFailed failure, List<Runnable> completions, long now) {
        lane.items.removeFirst();
        finish(p, lane, failure, completions);
        if (lane.items.isEmpty()) {
            lane.busy = false;
            lanes.remove(lane.key);
        } else {
            lane.busy = true;
            completions.add(() -> release(lane));
        }
    }

    private void release(Lane lane) {
        List<Runnable> completions = new ArrayList<>();
        lock.lock();
        try {
            lane.busy = false;
            if (abandoning) {
                handBackWaiting(lane, completions);
            } else {
                lane.eligibleAt = System.nanoTime();
                ready.add(lane);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        completions.forEach(Runnable::run);
    }

    /** Under the lock, when closing: hands back the lane's writes that are not in flight. */
    private void handBackWaiting(Lane lane, List<Runnable> completions) {
        while (lane.items.size() > (lane.busy ? 1 : 0)) {
            Pending p = lane.items.removeLast();
            finish(p, lane, new WriteFailed(table, p.request, p.attempts, "the buffer closed before it was written",
                    false, p.lastError), completions);
        }
        if (lane.items.isEmpty()) {
            lanes.remove(lane.key);
        }
    }

    private void finish(Pending p, Lane lane, WriteFailed failure, List<Runnable> completions) {
        pending--;
        room.release();
        if (--lane.partition.items == 0) {
            partitions.remove(p.key.partition());
        }
        counts[(failure == null ? Count.WRITTEN : Count.FAILED).ordinal()]++;
        completions.add(failure == null ? () -> p.future.complete(null) : () -> p.future.completeExceptionally(failure));
        changed.signalAll();
    }

    // ------------------------------------------------------------------------------------------ closing

    /**
     * Stops accepting writes, waits up to {@code closeTimeout} until everything is written, then hands back every
     * write not yet sent and waits for batches in flight to answer (their writes are written, or handed back
     * instead of retried).
     */
    @Override
    public void close() {
        List<Runnable> completions = new ArrayList<>();
        boolean interrupted = false;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            long deadline = System.nanoTime() + closeTimeout.toNanos();
            while (pending > 0 && !interrupted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (pending > 0) {
                abandoning = true;
                ready.clear();
                for (Lane lane : new ArrayList<>(lanes.values())) {
                    handBackWaiting(lane, completions);
                }
            }
            while (pending > 0) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        completions.forEach(Runnable::run);
        sendPool.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ state

    private enum Count { WRITTEN, FAILED, BATCHES, UNPROCESSED, KEY_RANGE_THROTTLES, TABLE_THROTTLES, TRANSIENT_ERRORS,
        REJECTED_BATCHES }

    private static final class Pending {
        final ItemKey key;
        final WriteRequest request;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int attempts;
        boolean alone;
        RuntimeException lastError;

        Pending(ItemKey key, WriteRequest request) {
            this.key = key;
            this.request = request;
        }
    }

    /** The writes of one item, oldest first; the head is the only one that may be in flight. */
    private static final class Lane {
        final ItemKey key;
        final PartitionState partition;
        final ArrayDeque<Pending> items = new ArrayDeque<>();
        boolean busy;
        long eligibleAt;

        Lane(ItemKey key, PartitionState partition) {
            this.key = key;
            this.partition = partition;
        }
    }

    /** Backoff of one partition key value, shared by the lanes of its items; kept while it has writes held. */
    private static final class PartitionState {
        int items;
        int throttles;
        long notBefore;

        PartitionState(long now) {
            this.notBefore = now; // nanoTime values may be negative: never compare against 0
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static final class Builder {
        private final DynamoDbClient dynamoDb;
        private final String table;
        private final TableKey key;
        private int capacity = 1_000;
        private int senders = 4;
        private int maxAttempts = 20;
        private Backoff backoff = Backoff.defaults();
        private Duration closeTimeout = Duration.ofSeconds(30);
        private RandomGenerator random = new Random();

        private Builder(DynamoDbClient dynamoDb, String table, TableKey key) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
            this.table = Objects.requireNonNull(table, "table");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Writes held at most (queued, in flight, waiting to retry); {@code @default} 1,000. */
        public Builder capacity(int writes) {
            if (writes < 1) {
                throw new IllegalArgumentException("capacity must be >= 1, was " + writes);
            }
            this.capacity = writes;
            return this;
        }

        /** BatchWriteItem calls in flight at once; {@code @default} 4. */
        public Builder senders(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("senders must be >= 1, was " + calls);
            }
            this.senders = calls;
            return this;
        }

        /** Attempts per write before it is handed back; {@code @default} 20. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** {@code @default} {@link Backoff#defaults()}: 50 ms doubling up to 5 s, with jitter. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** How long {@link #close()} waits for writes before handing them back; {@code @default} 30 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The jitter's source; {@code @default} a new {@link Random}. Used under the buffer's lock. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public WriteBuffer build() {
            return new WriteBuffer(this);
        }
    }
}
