package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.core.action.Action;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one invocation concluded and did, for one table: what is published to SNS. Rendered by
 * {@link FindingRenderer} as versioned JSON ({@value #SCHEMA}), a plain-text email and a Slack notification.
 *
 * @param id             unique per finding (the Lambda request ID, or a random UUID locally)
 * @param generatedAt    when it was made
 * @param region         the region the function ran in
 * @param alarm          the alarm that triggered it, when one did (a fleet sweep has none)
 * @param outcome        what kind of finding this is
 * @param headline       one line: what happened
 * @param diagnosis      empty when the invocation stopped before diagnosing (OK state, refused table)
 * @param plan           empty when nothing was planned
 * @param results        one per planned action: applied, planned (dry-run) or failed
 * @param recommendations what a person should do next
 * @param caveats        what to keep in mind (Contributor Insights data starts now, CloudFormation drift, ...)
 * @param redactKeys     hot keys are shown as short hashes
 * @param approval       the plan offered for approval, or the approval (or rejection) this finding reports
 * @param account        the AWS account the function ran in (from the ARN it was invoked by); empty for a local run.
 *                       With one remediator per account and region publishing to one organisation's topic, region and
 *                       account together say where the table is.
 */
public record Finding(
        String id,
        Instant generatedAt,
        String region,
        Optional<AlarmRef> alarm,
        String tableName,
        Outcome outcome,
        String headline,
        Optional<Diagnosis> diagnosis,
        Optional<Plan> plan,
        List<ActionResult> results,
        List<Recommendation> recommendations,
        List<String> caveats,
        boolean redactKeys,
        Optional<Approval> approval,
        Optional<String> account) {

    public static final String SCHEMA = "hot-partition-remediator/finding/v1";

    /** The kind of finding. */
    public enum Outcome {
        /** Throttling diagnosed; actions applied, planned or none needed. */
        DIAGNOSED,
        /** The alarm is not in ALARM: nothing to do. */
        NOT_IN_ALARM,
        /** The function refused the table (not protected, not found). */
        REFUSED,
        /** Diagnosis could not complete (an AWS error): nothing was changed. */
        FAILED,
        /** The same alarm delivery was already handled: nothing more was done. */
        DUPLICATE,
        /** Another invocation is remediating the table now: this one changed nothing. */
        IN_PROGRESS,
        /** The table is calm again: changes this remediator made were restored (the results say which). */
        REVERTED,
        /** Throttling diagnosed; changes wait for a person to approve them ({@link #approval}). */
        AWAITING_APPROVAL,
        /** A person approved a plan: its changes were applied (the results say which, and which were stale). */
        APPLIED,
        /** A person rejected a plan: nothing was changed. */
        REJECTED
    }

    /**
     * A plan offered for approval, or decided.
     *
     * @param function  the Lambda function (alias) ARN to invoke to approve it, when the function knows it (the ARN
     *                  it was invoked by; a local invoke has none)
     * @param alarmName the alarm whose finding offered it: the approval's finding joins its chat thread
     * @param decision  empty while it awaits approval
     */
    public record Approval(String planId, Instant expiresAt, List<Action> actions, Optional<String> function,
                           Optional<String> alarmName, Optional<StoredPlan.Decision> decision) {
        public Approval {
            Objects.requireNonNull(planId, "planId");
            Objects.requireNonNull(expiresAt, "expiresAt");
            actions = List.copyOf(actions);
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(alarmName, "alarmName");
            Objects.requireNonNull(decision, "decision");
        }

        public boolean pending() {
            return decision.isEmpty();
        }
    }

    /** The alarm that triggered the finding. */
    public record AlarmRef(String name, Optional<String> arn, String state, Optional<String> reason, Instant stateChangedAt) {
        public AlarmRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        }
    }

    /** What became of one planned action. */
    public record ActionResult(Action action, Status status, Optional<String> error) {
        /** Applied; planned only (dry run); failed; or offered for approval and not applied. */
        public enum Status { APPLIED, PLANNED, FAILED, AWAITING_APPROVAL }

        public ActionResult {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(error, "error");
        }

        public static ActionResult applied(Action action) {
            return new ActionResult(action, Status.APPLIED, Optional.empty());
        }

        public static ActionResult planned(Action action) {
            return new ActionResult(action, Status.PLANNED, Optional.empty());
        }

        public static ActionResult failed(Action action, String error) {
            return new ActionResult(action, Status.FAILED, Optional.of(error));
        }

        public static ActionResult awaitingApproval(Action action) {
            return new ActionResult(action, Status.AWAITING_APPROVAL, Optional.empty());
        }
    }

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(plan, "plan");
        results = List.copyOf(results);
        recommendations = List.copyOf(recommendations);
        caveats = List.copyOf(caveats);
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(account, "account");
    }

    /** A finding of a local run (no account known). */
    public Finding(String id, Instant generatedAt, String region, Optional<AlarmRef> alarm, String tableName,
                   Outcome outcome, String headline, Optional<Diagnosis> diagnosis, Optional<Plan> plan,
                   List<ActionResult> results, List<Recommendation> recommendations, List<String> caveats,
                   boolean redactKeys, Optional<Approval> approval) {
        this(id, generatedAt, region, alarm, tableName, outcome, headline, diagnosis, plan, results, recommendations,
                caveats, redactKeys, approval, Optional.empty());
    }

    /** A finding of a local run that offers and reports no approval. */
    public Finding(String id, Instant generatedAt, String region, Optional<AlarmRef> alarm, String tableName,
                   Outcome outcome, String headline, Optional<Diagnosis> diagnosis, Optional<Plan> plan,
                   List<ActionResult> results, List<Recommendation> recommendations, List<String> caveats,
                   boolean redactKeys) {
        this(id, generatedAt, region, alarm, tableName, outcome, headline, diagnosis, plan, results, recommendations,
                caveats, redactKeys, Optional.empty(), Optional.empty());
    }

    /** The same finding, from the given account. */
    public Finding inAccount(Optional<String> inAccount) {
        return new Finding(id, generatedAt, region, alarm, tableName, outcome, headline, diagnosis, plan, results,
                recommendations, caveats, redactKeys, approval, inAccount);
    }

    /** Where the table is, as people read it: {@code us-east-1}, or {@code us-east-1, account 111122223333}. */
    public String location() {
        return region + account.map(a -> ", account " + a).orElse("");
    }

    /** The skipped items of the plan, or none. */
    public List<Skip> skipped() {
        return plan.map(Plan::skipped).orElse(List.of());
    }
}
