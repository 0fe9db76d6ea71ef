package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.Diagnosis;
import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.Recommendation;
import dev.hpr.remediator.core.Skip;
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
        boolean redactKeys) {

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
        REVERTED
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
        public enum Status { APPLIED, PLANNED, FAILED }

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
    }

    /** The skipped items of the plan, or none. */
    public List<Skip> skipped() {
        return plan.map(Plan::skipped).orElse(List.of());
    }
}
