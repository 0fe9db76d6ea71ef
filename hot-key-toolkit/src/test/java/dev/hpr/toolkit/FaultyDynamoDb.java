package dev.hpr.toolkit;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A real client (over HTTP to the local AWS) around which a test injects the failures the local AWS cannot produce:
 * an {@link Error} thrown by the SDK call, a reply lost after DynamoDB applied the write, a call that hangs. Every
 * call that is not failed before sending reaches the local AWS.
 */
final class FaultyDynamoDb implements DynamoDbClient {

    /** What the next matching call does instead of (or after) reaching DynamoDB. */
    enum Fault {
        /** Throws an OutOfMemoryError without sending. */
        OUT_OF_MEMORY,
        /** Sends, DynamoDB applies it, then the reply is lost: an SdkClientException caused by an IOException. */
        REPLY_LOST,
        /** Waits until {@link #releaseHeld()} before sending (a call in flight that does not answer). */
        HOLD
    }

    private final DynamoDbClient real;
    private final ConcurrentLinkedQueue<Fault> batchWriteFaults = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> putItemFaults = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    final AtomicInteger batchWriteCalls = new AtomicInteger();
    /** Every BatchWriteItem request sent, as DynamoDB got it. */
    final ConcurrentLinkedQueue<BatchWriteItemRequest> batchWrites = new ConcurrentLinkedQueue<>();

    FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    FaultyDynamoDb failNextBatchWrite(Fault fault) {
        batchWriteFaults.add(fault);
        return this;
    }

    FaultyDynamoDb failNextPutItem(Fault fault) {
        putItemFaults.add(fault);
        return this;
    }

    void awaitHeld() throws InterruptedException {
        if (!held.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no call came to be held");
        }
    }

    void releaseHeld() {
        released.countDown();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        batchWriteCalls.incrementAndGet();
        batchWrites.add(request);
        return apply(batchWriteFaults.poll(), () -> real.batchWriteItem(request));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return apply(putItemFaults.poll(), () -> real.putItem(request));
    }

    private <T> T apply(Fault fault, java.util.function.Supplier<T> call) {
        if (fault == null) {
            return call.get();
        }
        switch (fault) {
            case OUT_OF_MEMORY -> throw new OutOfMemoryError("injected: Java heap space");
            case REPLY_LOST -> {
                call.get();
                throw SdkClientException.builder().message("injected: Unable to execute HTTP request: read timed out")
                        .cause(new IOException("read timed out")).build();
            }
            case HOLD -> {
                held.countDown();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return real.getItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return real.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return real.deleteItem(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        // the real client belongs to the test
    }
}
