package dev.hpr.remediator.core;

import java.util.Locale;
import java.util.OptionalInt;

/** A change the planner wants made. Each names its resource and its before and after values. */
public sealed interface Action {

    ResourceRef resource();

    /** What it does, for a person. */
    String description();

    String before();

    String after();

    /** Enable Contributor Insights on a table or GSI, in the configured mode. */
    record EnableContributorInsights(ResourceRef resource, String mode, String statusBefore) implements Action {
        @Override
        public String description() {
            return "Enable Contributor Insights (" + mode + ") on " + resource.label();
        }

        @Override
        public String before() {
            return statusBefore;
        }

        @Override
        public String after() {
            return "ENABLED (" + mode + ")";
        }
    }

    /**
     * Retune a target-tracking policy: lower TargetValue, shorten ScaleOutCooldown, lengthen ScaleInCooldown. Every
     * other field of the policy is kept.
     */
    record RetuneTargetTracking(
            ResourceRef resource,
            OperationType operation,
            String policyName,
            double targetValueBefore,
            double targetValueAfter,
            OptionalInt scaleOutCooldownBefore,
            OptionalInt scaleOutCooldownAfter,
            OptionalInt scaleInCooldownBefore,
            OptionalInt scaleInCooldownAfter) implements Action {
        public RetuneTargetTracking {
            if (targetValueAfter > targetValueBefore) {
                throw new IllegalArgumentException("TargetValue may only go down: " + targetValueBefore + " -> "
                        + targetValueAfter);
            }
        }

        @Override
        public String description() {
            return "Retune " + operation.lower() + " target tracking of " + resource.label() + " (policy " + policyName + ")";
        }

        @Override
        public String before() {
            return values(targetValueBefore, scaleOutCooldownBefore, scaleInCooldownBefore);
        }

        @Override
        public String after() {
            return values(targetValueAfter, scaleOutCooldownAfter, scaleInCooldownAfter);
        }

        static String values(double target, OptionalInt out, OptionalInt in) {
            return String.format(Locale.ROOT, "TargetValue %s, ScaleOutCooldown %s, ScaleInCooldown %s",
                    number(target), out.isPresent() ? out.getAsInt() + "s" : "unset (0s)",
                    in.isPresent() ? in.getAsInt() + "s" : "unset (0s)");
        }
    }

    /** Raise a scalable target's MaxCapacity; MinCapacity is written back unchanged. */
    record RaiseMaxCapacity(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacityBefore,
                            int maxCapacityAfter) implements Action {
        public RaiseMaxCapacity {
            if (maxCapacityAfter <= maxCapacityBefore) {
                throw new IllegalArgumentException("MaxCapacity may only go up: " + maxCapacityBefore + " -> "
                        + maxCapacityAfter);
            }
        }

        @Override
        public String description() {
            return "Raise " + operation.lower() + " MaxCapacity of " + resource.label();
        }

        @Override
        public String before() {
            return "MaxCapacity " + maxCapacityBefore;
        }

        @Override
        public String after() {
            return "MaxCapacity " + maxCapacityAfter;
        }
    }

    /** Revert of {@link RetuneTargetTracking}: the policy's TargetValue and cooldowns back to what they were. */
    record RestoreTargetTracking(
            ResourceRef resource,
            OperationType operation,
            String policyName,
            String changeId,
            double targetValueBefore,
            double targetValueAfter,
            OptionalInt scaleOutCooldownBefore,
            OptionalInt scaleOutCooldownAfter,
            OptionalInt scaleInCooldownBefore,
            OptionalInt scaleInCooldownAfter) implements Action {
        @Override
        public String description() {
            return "Restore " + operation.lower() + " target tracking of " + resource.label() + " (policy " + policyName
                    + ", change " + changeId + ")";
        }

        @Override
        public String before() {
            return RetuneTargetTracking.values(targetValueBefore, scaleOutCooldownBefore, scaleInCooldownBefore);
        }

        @Override
        public String after() {
            return RetuneTargetTracking.values(targetValueAfter, scaleOutCooldownAfter, scaleInCooldownAfter);
        }
    }

    /**
     * Revert of {@link RaiseMaxCapacity}: MaxCapacity back to what it was, planned only when the current provisioned
     * capacity is at or below it, so that no capacity decrease is forced.
     */
    record RestoreMaxCapacity(ResourceRef resource, OperationType operation, String changeId, int minCapacity,
                              int maxCapacityBefore, int maxCapacityAfter) implements Action {
        @Override
        public String description() {
            return "Restore " + operation.lower() + " MaxCapacity of " + resource.label() + " (change " + changeId + ")";
        }

        @Override
        public String before() {
            return "MaxCapacity " + maxCapacityBefore;
        }

        @Override
        public String after() {
            return "MaxCapacity " + maxCapacityAfter;
        }
    }

    /** Revert of {@link EnableContributorInsights}: disable it again. */
    record DisableContributorInsights(ResourceRef resource, String changeId, String statusBefore) implements Action {
        @Override
        public String description() {
            return "Disable Contributor Insights on " + resource.label() + " (change " + changeId + ")";
        }

        @Override
        public String before() {
            return statusBefore;
        }

        @Override
        public String after() {
            return "DISABLED";
        }
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
