package dev.hpr.remediator.core.state;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.action.Action;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan that waits for a person: the changes offered for approval, as the state table keeps them until one person
 * approves or rejects them, once, before they expire.
 *
 * @param planId     what a person quotes to approve it (a random UUID)
 * @param findingId  the finding that offered it
 * @param alarmName  the alarm whose finding offered it, if an alarm did (its chat thread)
 * @param trigger    what triggered that finding, as the audit trail records it
 * @param mode       the mode the plan was made in ({@code apply}: only what needs approval; {@code approve}: all)
 * @param actions    the changes, each with the "before" it expects
 * @param decision   empty while pending
 */
public record StoredPlan(
        String planId,
        String table,
        String findingId,
        Optional<String> alarmName,
        String trigger,
        RemediationMode mode,
        Instant createdAt,
        Instant expiresAt,
        List<Action> actions,
        Status status,
        Optional<Decision> decision) {

    /** Where the plan is. */
    public enum Status {
        /** Waiting for a person, until it expires. */
        PENDING,
        /**
         * Approved: applied, action by action (the journal and the finding say which); approvable again until it
         * expires, for what failed on a transient error.
         */
        APPROVED,
        /** Rejected: closed without change. */
        REJECTED
    }

    /**
     * What a person decided, and how the function knows it.
     *
     * @param via      the entry point: {@code lambda} (a Lambda invoke, such as the chat button) or {@code cli}
     * @param approver who, where the entry point tells: the CLI's caller identity; a Lambda invoke does not say
     */
    public record Decision(String planId, boolean approved, Instant at, String via, Optional<String> approver) {
        public Decision {
            Objects.requireNonNull(planId, "planId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(approver, "approver");
        }

        /** {@code approved at T via cli by arn:...}, for findings and the audit trail. */
        public String text() {
            return (approved ? "approved" : "rejected") + " at " + at + " via " + via
                    + approver.map(a -> " by " + a).orElse(" (the approver is not known to the function)");
        }
    }

    public StoredPlan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        actions = List.copyOf(actions);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decision, "decision");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a stored plan has at least one action");
        }
        if ((status == Status.PENDING) != decision.isEmpty()) {
            throw new IllegalArgumentException("a plan is decided exactly when it is no longer pending");
        }
    }

    /**
     * Why it can no longer be decided at {@code now}, if it cannot: rejected, or expired. An approved plan stays open
     * until it expires: approving it again applies what an earlier approval left (the journal says what that is).
     */
    public Optional<String> closed(Instant now) {
        if (decision.isPresent() && !decision.get().approved()) {
            return Optional.of("plan " + planId + " was already " + decision.get().text());
        }
        if (!now.isBefore(expiresAt)) {
            return Optional.of("plan " + planId + " expired at " + expiresAt);
        }
        return Optional.empty();
    }
}
