package dev.hpr.remediator.core.state;

import java.time.Instant;
import java.util.List;

/**
 * The change journal, in the state table: every change the remediator makes is written here as an intent before AWS
 * is asked ({@link #intend}), then settled after AWS answers ({@link #settle}); whoever next holds the table's lock
 * settles what a dead invocation left ({@link Reconciliation}). It drives cooldowns and the revert check.
 */
public interface Journal {

    /** The table's entries, oldest first. */
    List<ChangeRecord> changes(String table);

    /**
     * Writes {@code intent} (PENDING), and the table into the revert check's index, before its change is made.
     *
     * @throws RuntimeException (the adapter's) when it could not be written: then the change must not be made
     */
    void intend(ChangeRecord intent, Instant now);

    /**
     * Replaces entry {@code from} with {@code to} (same table and id) if it still holds {@code from}'s status: of two
     * settlers, one wins.
     *
     * @return whether it was replaced
     */
    boolean settle(ChangeRecord from, ChangeRecord to);

    /** The tables with entries since they were last closed: what the revert check reads in tagged protection. */
    List<String> tablesWithChanges();

    /** The table has no ACTIVE or unsettled entry left: the revert check no longer needs to look at it. */
    void closeTable(String table);
}
