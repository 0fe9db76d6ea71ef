package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Retunes a target-tracking policy: a lower TargetValue, a shorter ScaleOutCooldown, a longer ScaleInCooldown; every
 * other field of the policy is written back as it was read. Restoring writes the values it had before.
 */
public record TargetTrackingChange(ResourceRef resource, OperationType operation, String policyName,
                                   PolicyValues valuesBefore, PolicyValues valuesAfter,
                                   Optional<String> restores) implements Action {

    /** PutScalingPolicy on the DynamoDB scalable targets, and what Application Auto Scaling validates of its caller. */
    public static final List<IamPermission> PERMISSIONS = ActionPorts.AutoScaling.permissions(
            new IamPermission("application-autoscaling:PutScalingPolicy", IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS));

    public TargetTrackingChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(valuesBefore, "valuesBefore");
        Objects.requireNonNull(valuesAfter, "valuesAfter");
        Objects.requireNonNull(restores, "restores");
        if (restores.isEmpty() && valuesAfter.targetValue() > valuesBefore.targetValue()) {
            throw new IllegalArgumentException("TargetValue may only go down: " + valuesBefore.targetValue() + " -> "
                    + valuesAfter.targetValue());
        }
    }

    /** A retune of a policy that holds {@code before} to {@code after}. */
    public static TargetTrackingChange retune(ResourceRef resource, OperationType operation, String policyName,
                                              PolicyValues before, PolicyValues after) {
        return new TargetTrackingChange(resource, operation, policyName, before, after, Optional.empty());
    }

    @Override
    public String type() {
        return restores.isEmpty() ? "RetuneTargetTracking" : "RestoreTargetTracking";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|target-tracking:" + operation.lower();
    }

    @Override
    public String description() {
        return restores.map(change -> "Restore " + operation.lower() + " target tracking of " + resource.label()
                        + " (policy " + policyName + ", change " + change + ")")
                .orElse("Retune " + operation.lower() + " target tracking of " + resource.label() + " (policy "
                        + policyName + ")");
    }

    @Override
    public String before() {
        return valuesBefore.text();
    }

    @Override
    public String after() {
        return valuesAfter.text();
    }

    @Override
    public Reads reads() {
        return Reads.AUTO_SCALING;
    }

    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return restores.isPresent() ? Optional.empty() : Optional.of("The revert puts the policy's TargetValue and cooldowns back as they were, unless someone changed them since.");
    }

    @Override
    public boolean changesCapacity() {
        return true;
    }

    @Override
    public boolean needsApproval() {
        return false;
    }

    @Override
    public boolean changesAutoScaling() {
        return true;
    }

    @Override
    public void apply(ActionPorts ports) {
        ports.autoScaling().writeTargetTracking(resource, operation, policyName, valuesAfter);
    }

    /** Restored while the policy still holds the values this remediator set. */
    @Override
    public Undo undo(Current now, String changeId) {
        Optional<PolicyValues> holds = now.policy(resource, operation, policyName);
        if (holds.isEmpty()) {
            return Undo.left("Policy " + policyName + " no longer exists; nothing to restore.");
        }
        if (!holds.get().equals(valuesAfter)) {
            return Undo.left("Changed since by a person or another tool: it now holds " + holds.get().text()
                    + ", not the " + valuesAfter.text() + " this remediator set; left as it is.");
        }
        return Undo.restore(new TargetTrackingChange(resource, operation, policyName, valuesAfter, valuesBefore,
                Optional.of(changeId)));
    }

    @Override
    public Optional<String> stale(Current now) {
        Optional<PolicyValues> holds = now.policy(resource, operation, policyName);
        if (holds.isEmpty()) {
            return Optional.of("policy " + policyName + " of " + resource.label() + " no longer exists");
        }
        return holds.get().equals(valuesBefore) ? Optional.empty()
                : Optional.of("policy " + policyName + " now holds " + holds.get().text() + ", not the "
                        + valuesBefore.text() + " the plan saw");
    }

    @Override
    public Holds holds(Current now) {
        return now.policy(resource, operation, policyName)
                .map(values -> Holds.of(values, valuesBefore, valuesAfter, values.text()))
                .orElseGet(() -> Holds.neither("policy " + policyName + " of " + resource.label() + " no longer exists"));
    }

    @Override
    public Current project(Current now) {
        return now.withPolicy(resource, operation, policyName, valuesAfter);
    }
}
