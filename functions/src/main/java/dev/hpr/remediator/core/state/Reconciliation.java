package dev.hpr.remediator.core.state;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.Holds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settles the journal entries whose outcome was never recorded: an intent written before a change (PENDING) or
 * before a restore (REVERTING) whose invocation died, or whose record failed, after AWS was asked. Each is settled by
 * what AWS holds now, as the action itself reads it ({@link Action#holds}):
 * <ul>
 *   <li>PENDING, the after value there: ACTIVE (adopted: reverted after calm like any change; its cooldown holds);</li>
 *   <li>PENDING, the before value there: NOT_APPLIED (never took effect);</li>
 *   <li>REVERTING, the restore's after value there: REVERTED; its before value (the change's after): ACTIVE again,
 *       so the next revert check tries it again;</li>
 *   <li>anything else: LEFT, with what was found (a person or another tool changed it).</li>
 * </ul>
 * Only entries written under another lock owner are settled: while the caller holds the table's lock, their writers
 * are gone (locks are exclusive, and outlive the function's timeout).
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    /** An entry as it was, as it is settled, and the sentence a finding says about it. */
    public record Settled(ChangeRecord from, ChangeRecord to, String said) {
        public Settled {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(said, "said");
        }
    }

    /** The unsettled entries of {@code changes} that {@code owner} did not write. */
    public static List<ChangeRecord> toSettle(List<ChangeRecord> changes, String owner) {
        return changes.stream()
                .filter(c -> c.status().unsettled())
                .filter(c -> !c.writer().map(owner::equals).orElse(false))
                .toList();
    }

    /** The actions whose settings must be read to settle {@code unsettled}. */
    public static List<Action> reads(List<ChangeRecord> unsettled) {
        return unsettled.stream().map(c -> c.restoring().orElse(c.action())).toList();
    }

    public static List<Settled> settle(List<ChangeRecord> unsettled, Current now) {
        var settled = new ArrayList<Settled>();
        for (ChangeRecord change : unsettled) {
            settled.add(switch (change.status()) {
                case PENDING -> pending(change, now);
                case REVERTING -> reverting(change, now);
                case ACTIVE, FAILED, NOT_APPLIED, REVERTED, LEFT ->
                        throw new IllegalArgumentException("change " + change.id() + " is settled: " + change.status());
            });
        }
        return settled;
    }

    private static Settled pending(ChangeRecord change, Current now) {
        Action action = change.action();
        Holds holds = action.holds(now);
        String what = action.description() + " (change " + change.id() + ", " + action.before() + " -> "
                + action.after() + ")";
        return switch (holds.kind()) {
            case AFTER -> settled(change, change.with(ChangeRecord.Status.ACTIVE, "Adopted by reconciliation: its"
                    + " invocation ended before recording AWS's answer, and AWS holds its after value (" + holds.found()
                    + ")."), "Found half-done and adopted: " + what + " is in force (" + holds.found()
                    + "); it is reverted after calm like any change.");
            case BEFORE -> settled(change, change.with(ChangeRecord.Status.NOT_APPLIED, "Closed by reconciliation:"
                    + " AWS still holds its before value (" + holds.found() + "); it never took effect."),
                    "Found half-done and closed: " + what + " never took effect (AWS holds " + holds.found() + ").");
            case NEITHER -> settled(change, change.with(ChangeRecord.Status.LEFT, "Left by reconciliation: AWS holds "
                    + holds.found() + ", neither its before nor its after value; a person or another tool changed it."),
                    "Found half-done and left: " + what + ": AWS holds " + holds.found()
                            + ", which this remediator did not set; left as it is.");
        };
    }

    private static Settled reverting(ChangeRecord change, Current now) {
        Action restore = change.restoring().orElseThrow();
        Holds holds = restore.holds(now);
        String what = "the restore of " + change.action().description() + " (change " + change.id() + ")";
        return switch (holds.kind()) {
            case AFTER -> settled(change, change.with(ChangeRecord.Status.REVERTED, "Reverted (settled by"
                    + " reconciliation: AWS holds the restored value " + holds.found() + ")."),
                    "Found half-done: " + what + " took effect (" + holds.found() + "); recorded as reverted.");
            case BEFORE -> settled(change, change.with(ChangeRecord.Status.ACTIVE, "Its restore never took effect"
                    + " (settled by reconciliation); the revert check tries it again."),
                    "Found half-done: " + what + " never took effect; the revert check tries it again.");
            case NEITHER -> settled(change, change.with(ChangeRecord.Status.LEFT, "Left by reconciliation: AWS holds "
                    + holds.found() + ", neither the value this remediator set nor the one it restores."),
                    "Found half-done and left: " + what + ": AWS holds " + holds.found() + "; left as it is.");
        };
    }

    private static Settled settled(ChangeRecord from, ChangeRecord to, String said) {
        return new Settled(from, to, said);
    }
}
