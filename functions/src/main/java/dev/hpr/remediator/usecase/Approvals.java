package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.ApprovalGuard;
import dev.hpr.remediator.core.planning.Cooldowns;
import dev.hpr.remediator.core.state.ApprovalSteps;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person's decision on a plan offered for approval: approve applies it, reject closes it; each at most once, and
 * never after the plan expired.
 *
 * <p>Approving takes the table's lock (so it never races a remediation or another approval of the table), reads what
 * the plan's settings hold now, decides the plan in the state table with a conditional write (of any number of
 * concurrent approvals exactly one gets past it), then applies each action whose "before" still holds and whose
 * setting is out of its cooldown; the others are skipped and the finding says why. Each applied change enters the
 * audit trail with the decision, so the revert restores it like any other. The finding is published in the chat
 * thread of the finding that offered the plan.
 *
 * <p>An unknown, decided or expired plan, or a table another invocation holds, is {@linkplain Outcome#refused
 * refused}: nothing is changed and nothing is published; the caller says why (the CLI on stderr, exit 4).
 */
public final class Approvals {

    /** The entry points a decision can come through, as the audit trail names them. */
    public static final String VIA_LAMBDA = "lambda";
    public static final String VIA_CLI = "cli";

    /** What became of a decision: the published finding, or why nothing was done. */
    public record Outcome(Optional<Finding> finding, Optional<String> refused) {
        static Outcome done(Finding finding) {
            return new Outcome(Optional.of(finding), Optional.empty());
        }

        static Outcome refusal(String why) {
            return new Outcome(Optional.empty(), Optional.of(why));
        }
    }

    private final StateStore state;
    private final Log log;
    private final Context context;
    private final Reads reads;
    private final Effects effects;
    private final ApprovalGuard guard;

    public Approvals(Context context, StateStore state, Reads reads, Effects effects) {
        this.context = context;
        this.state = state;
        this.log = context.log();
        this.reads = reads;
        this.effects = effects;
        this.guard = new ApprovalGuard(context.settings().tableProtection(), context.settings().mode(),
                new Cooldowns(Duration.ofMinutes(context.settings().cooldownMinutes())));
    }

    /**
     * @param via      {@link #VIA_LAMBDA} or {@link #VIA_CLI}
     * @param approver who, where the entry point knows it
     */
    Outcome approve(String planId, String via, Optional<String> approver, String invocationId) {
        Optional<StoredPlan> found = open(planId);
        if (found.isEmpty()) {
            return refuse(planId, "approve", why(planId));
        }
        StoredPlan plan = found.get();
        String owner = invocationId + "-approve-" + planId;
        if (!state.locks().tryLock(plan.table(), owner, context.clock().instant(), Duration.ofSeconds(context.settings().lockSeconds()))) {
            return refuse(planId, "approve", "another invocation is working on table " + plan.table()
                    + " now; this request changed nothing: try again in a minute");
        }
        try {
            return applyApproved(plan, via, approver, invocationId, owner);
        } finally {
            state.locks().unlock(plan.table(), owner);
        }
    }

    /** Closes a pending plan without change, and says so in its thread. */
    Outcome reject(String planId, String via, Optional<String> approver, String invocationId) {
        Optional<StoredPlan> found = open(planId);
        if (found.isEmpty()) {
            return refuse(planId, "reject", why(planId));
        }
        if (found.get().status() == StoredPlan.Status.APPROVED) {
            return refuse(planId, "reject", "plan " + planId + " was already " + found.get().decision().orElseThrow()
                    .text() + "; what it applied stays until the revert restores it after calm");
        }
        var decision = new StoredPlan.Decision(planId, false, context.clock().instant(), via, approver);
        Optional<StoredPlan> decided = state.plans().decide(decision);
        if (decided.isEmpty()) {
            return refuse(planId, "reject", why(planId));
        }
        log.info("plan rejected; nothing changed", "planId", planId, "table", decided.get().table(), "via", via);
        return Outcome.done(effects.publisher().publish(builder(decided.get(), invocationId).rejected(decided.get(),
                approval(decided.get(), decision))));
    }

