package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.RevertPlanner;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled revert check: for each protected table whose alarm has been OK for the calm period, restores the
 * values this remediator changed, unless a person or another tool changed them since (then it leaves them and says
 * so), and publishes a finding of its own. What a change's restore is, each action type says ({@link Action#undo});
 * never forces a capacity decrease (see {@link RevertPlanner}).
 */
public final class Reverter {

    private final StateStore state;
    private final Log log;
    private final Context context;
    private final Reads reads;
    private final Effects effects;
    private final RevertPlanner planner;

    public Reverter(Context context, StateStore state, Reads reads, Effects effects) {
        this.context = context;
        this.state = state;
        this.planner = new RevertPlanner(Duration.ofMinutes(context.settings().revertAfterCalmMinutes()));
        this.log = context.log();
        this.reads = reads;
        this.effects = effects;
    }

    /** One finding per table where something was restored or left; tables not yet calm are only logged. */
    public List<Finding> check(String invocationId) {
        if (!context.settings().revertEnabled()) {
            log.info("revert is off in this deployment (REVERT_ENABLED=false); nothing checked");
            return List.of();
        }
        if (context.settings().protectedTables().isEmpty() && !context.settings().tagged()) {
            throw new IllegalStateException("the revert check needs PROTECTED_TABLES: the tables to check");
        }
        var findings = new ArrayList<Finding>();
        // Tagged protection names no table: the state table's index of tables with changes does. (A table untagged
        // since cannot be read by the tag-conditioned role: its revert fails, is logged, and is tried again at each
        // check until the table is tagged again or its changes expire.)
        List<String> tables = context.settings().tagged() ? state.journal().tablesWithChanges().stream().sorted().toList()
                : context.settings().protectedTables().stream().sorted().toList();
        for (String table : tables) {
            List<ChangeRecord> open = state.journal().changes(table).stream()
                    .filter(c -> c.status() == ChangeRecord.Status.ACTIVE || c.status().unsettled()).toList();
            if (open.isEmpty()) {
                if (context.settings().tagged()) {
                    state.journal().closeTable(table);
                }
                continue;
            }
            String owner = invocationId + "-revert-" + table;
            if (!state.locks().tryLock(table, owner, context.clock().instant(), Duration.ofSeconds(context.settings().lockSeconds()))) {
                log.info("table is locked by another invocation; revert tried at the next check", "table", table);
                continue;
            }
            try {
                revert(table, open, owner).ifPresent(findings::add);
            } finally {
                state.locks().unlock(table, owner);
            }
        }
        return findings;
    }

    /**
     * Settles what a gone invocation left unsettled (whether or not the table is calm: an adopted change must be
     * known to the revert), then, once the table is calm, restores its ACTIVE changes, each through the journal.
     */
    private Optional<Finding> revert(String table, List<ChangeRecord> open, String findingId) {
        Instant now = context.clock().instant();
        var builder = FindingBuilder.forTable(findingId, now, context.region(), context.invocation().account(), table,
                context.settings().redactKeys());
        TableDescription description;
        try {
            description = reads.tables().describe(table);
        } catch (TableNotFound e) {
            open.forEach(c -> state.journal().settle(c, c.with(ChangeRecord.Status.LEFT, "Table no longer exists.")));
            return Optional.of(effects.publisher().publish(builder.reverted(List.of(), List.of(Skip.ofTable("Revert",
                    Skip.Code.CHANGED_SINCE, e.getMessage() + ": its " + open.size() + " change(s) are closed.")))));
        } catch (AwsCallFailed e) {
            log.error("revert check could not read the table", "table", table, "error", e.getMessage());
            return Optional.empty();
        }
        ScalingPolicies policies = reads.scalingPolicies().get();
        Reconciler.Result reconciled = new Reconciler(state.journal(), reads.current(), log)
                .reconcile(description, open, findingId, policies);
        List<ChangeRecord> active = reconciled.changes().stream()
                .filter(c -> c.status() == ChangeRecord.Status.ACTIVE).toList();
        Optional<String> notYet = planner.notCalmYet(state.alarms().alarmState(table), now);
        if (notYet.isPresent() || active.isEmpty()) {
            log.info("not reverting yet", "table", table, "why", notYet.orElse("no active change"),
                    "activeChanges", active.size(), "settled", reconciled.said().size());
            return Optional.empty();
        }
        Current current;
        try {
            current = reads.current().read(description, active.stream().map(ChangeRecord::action).toList(), policies);
        } catch (AwsCallFailed e) {
            log.error("revert check could not read current values; nothing restored", "table", table,
                    "error", e.getMessage());
            return Optional.empty();
        }
        RevertPlanner.RevertPlan plan = planner.plan(active, current);
        if (plan.isEmpty()) {
            plan.deferred().forEach(d -> log.info("revert deferred", "table", table, "why", d.reason()));
            return Optional.empty();
        }
        var ports = effects.runner().ports(policies);
        List<Finding.ActionResult> results = plan.restores().stream()
                .map(r -> effects.runner().restore(r.change(), r.action(), findingId, findingId, ports)).toList();
        var skipped = new ArrayList<Skip>();
        reconciled.said().forEach(said -> skipped.add(Skip.ofTable("Journal", Skip.Code.CHANGED_SINCE, said)));
        for (RevertPlanner.Left left : plan.left()) {
            state.journal().settle(left.change(), left.change().with(ChangeRecord.Status.LEFT, left.reason()));
            skipped.add(Skip.of(left.change().action().resource(), "Revert " + left.change().action().description()
                    + " (change " + left.change().id() + ")", Skip.Code.CHANGED_SINCE, left.reason()));
        }
        skipped.addAll(plan.deferred());
        return Optional.of(effects.publisher().publish(builder.reverted(results, skipped)));
    }

}
