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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.json.SdkJsonGenerator;
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
 * <p><b>Promises</b> (each pinned by a test in {@code WriteBufferTest}):
 * <ol>
 *   <li><b>Every write is written or handed back, once.</b> {@link #put} returns a future per write: it completes
 *   when DynamoDB wrote it, or fails with {@link WriteFailed} carrying the exact request accepted. This holds under
 *   throttling (with or without {@code ThrottlingReasons}), 5xx and network errors, a missing table, an
 *   {@link Error} on the buffer's threads, interruption of the caller or of the buffer's threads, and
 *   {@link #close()} in flight. {@link #flush()} and {@link #close()} always return.</li>
 *   <li><b>A hot key never blocks other keys' {@link #put}.</b> One partition key holds at most
 *   {@code partitionCapacity} writes (default a tenth of {@code capacity}); a put of a key at its cap waits (or,
 *   with a timeout, gives up), and only that caller waits. The bound: k keys at their cap hold at most
 *   k × {@code partitionCapacity} writes, so while k is below {@code capacity / partitionCapacity} (10 by default)
 *   the rest of the capacity is the other keys', and their puts never wait for the hot keys' writes, only for their
 *   own (their partition key's cap, or a buffer full of writes of keys below their cap).</li>
 *   <li><b>A write that cannot be sent is handed back alone, at once</b>, with the SDK's exception as the cause and
 *   {@link WriteFailed#mayHaveBeenApplied()} false: a write the SDK could not marshal (a client-side failure before
 *   anything was sent) or that DynamoDB rejected as invalid. Its batch-mates are sent without it and lose no
 *   attempt.</li>
 *   <li><b>Order per item.</b> Writes of one item (same primary key) are sent one at a time in the order accepted,
 *   and their futures complete in that order; a retried older version never lands after a newer one.</li>
 *   <li><b>{@link #close()} hands back in write order.</b> It waits {@code closeTimeout} for everything to be written,
 *   then waits for the batches in flight to answer (not when interrupted), and hands back what is left in the order
 *   the writes were accepted.</li>
 * </ol>
 *
 * <p>Nothing is dropped. A retry sends the same request that was accepted (the SDK copies the item), never a rebuilt
 * one. If an earlier write of an item is handed back and a later one is written, the table holds the later one, as
 * with direct writes. Writes of different items go in any order. Callbacks attached with the synchronous methods
 * ({@code whenComplete}, {@code thenRun}) run on the buffer's threads: they must not block (use the Async variants).
 *
 * <p><b>Throttling.</b> Items back in {@code UnprocessedItems}, and batches refused with a key-range reason
 * ({@code TableWriteKeyRangeThroughputExceeded}, {@code IndexWrite…}), back off their own partition key only:
 * other keys keep flowing. Table-wide reasons (provisioned capacity, on-demand maximum, account limit), throttling
 * without a reason and server or network errors back off the whole buffer. A batch refused for another reason
 * (a validation error, a missing table) or that the SDK could not marshal is split into single-item batches, so one
 * bad item fails alone. See {@link Backoff}: the delay grows while a partition is throttled wholesale, holds while it
 * is partly processed, and resets when it is written in full. Give the buffer a client whose SDK retries are off
 * ({@code .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))}): the buffer retries per key,
 * the SDK would retry the whole batch.
 *
 * <p><b>Memory and back-pressure.</b> At most {@code capacity} writes are held (queued, in flight or waiting to
 * retry), at most {@code partitionCapacity} of one partition key; {@link #put} blocks while either is full,
 * {@link #put(Map, Duration)} gives up with a {@link TimeoutException} naming which.
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

    private final int capacity;
    private final int partitionCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition roomFreed = lock.newCondition();
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
    private long accepted;
    private Throwable broken;
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
        this.capacity = b.capacity;
        this.partitionCapacity = b.partitionCapacity > 0 ? b.partitionCapacity : Math.max(1, b.capacity / 10);
        if (partitionCapacity > capacity) {
            throw new IllegalArgumentException("partitionCapacity (" + partitionCapacity + ") must be <= capacity ("
                    + capacity + ")");
        }
        this.globalNotBefore = System.nanoTime();
        AtomicInteger n = new AtomicInteger();
        this.sendPool = Executors.newFixedThreadPool(senders, r -> daemon(r, "write-buffer-send-" + n.incrementAndGet()));
        this.dispatcher = daemon(this::dispatch, "write-buffer-dispatch");
        this.dispatcher.start();
    }

    public static Builder builder(DynamoDbClient dynamoDb, String table, TableKey key) {
        return new Builder(dynamoDb, table, key);
    }

    /** Accepts a put, waiting while the buffer, or this item's partition key, holds all it may. */
    public CompletableFuture<Void> put(Map<String, AttributeValue> item) throws InterruptedException {
        try {
            return accept(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(),
                    key.itemKey(item), null);
        } catch (TimeoutException cannotHappen) {
            throw new IllegalStateException(cannotHappen); // no timeout, no TimeoutException
        }
    }

    /**
     * Accepts a put, waiting at most {@code timeout} for room (in the buffer and in this item's partition key); the
     * item is not accepted when it times out. {@code Duration.ZERO} never waits: a partition key at its cap fails fast.
     */
    public CompletableFuture<Void> put(Map<String, AttributeValue> item, Duration timeout)
            throws InterruptedException, TimeoutException {
        CompletableFuture<Void> accepted = accept(
                WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(),
                key.itemKey(item), Objects.requireNonNull(timeout, "timeout"));
        return accepted;
    }

    /** Accepts a delete of the item with this key, waiting while the buffer, or its partition key, is full. */
    public CompletableFuture<Void> delete(Map<String, AttributeValue> keyValues) throws InterruptedException {
        try {
            return accept(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key.keyOf(keyValues))
                    .build()).build(), key.itemKey(keyValues), null);
        } catch (TimeoutException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private CompletableFuture<Void> accept(WriteRequest request, ItemKey itemKey, Duration timeout)
            throws InterruptedException, TimeoutException {
        lock.lockInterruptibly();
        try {
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            while (true) {
                requireOpen();
                PartitionState state = partitions.get(itemKey.partition());
                int held = state == null ? 0 : state.items;
                if (pending < capacity && held < partitionCapacity) {
                    break;
                }
                if (timeout == null) {
                    roomFreed.await();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(pending >= capacity
                            ? "write buffer of " + table + " still full (" + capacity + " writes) after " + timeout
                            : "partition key " + itemKey.partition() + " of " + table + " still holds its cap of "
                            + partitionCapacity + " writes after " + timeout);
                }
                roomFreed.awaitNanos(left);
            }
            Pending write = new Pending(itemKey, request, accepted++);
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
            throw new IllegalStateException("write buffer of " + table + " is closed"
                    + (broken == null ? "" : ": its dispatcher failed with " + broken), broken);
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
     * @param rejectedBatches   batches refused for another reason, or that the SDK could not send (split, then
     *                          failed alone)
     */
    public record Stats(long written, long failed, long batches, long unprocessed, long keyRangeThrottles,
                        long tableThrottles, long transientErrors, long rejectedBatches) {
    }

    // ------------------------------------------------------------------------------------------ dispatching

    /**
     * The dispatcher's loop. Interrupting this thread does not stop it ({@link #close()} does); if it dies of an
     * unexpected throwable, the buffer closes and hands back every write not in flight, with that throwable.
     */
    private void dispatch() {
        try {
            dispatchLoop();
        } catch (Throwable t) {
            breakDown(t);
            if (t instanceof Error error) {
                throw error;
            }
        }
    }

    private void dispatchLoop() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                while (true) {
                    if (closed && pending == 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    try {
                        if (abandoning || inFlightBatches >= senders || ready.isEmpty()) {
                            changed.await();
                            continue;
                        }
                        long at = Math.max(globalNotBefore, ready.peek().eligibleAt);
                        if (at - now > 0) {
                            changed.awaitNanos(at - now);
                            continue;
                        }
                    } catch (InterruptedException ignored) {
                        continue; // an interrupt is no way to stop the buffer: close() is
                    }
                    batch = takeBatch(now);
                    if (!batch.isEmpty()) {
                        break;
                    }
                }
                inFlightBatches++;
                counts[Count.BATCHES.ordinal()]++;
                batch.forEach(p -> p.inFlight = true);
            } finally {
                lock.unlock();
            }
            List<Pending> sending = batch;
            try {
                sendPool.execute(() -> send(sending));
            } catch (Throwable t) {
                lock.lock();
                try {
                    inFlightBatches--;
                    batch.forEach(p -> p.inFlight = false);
                } finally {
                    lock.unlock();
                }
                throw t; // breakDown hands the batch back with the rest
            }
        }
    }

    /** The dispatcher died: close, hand back everything not in flight (oldest first), wake every waiter. */
    private void breakDown(Throwable t) {
        List<Runnable> completions = new ArrayList<>();
        lock.lock();
        try {
            broken = t;
            closed = true;
            abandoning = true;
            ready.clear();
            handBackLeft(/* includeInFlight= */ false, t, completions);
            changed.signalAll();
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        completions.forEach(Runnable::run);
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
        Error error = null;
        try {
            BatchWriteItemResponse response = null;
            Throwable failure = null;
            try {
                response = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, requests)));
            } catch (Throwable t) {
                failure = t;
            }
            lock.lock();
            try {
                if (failure == null) {
                    processed(batch, response.unprocessedItems().getOrDefault(table, List.of()), completions);
                } else if (failure instanceof RuntimeException e) {
                    refused(batch, e, completions);
                } else {
                    // An Error (OutOfMemoryError, StackOverflowError) or a checked throwable: it is not known whether
                    // the request went out. Hand the batch back rather than retry into the same failure.
                    handBackBatch(batch, failure, completions);
                    error = failure instanceof Error e ? e : null;
                }
            } catch (Throwable t) {
                handBackBatch(batch, t, completions); // a fault of ours while reading the answer: hand back, not hang
                error = t instanceof Error e ? e : null;
            } finally {
                lock.unlock();
            }
        } finally {
            Thread.interrupted(); // an interrupt of this sender ended its call (AbortedException); the thread goes on
            completions.forEach(Runnable::run);
            List<Runnable> late = new ArrayList<>();
            lock.lock();
            try {
                inFlightBatches--;
                batch.forEach(p -> p.inFlight = false);
                if (broken != null && inFlightBatches == 0) {
                    handBackLeft(/* includeInFlight= */ false, broken, late); // no dispatcher will send them
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            late.forEach(Runnable::run);
        }
        if (error != null) {
            throw error; // every write of the batch is handed back; the pool replaces this thread
        }
    }

    /** Under the lock: the batch's writes still held are handed back as "may have been applied". */
    private void handBackBatch(List<Pending> batch, Throwable failure, List<Runnable> completions) {
        for (Pending p : batch) {
            Lane lane = lanes.get(p.key);
            if (!p.done && lane != null && lane.items.peekFirst() == p) {
                resolve(p, lane, new WriteFailed(table, p.request, p.attempts + 1, "the SDK call ended in "
                        + failure.getClass().getName(), /* mayHaveBeenApplied= */ true, failure),
                        completions, System.nanoTime());
            }
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
            if (p.done || lane == null) {
                continue; // handed back by a close() that was interrupted while this batch was in flight
            }
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
        List<Pending> live = new ArrayList<>();
        for (Pending p : batch) {
            if (!p.done && lanes.get(p.key) != null) {
                live.add(p);
            }
        }
        var throttle = ThrottleCause.of(e);
        if (throttle.isPresent() && throttle.get().keyRangeOnly()) {
            counts[Count.KEY_RANGE_THROTTLES.ordinal()]++;
            Set<PartitionState> throttled = new HashSet<>();
            for (Pending p : live) {
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
        boolean notSent = failedBeforeSending(e);
        boolean transientError = !notSent && (e instanceof SdkClientException
                || e instanceof SdkServiceException s && s.statusCode() >= 500);
        if (throttle.isPresent() || transientError) {
            counts[(throttle.isPresent() ? Count.TABLE_THROTTLES : Count.TRANSIENT_ERRORS).ordinal()]++;
            globalThrottles++;
            globalNotBefore = now + backoff.delayNanos(globalThrottles, random);
            for (Pending p : live) {
                retry(p, lanes.get(p.key), e, throttle.isEmpty(), completions, now);
            }
            return;
        }
        // Rejected (a validation error, a missing table) or never sent (the SDK could not marshal it): an item alone
        // is handed back now; a batch is split so that the bad item fails alone and the others lose no attempt.
        counts[Count.REJECTED_BATCHES.ordinal()]++;
        for (Pending p : live) {
            Lane lane = lanes.get(p.key);
            if (batch.size() == 1 || abandoning) {
                resolve(p, lane, new WriteFailed(table, p.request, p.attempts + 1,
                        notSent ? "the SDK could not send it" : "rejected", p.maybeApplied, e), completions, now);
            } else {
                p.alone = true; // isolate: not the item's failure yet, so no attempt is counted
                requeue(lane, now);
            }
        }
    }

    /**
     * True when the SDK failed while building the request, before anything went out: its JSON marshaller refused the
     * item (e.g. nesting past the JSON writer's depth limit). Network errors, timeouts, aborts and failures to read an
     * answer are not this: the request may have been applied.
     */
    // SdkJsonGenerator is an SDK-protected type (shared between SDK modules, not a user API): if a later SDK moves
    // it, this stops matching and such a write is retried as a network error would be, then handed back as "may have
    // been applied"; WriteBufferPromisesTest's marshalling case fails then.
    static boolean failedBeforeSending(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkJsonGenerator.JsonGenerationException) {
                return true;
            }
        }
        return false;
    }

    /** Under the lock: counts an attempt, then re-queues the item or hands it back. */
    private void retry(Pending p, Lane lane, RuntimeException cause, boolean mayHaveBeenApplied,
                       List<Runnable> completions, long now) {
        p.attempts++;
        p.lastError = cause;
        p.maybeApplied |= mayHaveBeenApplied;
        if (abandoning) {
            lane.busy = false; // close() hands it back with the others, in write order
        } else if (p.attempts >= maxAttempts) {
            resolve(p, lane, new WriteFailed(table, p.request, p.attempts, cause == null
                    ? "still unprocessed after " + maxAttempts + " attempts" : "gave up after " + maxAttempts
                    + " attempts", p.maybeApplied, cause), completions, now);
        } else {
            requeue(lane, now);
        }
    }

    private void requeue(Lane lane, long now) {
        lane.busy = false;
        lane.eligibleAt = now;
        if (!abandoning) {
            ready.add(lane);
        }
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
        lock.lock();
        try {
            lane.busy = false;
            if (!abandoning && !lane.items.isEmpty()) {
                lane.eligibleAt = System.nanoTime();
                ready.add(lane);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock, when closing: hands back every write still held, oldest accepted first, in flight ones too
     * when {@code includeInFlight} (their answer, when it comes, is ignored).
     */
    private void handBackLeft(boolean includeInFlight, Throwable cause, List<Runnable> completions) {
        List<Pending> left = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            for (Pending p : lane.items) {
                if (includeInFlight || !p.inFlight) {
                    left.add(p);
                }
            }
        }
        left.sort(Comparator.comparingLong(p -> p.seq));
        for (Pending p : left) {
            Lane lane = lanes.get(p.key);
            lane.items.remove(p);
            Throwable why = p.lastError != null ? p.lastError : cause;
            finish(p, lane, new WriteFailed(table, p.request, p.attempts, p.inFlight
                    ? "the buffer closed while it was in flight" : "the buffer closed before it was written",
                    p.maybeApplied || p.inFlight, why), completions);
            if (lane.items.isEmpty()) {
                lanes.remove(lane.key);
            }
        }
    }

    private void finish(Pending p, Lane lane, WriteFailed failure, List<Runnable> completions) {
        p.done = true;
        pending--;
        if (--lane.partition.items == 0) {
            partitions.remove(p.key.partition());
        }
        counts[(failure == null ? Count.WRITTEN : Count.FAILED).ordinal()]++;
        completions.add(failure == null ? () -> p.future.complete(null) : () -> p.future.completeExceptionally(failure));
        changed.signalAll();
        roomFreed.signalAll();
    }

    // ------------------------------------------------------------------------------------------ closing

    /**
     * Stops accepting writes, waits up to {@code closeTimeout} until everything is written, then waits for the
     * batches in flight to answer and hands back every write left, in the order the writes were accepted. When the
     * caller is interrupted, it stops waiting at once: the writes in flight are handed back too (as "may have been
     * applied"), and the interrupt is kept. The wait for batches in flight is bounded by the SDK client's timeouts
     * (set {@code apiCallTimeout}) or by interrupting the closing thread.
     */
    @Override
    public void close() {
        List<Runnable> completions = new ArrayList<>();
        boolean interrupted = false;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            roomFreed.signalAll();
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
                changed.signalAll();
                while (inFlightBatches > 0 && !interrupted) {
                    try {
                        changed.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                handBackLeft(/* includeInFlight= */ interrupted, broken, completions);
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
        final long seq;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int attempts;
        boolean alone;
        boolean inFlight;
        boolean done;
        /** An attempt ended without an answer: it may have been applied, whatever later attempts said. */
        boolean maybeApplied;
        RuntimeException lastError;

        Pending(ItemKey key, WriteRequest request, long seq) {
            this.key = key;
            this.request = request;
            this.seq = seq;
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
        private int partitionCapacity;
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

        /**
         * Writes of one partition key held at most, so that a hot key's backlog leaves room for the others;
         * {@code @default} capacity / 10 (at least 1). Must not exceed {@code capacity}.
         */
        public Builder partitionCapacity(int writes) {
            if (writes < 1) {
                throw new IllegalArgumentException("partitionCapacity must be >= 1, was " + writes);
            }
            this.partitionCapacity = writes;
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
