package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.core.Action;
import dev.hpr.remediator.core.ChangeRecord;
import dev.hpr.remediator.core.InsightsStatus;
import dev.hpr.remediator.core.RevertPlanner;
import dev.hpr.remediator.core.ScalingState;
import dev.hpr.remediator.core.Skip;
import dev.hpr.remediator.core.StateStore;
import dev.hpr.remediator.core.TableDescription;
import dev.hpr.remediator.finding.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled revert check: for each protected table whose alarm has been OK for the calm period, restores the
 * values this remediator changed, unless a person or another tool changed them since (then it leaves them and says
 * so), and publishes a finding of its own. Never forces a capacity decrease (see {@link RevertPlanner}).
 */
public final class Reverter {

    private final Remediator remediator;
    private final Settings settings;
    private final RevertPlanner planner;

    public Reverter(Remediator remediator) {
        this.remediator = remediator;
        this.settings = remediator.settings();
        this.planner = new RevertPlanner(Duration.ofMinutes(settings.revertAfterCalmMinutes()));
    }

    /** One finding per table where something was restored or left; tables not yet calm are only logged. */
    public List<Finding> check(String invocationId) {
        Log log = remediator.log();
        StateStore state = remediator.state().orElseThrow(() ->
                new IllegalStateException("the revert check needs a state table: STATE_TABLE_NAME is not set"));
        if (!settings.revertEnabled()) {
            log.info("revert is off in this deployment (REVERT_ENABLED=false); nothing checked");
            return List.of();
        }
        if (settings.protectedTables().isEmpty()) {
            throw new IllegalStateException("the revert check needs PROTECTED_TABLES: the tables to check");
        }
        var findings = new ArrayList<Finding>();
        for (String table : settings.protectedTables().stream().sorted().toList()) {
            List<ChangeRecord> active = state.changes(table).stream()
                    .filter(c -> c.status() == ChangeRecord.Status.ACTIVE).toList();
            if (active.isEmpty()) {
                continue;
            }
            Instant now = remediator.clock().instant();
            Optional<String> notYet = planner.notCalmYet(state.alarmState(table), now);
            if (notYet.isPresent()) {
                log.info("not reverting yet", "table", table, "why", notYet.get(), "activeChanges", active.size());
                continue;
            }
            String owner = invocationId + "-revert-" + table;
            if (!state.tryLock(table, owner, now, Duration.ofSeconds(settings.lockSeconds()))) {
                log.info("table is locked by another invocation; revert tried at the next check", "table", table);
                continue;
            }
            try {
                revert(table, active, state, owner).ifPresent(findings::add);
            } finally {
                state.unlock(table, owner);
            }
        }
        return findings;
    }

    private Optional<Finding> revert(String table, List<ChangeRecord> active, StateStore state, String findingId) {
        Instant now = remediator.clock().instant();
        var builder = FindingBuilder.forTable(findingId, now, remediator.clients().region().id(), table,
                settings.redactKeys());
        TableDescription description;
        try {
            description = remediator.tables().describe(table);
        } catch (TableNotFound e) {
            active.forEach(c -> state.updateChange(c.with(ChangeRecord.Status.LEFT, "Table no longer exists.")));
            return Optional.of(remediator.publish(builder.reverted(List.of(), List.of(Skip.ofTable("Revert",
                    e.getMessage() + ": its " + active.size() + " change(s) are closed.")))));
        } catch (AwsCallFailed e) {
            remediator.log().error("revert check could not read the table", "table", table, "error", e.getMessage());
            return Optional.empty();
        }
        var scalingPolicies = new ScalingPolicies(remediator.clients().autoScaling());
        var insightsAdapter = new ContributorInsights(remediator.clients().dynamoDb());
        ScalingState scaling;
        var insights = new ArrayList<InsightsStatus>();
        try {
            boolean touchesScaling = active.stream().anyMatch(c -> !(c.action() instanceof Action.EnableContributorInsights));
            List<dev.hpr.remediator.core.ResourceRef> scaled = active.stream()
                    .filter(c -> !(c.action() instanceof Action.EnableContributorInsights))
                    .map(c -> c.action().resource()).distinct().toList();
            scaling = touchesScaling ? scalingPolicies.describe(scaled) : ScalingState.none();
            var insightResources = new LinkedHashSet<>(active.stream()
                    .filter(c -> c.action() instanceof Action.EnableContributorInsights)
                    .map(c -> c.action().resource()).toList());
            for (var resource : insightResources) {
                insights.add(insightsAdapter.describe(resource));
            }
        } catch (AwsCallFailed e) {
            remediator.log().error("revert check could not read current values; nothing restored", "table", table,
                    "error", e.getMessage());
            return Optional.empty();
        }
        RevertPlanner.RevertPlan plan = planner.plan(active, new RevertPlanner.Current(scaling, insights, description));
        if (plan.isEmpty()) {
            plan.deferred().forEach(d -> remediator.log().info("revert deferred", "table", table, "why", d.reason()));
            return Optional.empty();
        }
        var results = new ArrayList<Finding.ActionResult>();
        for (RevertPlanner.Restore restore : plan.restores()) {
            Action action = restore.action();
            try {
                if (action instanceof Action.RestoreTargetTracking a) {
                    scalingPolicies.apply(a);
                } else if (action instanceof Action.RestoreMaxCapacity a) {
                    scalingPolicies.apply(a);
                } else if (action instanceof Action.DisableContributorInsights a) {
                    insightsAdapter.disable(a.resource());
                }
                state.updateChange(restore.change().with(ChangeRecord.Status.REVERTED,
                        "Reverted at " + now + " by finding " + findingId + "."));
                results.add(Finding.ActionResult.applied(action));
            } catch (AwsCallFailed | IllegalStateException e) {
                remediator.log().error("revert failed; tried again at the next check", "action", action.description(),
                        "error", e.getMessage());
                results.add(Finding.ActionResult.failed(action, e.getMessage()));
            }
        }
        var skipped = new ArrayList<Skip>();
        for (RevertPlanner.Left left : plan.left()) {
            state.updateChange(left.change().with(ChangeRecord.Status.LEFT, left.reason()));
            skipped.add(Skip.of(left.change().action().resource(), "Revert " + left.change().action().description()
                    + " (change " + left.change().id() + ")", left.reason()));
        }
        skipped.addAll(plan.deferred());
        return Optional.of(remediator.publish(builder.reverted(results, skipped)));
    }
}
