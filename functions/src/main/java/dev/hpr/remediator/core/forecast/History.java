package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-minute history of one table or GSI and one operation, oldest first: {@code Consumed{Read|Write}CapacityUnits}
 * ({@code Sum} per minute / 60) and throttle events ({@code Sum} per minute / 60), both per second. The throttle
 * events are those capacity can cure: {@code {Read|Write}ProvisionedThroughputThrottleEvents} for a provisioned table,
 * {@code {Read|Write}ThrottleEvents} minus key-range throttles for an on-demand one; never
 * {@code …KeyRangeThroughputThrottleEvents}: a hot key throttles at any table capacity, and a schedule cannot help it.
 * DynamoDB publishes a metric only when it is non-zero, so a minute without a datapoint is 0 here.
 *
 * <p>Arrays are copied in and out: a history is a value.
 */
public record History(ResourceRef resource, OperationType operation, Instant start,
                      double[] consumedUnitsPerSecond, double[] throttleEventsPerSecond) {

    public History {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(start, "start");
        if (start.getEpochSecond() % 60 != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("history must start on a whole minute, started " + start);
        }
        consumedUnitsPerSecond = consumedUnitsPerSecond.clone();
        throttleEventsPerSecond = throttleEventsPerSecond.clone();
        if (consumedUnitsPerSecond.length != throttleEventsPerSecond.length) {
            throw new IllegalArgumentException("consumed has " + consumedUnitsPerSecond.length
                    + " minutes, throttle events " + throttleEventsPerSecond.length);
        }
        check("consumed units/s", consumedUnitsPerSecond);
        check("throttle events/s", throttleEventsPerSecond);
    }

    private static void check(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(what + " must be finite and >= 0, minute " + i + " was "
                        + values[i]);
            }
        }
    }

    public int minutes() {
        return consumedUnitsPerSecond.length;
    }

    public Duration length() {
        return Duration.ofMinutes(minutes());
    }

    public Instant end() {
        return start.plus(length());
    }

    @Override
    public double[] consumedUnitsPerSecond() {
        return consumedUnitsPerSecond.clone();
    }

    @Override
    public double[] throttleEventsPerSecond() {
        return throttleEventsPerSecond.clone();
    }

    /** The last {@code minutes} minutes of this history (all of it when shorter). */
    public History last(int minutes) {
        int from = Math.max(0, minutes() - minutes);
        return new History(resource, operation, start.plusSeconds(60L * from),
                Arrays.copyOfRange(consumedUnitsPerSecond, from, minutes()),
                Arrays.copyOfRange(throttleEventsPerSecond, from, minutes()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof History h && resource.equals(h.resource) && operation == h.operation
                && start.equals(h.start) && Arrays.equals(consumedUnitsPerSecond, h.consumedUnitsPerSecond)
                && Arrays.equals(throttleEventsPerSecond, h.throttleEventsPerSecond);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resource, operation, start, Arrays.hashCode(consumedUnitsPerSecond));
    }

    @Override
    public String toString() {
        return "History[" + resource.shortName() + " " + operation + " " + start + " +" + minutes() + " min]";
    }
}
