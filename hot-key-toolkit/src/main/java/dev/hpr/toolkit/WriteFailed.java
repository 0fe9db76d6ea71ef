package dev.hpr.toolkit;

import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A write the buffer hands back: the buffer will not write it. {@link #request()} is exactly what was accepted; the
 * cause is the last failure: DynamoDB's answer, the SDK's exception (a write it could not send), or an
 * {@link Error} on the buffer's thread; absent when the buffer closed before sending it.
 * {@link #mayHaveBeenApplied()} is true when any attempt ended without an answer (a timeout, a network error, a 5xx,
 * an Error during the call, a close() that stopped waiting for it), where DynamoDB may have applied it: writing it
 * again is safe, it is the same item. False means DynamoDB never applied it.
 */
public final class WriteFailed extends RuntimeException {

    private final transient WriteRequest request;
    private final int attempts;
    private final boolean mayHaveBeenApplied;

    public WriteFailed(String table, WriteRequest request, int attempts, String why, boolean mayHaveBeenApplied,
                       Throwable cause) {
        super("write to " + table + " not done after " + attempts + " attempt(s): " + why
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.request = request;
        this.attempts = attempts;
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    public WriteRequest request() {
        return request;
    }

    public int attempts() {
        return attempts;
    }

    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
