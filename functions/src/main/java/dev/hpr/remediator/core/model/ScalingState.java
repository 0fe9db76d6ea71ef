package dev.hpr.remediator.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The Application Auto Scaling targets and target-tracking policies of a table and its GSIs. */
public record ScalingState(List<Target> targets, List<TargetTrackingPolicy> policies, Optional<String> unreadable) {

    /** A scalable target: one resource and one dimension (read or write). */
    public record Target(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity) {
        public Target {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * A target-tracking policy's fields that the remediator reasons about. The adapter keeps the policy's other
     * fields and writes them back unchanged.
     */
    public record TargetTrackingPolicy(
            String policyName,
            ResourceRef resource,
            OperationType operation,
            double targetValue,
            OptionalInt scaleOutCooldown,
            OptionalInt scaleInCooldown,
            boolean disableScaleIn) {
        public TargetTrackingPolicy {
            Objects.requireNonNull(policyName, "policyName");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(scaleOutCooldown, "scaleOutCooldown");
            Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
        }

        /** The fields the remediator changes. */
        public dev.hpr.remediator.core.model.PolicyValues values() {
            return new dev.hpr.remediator.core.model.PolicyValues(targetValue, scaleOutCooldown, scaleInCooldown);
        }
    }

    public ScalingState {
        targets = List.copyOf(targets);
        policies = List.copyOf(policies);
        Objects.requireNonNull(unreadable, "unreadable");
    }

    public ScalingState(List<Target> targets, List<TargetTrackingPolicy> policies) {
        this(targets, policies, Optional.empty());
    }

    public static ScalingState none() {
        return new ScalingState(List.of(), List.of());
    }

    /** Auto scaling could not be read: the planner changes none of it and says why. */
    public static ScalingState unreadable(String reason) {
        return new ScalingState(List.of(), List.of(), Optional.of(reason));
    }

    public Optional<Target> target(ResourceRef resource, OperationType operation) {
        return targets.stream()
                .filter(t -> t.resource().equals(resource) && t.operation() == operation)
                .findFirst();
    }

    public Optional<TargetTrackingPolicy> policy(ResourceRef resource, OperationType operation) {
        return policies.stream()
                .filter(p -> p.resource().equals(resource) && p.operation() == operation)
                .findFirst();
    }
}
