package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.planning.ApprovalGuard;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.Journal;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ActionFailedException;
import dev.hpr.remediator.core.action.ActionPorts;
import dev.hpr.remediator.core.action.ForecastScheduleChange;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes changes, each through its own {@link Action#apply} and the adapters' ports, each on its own (one failure does
 * not stop the others), and each through the journal: its intent is written before AWS is asked (PENDING), and
 * settled after AWS answers (ACTIVE, or FAILED with AWS's error). If an intent cannot be written, nothing more is
 * changed: {@link JournalUnavailable} fails the invocation, so that Lambda retries it. If a settling write fails, the
 * entry stays PENDING and the next invocation to hold the table's lock settles it ({@link Reconciler}).
 *
 * <p>Outside {@link RemediationMode#APPLY} nothing is applied: every action is reported as planned. What the plan
 * offers for approval is never applied by {@link #run}; only {@link #runApproved}, given a person's decision, applies
 * it. Without a state table there is no journal: changes are applied unrecorded (the finding says so).
 */
public final class ActionRunner {

    private final Optional<Journal> journal;
    private final Clock clock;
    private final Log log;
    private final ActionPorts.ContributorInsights insights;
    private final ActionPorts.Tables tables;

    /** @param insights the action ports that last the container; auto scaling's are the invocation's ({@link #ports}) */
    public ActionRunner(Optional<Journal> journal, Clock clock, Log log, ActionPorts.ContributorInsights insights,
                        ActionPorts.Tables tables) {
        this.journal = journal;
        this.clock = clock;
        this.log = log;
        this.insights = insights;
        this.tables = tables;
    }

    /**
     * The action ports of one invocation: the container's, with this invocation's auto scaling (which writes back
     * the policies it read).
     */
    public ActionPorts ports(ActionPorts.AutoScaling autoScaling) {
        return new Ports(insights, autoScaling, tables);
    }

    /**
     * Who is changing a table, as the journal's entries name it.
     *
     * @param writer   the lock owner: what tells reconciliation that an unsettled entry is not its own
     * @param approval the decision that allowed the changes; empty for a remediation's own
     */
    public record Writer(String table, String findingId, String trigger, RemediationMode mode,
                  Optional<StoredPlan.Decision> approval, String writer) {
    }

    /** One result per action and the ids of the journal's entries for those applied. */
    public record Run(List<Finding.ActionResult> results, List<String> journaled) {
    }

    /** One result per action of the plan, in its order, then one per action offered for approval (not applied). */
    Run run(Plan plan, Writer writer, ActionPorts ports) {
        var results = new ArrayList<Finding.ActionResult>();
        var ids = new ArrayList<String>();
        Instant at = clock.instant();
        for (Action action : plan.actions()) {
            results.add(plan.mode() == RemediationMode.APPLY
                    ? apply(action, OptionalInt.empty(), writer, at, ids, ports)
                    : Finding.ActionResult.planned(action));
        }
        plan.forApproval().forEach(action -> results.add(Finding.ActionResult.awaitingApproval(action)));
        return new Run(results, ids);
    }

    /** The error of a change not attempted because an earlier step of its plan failed. */
    static final String NOT_ATTEMPTED = "not attempted: an earlier step failed";

    /**
     * Applies changes in steps (apply mode): a step runs only when every change of the steps before it was applied;
     * after a failure, each change of the later steps is not attempted (a failed result with {@link #NOT_ATTEMPTED},
     * nothing journaled). One journal id sequence for all, as one plan.
     */
    Run runInSteps(List<List<Action>> steps, Writer writer, ActionPorts ports) {
        var results = new ArrayList<Finding.ActionResult>();
        var ids = new ArrayList<String>();
        Instant at = clock.instant();
        boolean failed = false;
        for (List<Action> step : steps) {
            boolean stepFailed = false;
            for (Action action : step) {
                if (failed) {
                    results.add(Finding.ActionResult.failed(action, NOT_ATTEMPTED));
                    continue;
                }
                Finding.ActionResult result = apply(action, OptionalInt.empty(), writer, at, ids, ports);
                stepFailed |= result.status() != Finding.ActionResult.Status.APPLIED;
                results.add(result);
            }
            failed |= stepFailed;
        }
        return new Run(results, ids);
    }

    /** Applies steps of a plan a person approved (the caller checked them against what AWS holds now). */
    Run runApproved(List<ApprovalGuard.Step> steps, Writer writer, ActionPorts ports) {
        StoredPlan.Decision decision = writer.approval().orElseThrow(() ->
                new IllegalArgumentException("an approved plan's changes carry the decision"));
        if (!decision.approved()) {
            throw new IllegalArgumentException("plan " + decision.planId() + " was rejected, not approved");
        }
        var ids = new ArrayList<String>();
        Instant at = clock.instant();
        var results = new ArrayList<Finding.ActionResult>();
        boolean failed = false;
        for (ApprovalGuard.Step step : steps) {
            // A forecast's schedule changes are in steps (raises removed, restores removed and put, raises put): after
            // a failure, none after it is attempted, so that no raise stands without its restore. They stay to approve.
            if (failed && step.action() instanceof ForecastScheduleChange) {
                results.add(Finding.ActionResult.failed(step.action(), "not attempted: an earlier change of the plan"
                        + " failed, and a raise stands only with its restore; approve again once it is fixed"));
                continue;
            }
            Finding.ActionResult result = apply(step.action(), OptionalInt.of(step.index()), writer, at, ids, ports);
            failed |= result.status() != Finding.ActionResult.Status.APPLIED;
            results.add(result);
        }
        return new Run(results, ids);
    }

    /**
     * Restores an ACTIVE change: its restore's intent first (REVERTING, with the restoring action), then AWS, then
     * REVERTED, or ACTIVE again with the error (the next revert check tries again).
     */
    Finding.ActionResult restore(ChangeRecord change, Action restoring, String writer, String findingId,
                                 ActionPorts ports) {
        Journal j = journal.orElseThrow(() -> new IllegalStateException("a revert needs the journal"));
        Instant at = clock.instant();
        ChangeRecord intent = change.reverting(restoring, writer, "Restore written at " + at + " by finding "
                + findingId + "; AWS's answer not recorded yet.");
        write(() -> {
            if (!j.settle(change, intent)) {
                throw new IllegalStateException("change " + change.id() + " is no longer " + change.status()
                        + ": settled by another invocation");
            }
        }, restoring, change.table());
        try {
            restoring.apply(ports);
        } catch (ActionFailedException e) {
            log.error("revert failed; tried again at the next check", "action", restoring.description(),
                    "error", e.getMessage());
            settle(j, intent, intent.with(ChangeRecord.Status.ACTIVE, "Revert failed at " + at + ": " + e.getMessage()
                    + "; tried again at the next check."));
            return Finding.ActionResult.failed(restoring, e.getMessage());
        }
        log.info("applied", "action", restoring.description(), "before", restoring.before(), "after",
                restoring.after());
        settle(j, intent, intent.with(ChangeRecord.Status.REVERTED, "Reverted at " + at + " by finding " + findingId
                + "."));
        return Finding.ActionResult.applied(restoring);
    }

    /** The ports of one invocation: the adapters' action calls. */
    private record Ports(ActionPorts.ContributorInsights contributorInsights, ActionPorts.AutoScaling autoScaling,
                 ActionPorts.Tables tables) implements ActionPorts {
    }

    private Finding.ActionResult apply(Action action, OptionalInt step, Writer writer, Instant at, List<String> ids,
                                       ActionPorts ports) {
        Optional<ChangeRecord> intent = journal.map(j -> {
            String id = "CHANGE#" + at + "#" + writer.findingId() + "#" + ids.size();
            ChangeRecord entry = ChangeRecord.intent(writer.table(), id, at, writer.trigger(), writer.findingId(),
                    writer.mode(), action, writer.approval(), writer.writer(), step);
            write(() -> j.intend(entry, at), action, writer.table());
            ids.add(id);
            return entry;
        });
        try {
            action.apply(ports);
        } catch (ActionFailedException e) {
            log.error("action failed", "action", action.description(), "error", e.getMessage(),
                    "retryable", e.retryable());
            intent.ifPresent(i -> settle(journal.get(), i, i.failed(e.getMessage(), e.retryable())));
            return Finding.ActionResult.failed(action, e.getMessage());
        }
        log.info("applied", "action", action.description(), "before", action.before(), "after", action.after());
        intent.ifPresent(i -> settle(journal.get(), i, i.with(ChangeRecord.Status.ACTIVE, "Applied at " + at + ".")));
        return Finding.ActionResult.applied(action);
    }

    /** A write that must succeed before AWS is asked; if it fails, nothing is changed and the invocation fails. */
    private void write(Runnable intent, Action action, String table) {
        try {
            intent.run();
        } catch (RuntimeException e) {
            log.error("could not write the change's intent to the journal; nothing changed", "table", table,
                    "action", action.description(), "error", e.getMessage());
            throw new JournalUnavailable("Could not write the intent of \"" + action.description() + "\" to the"
                    + " journal (the state table): " + e.getMessage() + ". Nothing was changed; the invocation fails"
                    + " so that Lambda retries it.", e);
        }
    }

    /** A settling write: if it fails, the entry stays unsettled and the next holder of the lock settles it. */
    private void settle(Journal j, ChangeRecord from, ChangeRecord to) {
        try {
            if (!j.settle(from, to)) {
                log.warn("journal entry was settled by another invocation", "table", from.table(), "change", from.id());
            }
        } catch (RuntimeException e) {
            log.error("could not settle a journal entry; the next invocation on the table settles it from what AWS"
                    + " holds", "table", from.table(), "change", from.id(), "status", to.status().name(),
                    "error", e.getMessage());
        }
    }
}
