package dev.hpr.remediator.core.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One Application Auto Scaling scheduled action on a DynamoDB scalable target, as DescribeScheduledActions returns it
 * ({@code ScheduledAction}: {@code ScheduledActionName}, {@code Schedule}, {@code ScalableTargetAction.MinCapacity}
 * and {@code MaxCapacity}, each optional).
 */
public record ScheduledCapacity(ResourceRef resource, OperationType operation, String name, String schedule,
                                OptionalInt minCapacity, OptionalInt maxCapacity) {

    public ScheduledCapacity {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(minCapacity, "minCapacity");
        Objects.requireNonNull(maxCapacity, "maxCapacity");
    }

    /** How a person reads it, and what {@code holds} compares: {@code cron(40 8 * * ? *) MinCapacity 720}. */
    public String text() {
        return schedule + (minCapacity.isPresent() ? " MinCapacity " + minCapacity.getAsInt() : "")
                + (maxCapacity.isPresent() ? " MaxCapacity " + maxCapacity.getAsInt() : "");
    }
}
