package dev.hpr.remediator.core.state;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.action.Action;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of the change journal: a change the remediator is about to make or made, written down <em>before</em> AWS
 * is asked (status {@link Status#PENDING}) and settled after AWS answers. What, before and after, why (the alarm and
 * the finding), when, who wrote it, and what became of it.
 *
 * @param id         unique within the table, ordered by time ({@code CHANGE#<at>#<finding>#<n>})
 * @param appliedAt  when the intent was written (the change follows within the same invocation)
 * @param trigger    the alarm's name, {@code fleet-sweep}, or the approved plan's trigger
 * @param status     where it is in its life (see {@link Status})
 * @param note       why it failed, was left, or how it was reverted or settled
 * @param approval   who approved it, when and how, for a change applied by approval
 * @param writer     the lock owner that wrote it: a PENDING entry of another owner, found while this invocation holds
 *                   the table's lock, was left by an invocation that is gone (locks are exclusive and outlive the
 *                   function's timeout)
 * @param restoring  while {@link Status#REVERTING}: the action that restores it
 * @param step       for a change of an approved plan: its index among the plan's actions (the plan is the approval's)
 * @param retryable  for {@link Status#FAILED}: whether AWS's error was transient (5xx, throttling, a timeout), so that
 *                   approving the plan again may retry it
 */
public record ChangeRecord(
        String table,
        String id,
        Instant appliedAt,
        String trigger,
        String findingId,
        RemediationMode mode,
        Action action,
        Status status,
        Optional<String> note,
        Optional<StoredPlan.Decision> approval,
        Optional<String> writer,
        Optional<Action> restoring,
        OptionalInt step,
        boolean retryable) {

    /** Where a change is in its life. */
    public enum Status {
        /** Written before AWS was asked; AWS's answer is not recorded yet (or was lost). */
        PENDING,
        /** In force; the revert will restore its before value once the table is calm. */
        ACTIVE,
        /** AWS refused it: nothing changed ({@code note} has AWS's error). */
        FAILED,
        /** Its intent was written, but reconciliation found the before value still there: it never took effect. */
        NOT_APPLIED,
        /** Its restore is written before AWS is asked ({@code restoring}); AWS's answer is not recorded yet. */
        REVERTING,
        /** Restored to its before value. */
        REVERTED,
        /** Left as it is: a person or another tool changed the value since. */
        LEFT;

        /** Whether AWS may hold (or have held) its after value: what cooldowns count. */
        public boolean mayHaveTakenEffect() {
            return this != FAILED && this != NOT_APPLIED;
        }

        /** Whether AWS's answer to its last step is not recorded: reconciliation settles it. */
        public boolean unsettled() {
            return this == PENDING || this == REVERTING;
        }
    }

    public ChangeRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(findingId, "findingId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(restoring, "restoring");
        Objects.requireNonNull(step, "step");
        if (restoring.isPresent() != (status == Status.REVERTING)) {
            throw new IllegalArgumentException("a change carries its restoring action exactly while it is REVERTING");
        }
    }

    /** An intent: the change about to be made, written before AWS is asked. */
    public static ChangeRecord intent(String table, String id, Instant at, String trigger, String findingId,
                                      RemediationMode mode, Action action, Optional<StoredPlan.Decision> approval,
                                      String writer, OptionalInt step) {
        return new ChangeRecord(table, id, at, trigger, findingId, mode, action, Status.PENDING, Optional.empty(),
                approval, Optional.of(writer), Optional.empty(), step, false);
    }

    /** A change applied without approval, as the audit trail kept it before the journal (and tests build it). */
    public ChangeRecord(String table, String id, Instant appliedAt, String trigger, String findingId,
                        RemediationMode mode, Action action, Status status, Optional<String> note) {
        this(table, id, appliedAt, trigger, findingId, mode, action, status, note, Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), false);
    }

    /** The same change with a new status and note (its restoring action dropped). */
    public ChangeRecord with(Status newStatus, String newNote) {
        return new ChangeRecord(table, id, appliedAt, trigger, findingId, mode, action, newStatus, Optional.of(newNote),
                approval, writer, Optional.empty(), step, false);
    }

    /** FAILED with AWS's error, and whether it was transient. */
    public ChangeRecord failed(String error, boolean transientError) {
        return new ChangeRecord(table, id, appliedAt, trigger, findingId, mode, action, Status.FAILED,
                Optional.of(error), approval, writer, Optional.empty(), step, transientError);
    }

    /** The intent of its restore, by {@code owner}: REVERTING with the restoring action. */
    public ChangeRecord reverting(Action restore, String owner, String newNote) {
        return new ChangeRecord(table, id, appliedAt, trigger, findingId, mode, action, Status.REVERTING,
                Optional.of(newNote), approval, Optional.of(owner), Optional.of(restore), step, false);
    }

    /** Whether this entry belongs to step {@code index} of plan {@code planId}. */
    public boolean isStep(String planId, int index) {
        return step.isPresent() && step.getAsInt() == index
                && approval.map(d -> d.planId().equals(planId)).orElse(false);
    }
}
