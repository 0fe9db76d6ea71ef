package dev.hpr.toolkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A real client (over HTTP to the local AWS) that can hold one GetItem's answer after DynamoDB gave it: the test
 * decides when the caller gets it, to replay a race exactly. Nothing is faked: every call reaches the local AWS.
 */
final class PausingDynamoDb implements DynamoDbClient {

    /** One held GetItem: {@link #awaitHeld()} until DynamoDB answered it, then {@link #release()}. */
    static final class Pause {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Error failure;

        /** On release, the held call throws this instead of answering (an Error in the loading thread). */
        Pause thenThrow(Error error) {
            this.failure = error;
            return this;
        }

        void awaitHeld() throws InterruptedException {
            if (!held.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no GetItem came to be held");
            }
        }

        void release() {
            released.countDown();
        }
    }

    private final DynamoDbClient real;
    private final AtomicReference<Pause> next = new AtomicReference<>();

    PausingDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    /** Holds the answer of the next GetItem. */
    Pause pauseNextGetItem() {
        Pause pause = new Pause();
        next.set(pause);
        return pause;
    }

    /** GetItem calls made through this client. */
    final java.util.concurrent.atomic.AtomicInteger getItemCalls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        getItemCalls.incrementAndGet();
        Pause pause = next.getAndSet(null);
        GetItemResponse response = real.getItem(request);
        if (pause != null) {
            pause.held.countDown();
            try {
                if (!pause.released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held GetItem never released");
                }
            } catch (InterruptedException e) {
                // as the SDK does when the calling thread is interrupted: the flag kept, the call aborted
                Thread.currentThread().interrupt();
                throw AbortedException.builder().message("Thread was interrupted").cause(e).build();
            }
            if (pause.failure != null) {
                throw pause.failure;
            }
        }
        return response;
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return real.putItem(request);
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
        // the real client belongs to the local AWS harness
    }
}