    private Outcome applyApproved(StoredPlan plan, String via, Optional<String> approver, String invocationId,
                                  String owner) {
        // Read before deciding: a read that fails leaves the plan pending for another try.
        TableDescription table;
        Current current;
        ScalingPolicies policies = reads.scalingPolicies().get();
        try {
            table = reads.tables().describe(plan.table());
            current = reads.current().read(table, plan.actions(), policies);
        } catch (TableNotFound e) {
            return refuse(plan.planId(), "approve", e.getMessage() + "; plan " + plan.planId() + " cannot apply");
        } catch (AwsCallFailed e) {
            log.error("could not read the plan's settings; plan left pending", "planId", plan.planId(),
                    "error", e.getMessage());
            return refuse(plan.planId(), "approve", "could not read what the plan's settings hold now ("
                    + e.getMessage() + "); plan " + plan.planId() + " is still pending");
        }
        Reconciler.Result journal = new Reconciler(state.journal(), reads.current(), log)
                .reconcile(table, state.journal().changes(plan.table()), owner, policies);
        ApprovalGuard.Verdict verdict = guard.decide(plan, table, current, journal.changes(), context.clock().instant());
        if (verdict instanceof ApprovalGuard.Refused refused) {
            // What reconciliation just settled (a killed approval's change adopted, say) is said with the refusal.
            return refuse(plan.planId(), "approve", journal.said().isEmpty() ? refused.why()
                    : refused.why() + ". " + String.join(" ", journal.said()));
        }
        ApprovalGuard.Apply apply = (ApprovalGuard.Apply) verdict;
        var decision = new StoredPlan.Decision(plan.planId(), true, context.clock().instant(), via, approver);
        if (plan.status() == StoredPlan.Status.PENDING && state.plans().decide(decision).isEmpty()) {
            return refuse(plan.planId(), "approve", why(plan.planId()));
        }
        var skipped = apply.skipped();
        FindingBuilder findings = builder(plan, invocationId);
        List<Finding.ActionResult> results = effects.runner().runApproved(apply.steps(), new ActionRunner.Writer(plan.table(),
                findings.id(), plan.trigger(), plan.mode(), Optional.of(decision), owner),
                effects.runner().ports(policies)).results();
        var notes = new ArrayList<>(journal.said());
        long retryable = ApprovalSteps.left(plan, state.journal().changes(plan.table()), new ArrayList<>()).size();
        if (retryable > 0) {
            notes.add(retryable + " change(s) of the plan are not applied yet (failed on a transient error, or not"
                    + " applicable now): approving plan " + plan.planId() + " again (the same button, or `approve "
                    + plan.planId() + "`) applies what is left, each change at most once, until the plan expires at "
                    + plan.expiresAt() + ".");
        }
        log.info("plan approved and applied", "planId", plan.planId(), "table", plan.table(), "via", via,
                "applied", results.stream().filter(r -> r.status() == Finding.ActionResult.Status.APPLIED).count(),
                "skipped", skipped.size(), "left", retryable);
        return Outcome.done(effects.publisher().publish(findings.approved(plan, approval(plan, decision), results, skipped,
                notes)));
    }

    /** The plan, if it can still be decided now. */
    private Optional<StoredPlan> open(String planId) {
        return state.plans().plan(planId).filter(p -> p.closed(context.clock().instant()).isEmpty());
    }

    /** Why a plan cannot be decided: unknown, decided, or expired. */
    private String why(String planId) {
        return state.plans().plan(planId).flatMap(p -> p.closed(context.clock().instant()))
                .orElse("no plan " + planId + " awaits approval (unknown id, or its record expired)");
    }

    private Outcome refuse(String planId, String what, String why) {
        log.warn("plan decision refused; nothing changed", "planId", planId, "decision", what, "why", why);
        return Outcome.refusal(why);
    }

    private FindingBuilder builder(StoredPlan plan, String invocationId) {
        return FindingBuilder.forTable(invocationId, context.clock().instant(), context.region(), context.invocation().account(), plan.table(),
                context.settings().redactKeys());
    }

    private static Finding.Approval approval(StoredPlan plan, StoredPlan.Decision decision) {
        return new Finding.Approval(plan.planId(), plan.expiresAt(), plan.actions(), Optional.empty(), plan.alarmName(),
                Optional.of(decision));
    }
}
