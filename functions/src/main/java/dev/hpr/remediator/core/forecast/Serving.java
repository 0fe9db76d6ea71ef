package dev.hpr.remediator.core.forecast;

/**
 * What a table or GSI serves without throttling, for one operation (read or write): the yardstick a recurring peak
 * is held against, and what a proposal changes.
 */
public sealed interface Serving {

    /**
     * A provisioned table with an Application Auto Scaling scalable target and a target-tracking policy.
     *
     * @param minCapacity               the scalable target's {@code MinCapacity} (units)
     * @param maxCapacity               the scalable target's {@code MaxCapacity} (units)
     * @param targetUtilizationPercent  the policy's {@code TargetValue}, 20 to 90 for DynamoDB
     */
    record TargetTracking(int minCapacity, int maxCapacity, double targetUtilizationPercent) implements Serving {
        public TargetTracking {
            if (minCapacity < 1 || maxCapacity < minCapacity) {
                throw new IllegalArgumentException("need 1 <= MinCapacity <= MaxCapacity, were " + minCapacity
                        + " and " + maxCapacity);
            }
            // Any policy AWS holds: the console keeps 20-90, CDK's scaleOnUtilization 10-90, the API any positive.
            if (!(targetUtilizationPercent > 0 && targetUtilizationPercent <= 100)) {
                throw new IllegalArgumentException("target utilization must be in (0, 100] %, was "
                        + targetUtilizationPercent);
            }
        }

        /** The capacity that keeps {@code unitsPerSecond} at the target utilization. */
        public int capacityFor(double unitsPerSecond) {
            return (int) Math.ceil(unitsPerSecond / (targetUtilizationPercent / 100.0) - 1e-9);
        }
    }

    /** A provisioned table without auto scaling: a fixed capacity and nothing to schedule. */
    record FixedProvisioned(long capacityUnits) implements Serving {
        public FixedProvisioned {
            if (capacityUnits < 1) {
                throw new IllegalArgumentException("provisioned capacity must be >= 1, was " + capacityUnits);
            }
        }
    }

    /**
     * An on-demand (PAY_PER_REQUEST) table or GSI: {@code WarmThroughput} is what it serves instantly.
     *
     * @param unitsPerSecond {@code WarmThroughput.ReadUnitsPerSecond} or {@code WriteUnitsPerSecond}
     */
    record WarmThroughput(long unitsPerSecond) implements Serving {
        public WarmThroughput {
            if (unitsPerSecond < 1) {
                throw new IllegalArgumentException("warm throughput must be >= 1 unit/s, was " + unitsPerSecond);
            }
        }
    }
}
