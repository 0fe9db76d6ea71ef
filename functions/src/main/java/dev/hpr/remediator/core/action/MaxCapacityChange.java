package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raises a scalable target's MaxCapacity, writing MinCapacity back as it was. Restoring lowers it back only when the
 * provisioned capacity already fits under the old maximum, so a revert never forces a capacity decrease.
 *
 * @param byApproval a raise past the ceiling of automatic raises ({@code MAX_CAPACITY_CEILING}), which only a
 *                   person may approve ({@link #needsApproval})
 */
public record MaxCapacityChange(ResourceRef resource, OperationType operation, int minCapacity,
                                int maxCapacityBefore, int maxCapacityAfter,
                                Optional<String> restores, boolean byApproval) implements Action {

    /** RegisterScalableTarget, and what Application Auto Scaling validates of its caller. */
    public static final List<IamPermission> PERMISSIONS = ActionPorts.AutoScaling.permissions(
            new IamPermission("application-autoscaling:RegisterScalableTarget",
                    IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS));

    public MaxCapacityChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(restores, "restores");
        if (restores.isEmpty() && maxCapacityAfter <= maxCapacityBefore) {
            throw new IllegalArgumentException("MaxCapacity may only go up: " + maxCapacityBefore + " -> "
                    + maxCapacityAfter);
        }
        if (restores.isPresent() && byApproval) {
            throw new IllegalArgumentException("a restore never needs approval");
        }
    }

    /** A change applied without approval, or its restore (audit-trail records written before approvals read so). */
    public MaxCapacityChange(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacityBefore,
                             int maxCapacityAfter, Optional<String> restores) {
        this(resource, operation, minCapacity, maxCapacityBefore, maxCapacityAfter, restores, false);
    }

    /** A raise within the ceiling of automatic raises. */
    public static MaxCapacityChange raise(ResourceRef resource, OperationType operation, int minCapacity, int before,
                                          int after) {
        return new MaxCapacityChange(resource, operation, minCapacity, before, after, Optional.empty(), false);
    }

    /** A raise past the ceiling of automatic raises: offered for approval only. */
    public static MaxCapacityChange raiseByApproval(ResourceRef resource, OperationType operation, int minCapacity,
                                                    int before, int after) {
        return new MaxCapacityChange(resource, operation, minCapacity, before, after, Optional.empty(), true);
    }

    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return restores.isPresent() ? Optional.empty() : Optional.of("The revert lowers MaxCapacity back only once the provisioned capacity fits under the old value: it never forces a capacity decrease.");
    }

    @Override
    public boolean changesCapacity() {
        return true;
    }

    @Override
    public boolean needsApproval() {
        return byApproval;
    }

    @Override
    public String type() {
        return restores.isEmpty() ? "RaiseMaxCapacity" : "RestoreMaxCapacity";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|max-capacity:" + operation.lower();
    }

    @Override
    public String description() {
        return restores.map(change -> "Restore " + operation.lower() + " MaxCapacity of " + resource.label()
                + " (change " + change + ")").orElse("Raise " + operation.lower() + " MaxCapacity of " + resource.label());
    }

    @Override
    public String before() {
        return "MaxCapacity " + maxCapacityBefore;
    }

    @Override
    public String after() {
        return "MaxCapacity " + maxCapacityAfter;
    }

    @Override
    public Reads reads() {
        return Reads.AUTO_SCALING;
    }

    @Override
    public boolean changesAutoScaling() {
        return true;
    }

    @Override
    public void apply(ActionPorts ports) {
        ports.autoScaling().registerCapacity(resource, operation, minCapacity, maxCapacityAfter);
    }

    /**
     * Restored while MaxCapacity still holds what this remediator set and the provisioned capacity fits under the old
     * maximum; deferred while it does not fit (auto scaling scales in first).
     */
    @Override
    public Undo undo(Current now, String changeId) {
        Optional<ScalingState.Target> target = now.scaling().target(resource, operation);
        if (target.isEmpty()) {
            return Undo.left("Its scalable target no longer exists; nothing to restore.");
        }
        if (target.get().maxCapacity() != maxCapacityAfter) {
            return Undo.left("Changed since by a person or another tool: MaxCapacity is now " + target.get().maxCapacity()
                    + ", not the " + maxCapacityAfter + " this remediator set; left as it is.");
        }
        java.util.OptionalInt scheduledMin = now.highestScheduledMinCapacityOfOurs(resource, operation);
        if (scheduledMin.isPresent() && scheduledMin.getAsInt() > maxCapacityBefore) {
            return Undo.deferred("A forecast scheduled action of this remediator raises " + operation.lower()
                    + " MinCapacity to " + scheduledMin.getAsInt() + ", above the original MaxCapacity "
                    + maxCapacityBefore + ": restoring it would cap the scheduled raise. Deferred while that"
                    + " schedule stands.");
        }
        long provisioned = now.table().provisionedFor(resource).map(c -> c.of(operation)).orElse(0L);
        if (provisioned > maxCapacityBefore) {
            return Undo.deferred("Provisioned " + operation.lower() + " capacity is " + provisioned + ", above the"
                    + " original MaxCapacity " + maxCapacityBefore + ": restoring it now would force a capacity"
                    + " decrease. Deferred until auto scaling has scaled in.");
        }
        return Undo.restore(new MaxCapacityChange(resource, operation, target.get().minCapacity(), maxCapacityAfter,
                maxCapacityBefore, Optional.of(changeId), false));
    }

    @Override
    public Optional<String> stale(Current now) {
        Optional<ScalingState.Target> target = now.scaling().target(resource, operation);
        if (target.isEmpty()) {
            return Optional.of("the " + operation.lower() + " scalable target of " + resource.label() + " no longer exists");
        }
        return target.get().maxCapacity() == maxCapacityBefore ? Optional.empty()
                : Optional.of("MaxCapacity is now " + target.get().maxCapacity() + ", not the " + maxCapacityBefore
                        + " the plan saw");
    }

    @Override
    public Holds holds(Current now) {
        return now.scaling().target(resource, operation)
                .map(t -> Holds.of(t.maxCapacity(), maxCapacityBefore, maxCapacityAfter, "MaxCapacity " + t.maxCapacity()))
                .orElseGet(() -> Holds.neither("the " + operation.lower() + " scalable target of " + resource.label()
                        + " no longer exists"));
    }

    @Override
    public Current project(Current now) {
        return now.withMaxCapacity(resource, operation, minCapacity, maxCapacityAfter);
    }
}
