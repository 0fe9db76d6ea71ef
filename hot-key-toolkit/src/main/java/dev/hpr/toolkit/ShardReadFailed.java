package dev.hpr.toolkit;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One partition of a scatter-gather read failed (after the SDK's own retries): the read returns nothing rather
 * than a silently incomplete result. Failures of other partitions are attached as suppressed exceptions.
 */
public final class ShardReadFailed extends RuntimeException {

    private final transient AttributeValue partition;

    public ShardReadFailed(String table, AttributeValue partition, Throwable cause) {
        super("scatter-gather read of " + table + " failed at partition " + partition + ": " + cause.getMessage(),
                cause);
        this.partition = partition;
    }

    public AttributeValue partition() {
        return partition;
    }
}
