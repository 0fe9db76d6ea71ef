package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * From a diagnosis and the current settings to a {@link Plan}. Safety lives here, where it is tested on values:
 * it never lowers a capacity, minimum or maximum; never raises a target utilisation; never creates auto scaling;
 * changes an on-demand table's maximum, or MaxCapacity past its automatic ceiling, only by offering it for approval;
 * and plans nothing that is already at or past its target, so the same alarm twice changes nothing the second time.
 *
 * <p>In {@link RemediationMode#APPROVE} every change is offered for approval; in {@link RemediationMode#DRY_RUN}
 * nothing is offered (what would be is a skip saying so); in {@link RemediationMode#OFF} nothing is planned.
 */
public final class Planner {

    private final RemediationSettings settings;

    public Planner(RemediationSettings settings) {
        this.settings = settings;
    }

    public Plan plan(Diagnosis diagnosis, List<InsightsStatus> insights, ScalingState scaling,
                     RemediationMode configured) {
        ModeDecision mode = mode(diagnosis.table(), configured);
        var skipped = new ArrayList<Skip>();
        if (!diagnosis.detection().detected()) {
            skipped.add(Skip.ofTable("Any change", Skip.Code.BELOW_DETECTION, "Throttling is below the detection thresholds ("
                    + diagnosis.detection().summary() + ")."));
            return new Plan(mode.mode(), mode.reason(), List.of(), skipped);
        }
        var actions = new ArrayList<Action>();
        planContributorInsights(diagnosis, insights, actions, skipped);
        for (CauseFinding cause : diagnosis.causes()) {
            planCapacity(diagnosis, cause, scaling, actions, skipped);
        }
        // On a global table, capacity settings are the other replicas' too: a person decides them.
        boolean global = diagnosis.table().isGlobal();
        var automatic = actions.stream().filter(a -> !a.needsApproval() && !(global && a.changesCapacity())).toList();
        var byApproval = actions.stream().filter(a -> !automatic.contains(a)).toList();
        return switch (mode.mode()) {
            case APPLY -> new Plan(mode.mode(), mode.reason(), automatic, skipped, byApproval);
            case APPROVE -> new Plan(mode.mode(), mode.reason(), List.of(), skipped, actions);
            case DRY_RUN -> {
                byApproval.forEach(a -> skipped.add(Skip.of(a.resource(), a.description(),
                        Skip.Code.APPROVAL_UNAVAILABLE, "Only a person may approve it (" + a.before() + " -> "
                                + a.after() + "); a dry run offers nothing for approval: in apply or approve mode it"
                                + " would be.")));
                yield new Plan(mode.mode(), mode.reason(), automatic, skipped);
            }
            case OFF -> {
                actions.forEach(a -> skipped.add(Skip.of(a.resource(), a.description(), Skip.Code.MODE_OFF,
                        mode.reason())));
                yield new Plan(mode.mode(), mode.reason(), List.of(), skipped);
            }
        };
    }

    /** A table's mode and where it comes from (the deployment, or the table's tag). */
    public record ModeDecision(RemediationMode mode, String reason) {
    }

    /** The deployment's mode, made safer (never bolder) by the table's {@value TableDescription#MODE_TAG} tag. */
    public static ModeDecision mode(TableDescription table, RemediationMode configured) {
        Optional<String> tag = table.modeTag();
        if (tag.isEmpty()) {
            return new ModeDecision(configured, "deployment mode " + configured.word());
        }
        RemediationMode tagged;
        String source = "tag " + TableDescription.MODE_TAG + "=" + tag.get();
        try {
            tagged = RemediationMode.parse(tag.get());
        } catch (IllegalArgumentException e) {
            RemediationMode safer = configured.saferOf(RemediationMode.DRY_RUN);
            return new ModeDecision(safer, source + " is not apply, approve, dry-run or off: treated as dry-run");
        }
        RemediationMode effective = configured.saferOf(tagged);
        return effective == configured && tagged != configured
                ? new ModeDecision(effective, "deployment mode " + configured.word() + " (safer than " + source + ")")
                : new ModeDecision(effective, effective == configured ? "deployment mode " + configured.word() : source);
    }

    private void planContributorInsights(Diagnosis diagnosis, List<InsightsStatus> insights, List<Action> actions,
                                         List<Skip> skipped) {
        // Only throttled resources: with THROTTLED_KEYS mode a rule on a calm resource names nothing, and the
        // Contributor Insights APIs (5 requests/s) are only called for resources that throttled.
        List<ResourceRef> resources = diagnosis.throttledResources();
        String what = "Enable Contributor Insights";
        for (ResourceRef resource : resources) {
            Optional<InsightsStatus> status = insights.stream().filter(s -> s.resource().equals(resource)).findFirst();
            if (status.isEmpty()) {
                skipped.add(Skip.of(resource, what, Skip.Code.UNREADABLE, "Its Contributor Insights status could not be read."));
            } else if (status.get().isOn()) {
                skipped.add(Skip.of(resource, what, Skip.Code.ALREADY_DONE, "Already " + status.get().status()
                        + status.get().mode().map(m -> " (" + m + ")").orElse("") + "."));
            } else if ("DISABLING".equals(status.get().status())) {
                skipped.add(Skip.of(resource, what, Skip.Code.BEING_DISABLED,
                        "It is being disabled; not re-enabled while DISABLING."));
            } else {
                actions.add(ContributorInsightsChange.enable(resource, settings.contributorInsightsMode(),
                        status.get().status()));
            }
        }
    }

    private void planCapacity(Diagnosis diagnosis, CauseFinding cause, ScalingState scaling, List<Action> actions,
                              List<Skip> skipped) {
        ResourceRef resource = cause.resource();
        OperationType operation = cause.operation();
        String what = "Retune " + operation.lower() + " auto scaling";
        TableDescription table = diagnosis.table();
        switch (cause.cause()) {
            case HOT_PARTITION -> skipped.add(Skip.of(resource, table.isOnDemand() ? "Add capacity" : what,
                    Skip.Code.HOT_PARTITION, "A hot partition throttles at the partition's own limit (3,000 RCU / 1,000 WCU per partition);"
                            + " more table capacity does not lift it."));
            case ON_DEMAND_MAXIMUM -> {
                if (diagnosis.pattern().selfHealed()) {
                    skipped.add(Skip.of(resource, "Raise the on-demand Max" + operation.word() + "RequestUnits",
                            Skip.Code.SELF_HEALED, "Throttling stopped " + diagnosis.pattern()
                                    .minutesSinceLastThrottle().getAsInt() + " minutes ago; no raise for a throttle"
                                    + " that has ended."));
                } else {
                    planOnDemandMaximum(table, resource, operation, actions, skipped);
                }
            }
            case ACCOUNT_LIMIT -> skipped.add(Skip.of(resource, what, Skip.Code.ACCOUNT_LIMIT,
                    "An account quota limits it; no table setting lifts it."));
            case UNDER_PROVISIONED -> {
                if (table.isOnDemand()) {
                    skipped.add(Skip.of(resource, what, Skip.Code.ON_DEMAND_TABLE,
                            "On-demand table: it has no auto scaling to retune."));
                } else if (scaling.unreadable().isPresent()) {
                    skipped.add(Skip.of(resource, what, Skip.Code.UNREADABLE, "Its auto scaling could not be read ("
                            + scaling.unreadable().get() + "); nothing was changed."));
                } else if (diagnosis.pattern().selfHealed()) {
                    skipped.add(Skip.of(resource, what, Skip.Code.SELF_HEALED, "Throttling stopped "
                            + diagnosis.pattern().minutesSinceLastThrottle().getAsInt()
                            + " minutes ago; no capacity change for a throttle that has ended."));
                } else {
                    planRetune(table, resource, operation, scaling, actions, skipped, what);
                }
            }
        }
    }

    /** A raise of the maximum it throttled at, by the factor up to the ceiling: for approval only. */
    private void planOnDemandMaximum(TableDescription table, ResourceRef resource, OperationType operation,
                                     List<Action> actions, List<Skip> skipped) {
        String what = "Raise the on-demand Max" + operation.word() + "RequestUnits";
        Optional<Capacity> maxima = table.onDemandMaximumFor(resource);
        if (maxima.isEmpty() || !maxima.get().isSet(operation)) {
            skipped.add(Skip.of(resource, what, Skip.Code.ON_DEMAND_SETTINGS, "No on-demand maximum is set for "
                    + operation.lower() + "s, so there is none to raise; see the recommendations."));
            return;
        }
        long current = maxima.get().of(operation);
        long raised = (long) Math.min(settings.onDemandMaximumCeiling(),
                Math.ceil(current * settings.onDemandMaximumFactor()));
        if (raised <= current) {
            skipped.add(Skip.of(resource, what, Skip.Code.AT_CEILING, String.format(Locale.ROOT,
                    "Max%sRequestUnits %d is at or above the ceiling %d of raises offered for approval; raise it by"
                            + " hand if the load is legitimate.", operation.word(), current,
                    settings.onDemandMaximumCeiling())));
            return;
        }
        actions.add(OnDemandMaximumChange.raise(resource, operation, current, raised));
    }

    private void planRetune(TableDescription table, ResourceRef resource, OperationType operation,
                            ScalingState scaling, List<Action> actions, List<Skip> skipped, String what) {
        Optional<ScalingState.Target> target = scaling.target(resource, operation);
        if (target.isEmpty()) {
            skipped.add(Skip.of(resource, what, Skip.Code.NO_AUTO_SCALING, "It has no Application Auto Scaling target for "
                    + operation.lower() + " capacity; the remediator does not create auto scaling."));
            return;
        }
        Optional<ScalingState.TargetTrackingPolicy> policy = scaling.policy(resource, operation);
        if (policy.isEmpty()) {
            skipped.add(Skip.of(resource, what, Skip.Code.NO_TARGET_TRACKING_POLICY,
                    "Its scalable target has no target-tracking policy to retune."));
        } else {
            retune(policy.get()).ifPresentOrElse(actions::add, () -> skipped.add(Skip.of(resource, what,
                    Skip.Code.ALREADY_DONE, "Already at or past the target: " + policy.get().values().text() + ".")));
        }
        planMaxCapacity(table, target.get(), actions, skipped);
    }

    /** The retuned policy, or empty when every value is already at or past its target. */
    public Optional<TargetTrackingChange> retune(ScalingState.TargetTrackingPolicy policy) {
        double target = policy.targetValue() > settings.targetUtilization()
                ? Math.max(settings.targetUtilization(), settings.targetUtilizationFloor())
                : policy.targetValue();
        OptionalInt out = policy.scaleOutCooldown().orElse(0) > settings.scaleOutCooldownSeconds()
                ? OptionalInt.of(settings.scaleOutCooldownSeconds()) : policy.scaleOutCooldown();
        OptionalInt in = policy.scaleInCooldown().orElse(0) < settings.scaleInCooldownSeconds()
                ? OptionalInt.of(settings.scaleInCooldownSeconds()) : policy.scaleInCooldown();
        if (target == policy.targetValue() && out.equals(policy.scaleOutCooldown())
                && in.equals(policy.scaleInCooldown())) {
            return Optional.empty();
        }
        return Optional.of(TargetTrackingChange.retune(policy.resource(), policy.operation(), policy.policyName(),
                policy.values(), new PolicyValues(target, out, in)));
    }

    private void planMaxCapacity(TableDescription table, ScalingState.Target target, List<Action> actions,
                                 List<Skip> skipped) {
        long current = table.provisionedFor(target.resource()).map(c -> c.of(target.operation())).orElse(0L);
        if (current < target.maxCapacity()) {
            return;
        }
        double wanted = Math.ceil(target.maxCapacity() * settings.maxCapacityFactor());
        int raised = (int) Math.min(settings.maxCapacityCeiling(), wanted);
        int byApproval = (int) Math.min(Math.max(settings.maxCapacityApprovalCeiling(), settings.maxCapacityCeiling()),
                wanted);
        String what = "Raise " + target.operation().lower() + " MaxCapacity";
        if (raised > target.maxCapacity()) {
            actions.add(MaxCapacityChange.raise(target.resource(), target.operation(), target.minCapacity(),
                    target.maxCapacity(), raised));
        } else if (byApproval > target.maxCapacity()) {
            // At the ceiling of automatic raises: past it only a person decides.
            actions.add(MaxCapacityChange.raiseByApproval(target.resource(), target.operation(), target.minCapacity(),
                    target.maxCapacity(), byApproval));
        } else {
            skipped.add(Skip.of(target.resource(), what, Skip.Code.AT_CEILING, String.format(Locale.ROOT,
                    "Provisioned %d is at MaxCapacity %d, which is at or above the ceiling %d (and the ceiling %d of"
                            + " raises offered for approval); raise it by hand if the load is legitimate.", current,
                    target.maxCapacity(), settings.maxCapacityCeiling(), settings.maxCapacityApprovalCeiling())));
        }
    }
}
