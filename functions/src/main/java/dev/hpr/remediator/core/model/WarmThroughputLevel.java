package dev.hpr.remediator.core.model;

import java.util.Objects;

/**
 * A table's or GSI's {@code WarmThroughput} as DescribeTable reports it ({@code TableWarmThroughputDescription},
 * {@code GlobalSecondaryIndexWarmThroughputDescription}): read and write units per second it serves instantly.
 */
public record WarmThroughputLevel(ResourceRef resource, long readUnitsPerSecond, long writeUnitsPerSecond) {

    public WarmThroughputLevel {
        Objects.requireNonNull(resource, "resource");
    }

    public long of(OperationType operation) {
        return operation == OperationType.READ ? readUnitsPerSecond : writeUnitsPerSecond;
    }
}
