package dev.hpr.remediator.core.forecast;

import java.util.List;
import java.util.Objects;

/** What a forecast proposes for one table or GSI and one operation. */
public sealed interface Proposal {

    /**
     * Scheduled {@code MinCapacity} raises ahead of each recurring peak and restores after it, for a provisioned
     * table's scalable target.
     *
     * @param resourceId          Application Auto Scaling {@code ResourceId} ({@code table/T} or {@code table/T/index/I})
     * @param scalableDimension   {@code dynamodb:table|index:Read|WriteCapacityUnits}
     * @param previousMinCapacity what each restore sets back
     * @param actions             raise and restore pairs, by time of day
     * @param forApproval         peaks that need more than {@code MaxCapacity}: their raise is capped at
     *                            {@code MaxCapacity}, and a higher maximum is for a person to approve
     */
    record MinCapacitySchedule(String resourceId, String scalableDimension, int previousMinCapacity, int maxCapacity,
                               List<ScheduledMinCapacity> actions, List<BeyondMaxCapacity> forApproval)
            implements Proposal {
        public MinCapacitySchedule {
            Objects.requireNonNull(resourceId, "resourceId");
            Objects.requireNonNull(scalableDimension, "scalableDimension");
            actions = List.copyOf(actions);
            forApproval = List.copyOf(forApproval);
        }
    }

    /** A recurring peak needs more than the scalable target's {@code MaxCapacity}. */
    record BeyondMaxCapacity(ForecastPeak peak, int neededCapacity, int maxCapacity) {
    }

    /**
     * An on-demand table's {@code WarmThroughput} raise, for approval only: warm throughput can be raised, never
     * lowered, and raising it is charged.
     */
    record WarmThroughputRaise(long currentUnitsPerSecond, long proposedUnitsPerSecond, ForecastPeak peak)
            implements Proposal {
        public WarmThroughputRaise {
            if (proposedUnitsPerSecond <= currentUnitsPerSecond) {
                throw new IllegalArgumentException("a raise must exceed the current " + currentUnitsPerSecond
                        + " units/s, was " + proposedUnitsPerSecond);
            }
        }
    }

    /** Nothing proposed, and why. */
    record NoSchedule(NoScheduleReason reason, String detail) implements Proposal {
        public NoSchedule {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
