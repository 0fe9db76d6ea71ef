package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.model.TableDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a table's settings hold now, as read from AWS: what an action compares with to be undone or found stale.
 * {@link Action#project} derives the state after a change from it.
 */
public record Current(TableDescription table, ScalingState scaling, List<InsightsStatus> insights,
                      List<ScheduledCapacity> scheduled, List<WarmThroughputLevel> warmThroughput) {

    public Current {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(scaling, "scaling");
        insights = List.copyOf(insights);
        scheduled = List.copyOf(scheduled);
        warmThroughput = List.copyOf(warmThroughput);
    }

    /** Without scheduled actions or warm throughput read (no action being judged reads them). */
    public Current(TableDescription table, ScalingState scaling, List<InsightsStatus> insights) {
        this(table, scaling, insights, List.of(), List.of());
    }

    /** A scheduled action of this resource's scalable target, by name. */
    public Optional<ScheduledCapacity> scheduledAction(ResourceRef resource, OperationType operation, String name) {
        return scheduled.stream().filter(a -> a.resource().equals(resource) && a.operation() == operation
                && a.name().equals(name)).findFirst();
    }

    /** The highest MinCapacity the forecast's own scheduled actions set on this target, if any. */
    public java.util.OptionalInt highestScheduledMinCapacityOfOurs(ResourceRef resource, OperationType operation) {
        return scheduled.stream().filter(a -> a.resource().equals(resource) && a.operation() == operation
                        && ScheduledMinCapacity.isOurs(a.name()) && a.minCapacity().isPresent())
                .mapToInt(a -> a.minCapacity().getAsInt()).max();
    }

    public Optional<WarmThroughputLevel> warmThroughputOf(ResourceRef resource) {
        return warmThroughput.stream().filter(w -> w.resource().equals(resource)).findFirst();
    }

    Current withScheduled(ResourceRef resource, OperationType operation, String name,
                          Optional<ScheduledCapacity> action) {
        var list = new ArrayList<>(scheduled.stream().filter(a -> !(a.resource().equals(resource)
                && a.operation() == operation && a.name().equals(name))).toList());
        action.ifPresent(list::add);
        return new Current(table, scaling, insights, list, warmThroughput);
    }

    Current withWarmThroughput(WarmThroughputLevel level) {
        var list = new ArrayList<>(warmThroughput.stream().filter(w -> !w.resource().equals(level.resource()))
                .toList());
        list.add(level);
        return new Current(table, scaling, insights, scheduled, list);
    }

    public Optional<InsightsStatus> insightsOf(ResourceRef resource) {
        return insights.stream().filter(s -> s.resource().equals(resource)).findFirst();
    }

    /** A target-tracking policy's values, when the resource has that policy. */
    public Optional<PolicyValues> policy(ResourceRef resource, OperationType operation, String policyName) {
        return scaling.policy(resource, operation).filter(p -> p.policyName().equals(policyName))
                .map(ScalingState.TargetTrackingPolicy::values);
    }

    Current withInsights(InsightsStatus status) {
        var list = new ArrayList<>(insights.stream().filter(s -> !s.resource().equals(status.resource())).toList());
        list.add(status);
        return new Current(table, scaling, list, scheduled, warmThroughput);
    }

    Current withPolicy(ResourceRef resource, OperationType operation, String policyName, PolicyValues values) {
        var policies = scaling.policies().stream().map(p -> p.resource().equals(resource) && p.operation() == operation
                && p.policyName().equals(policyName)
                ? new ScalingState.TargetTrackingPolicy(policyName, resource, operation, values.targetValue(),
                        values.scaleOutCooldown(), values.scaleInCooldown(), p.disableScaleIn())
                : p).toList();
        return new Current(table, new ScalingState(scaling.targets(), policies, scaling.unreadable()), insights,
                scheduled, warmThroughput);
    }

    Current withOnDemandMaximum(ResourceRef resource, OperationType operation, long maximum) {
        return new Current(table.withOnDemandMaximum(resource, operation, maximum), scaling, insights, scheduled,
                warmThroughput);
    }

    Current withMaxCapacity(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity) {
        var targets = scaling.targets().stream().map(t -> t.resource().equals(resource) && t.operation() == operation
                ? new ScalingState.Target(resource, operation, minCapacity, maxCapacity) : t).toList();
        return new Current(table, new ScalingState(targets, scaling.policies(), scaling.unreadable()), insights,
                scheduled, warmThroughput);
    }
}
