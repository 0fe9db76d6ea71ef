package dev.hpr.remediator.core;

import dev.hpr.remediator.core.action.Action;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change the remediator applied, as the audit trail keeps it: what, before and after, why (the alarm and the
 * finding), when, and what became of it.
 *
 * @param id         unique within the table, ordered by time ({@code CHANGE#<appliedAt>#<n>})
 * @param trigger    the alarm's name, or {@code fleet-sweep}
 * @param status     ACTIVE until reverted, or left because someone changed the value since
 * @param note       why it was left, or when it was reverted and by which finding
 * @param approval   who approved it, when and how, for a change applied by approval
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
        Optional<StoredPlan.Decision> approval) {

    /** What became of a change. */
    public enum Status {
        /** In force; the revert will restore its before value once the table is calm. */
        ACTIVE,
        /** Restored to its before value. */
        REVERTED,
        /** Left as it is: a person or another tool changed the value since. */
        LEFT
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
    }

    /** A change applied without approval. */
    public ChangeRecord(String table, String id, Instant appliedAt, String trigger, String findingId,
                        RemediationMode mode, Action action, Status status, Optional<String> note) {
        this(table, id, appliedAt, trigger, findingId, mode, action, status, note, Optional.empty());
    }

    public ChangeRecord with(Status newStatus, String newNote) {
        return new ChangeRecord(table, id, appliedAt, trigger, findingId, mode, action, newStatus, Optional.of(newNote),
                approval);
    }
}
