package dev.hpr.remediator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The remediator's memory between invocations: which alarm deliveries it handled, which table it is working on,
 * what it changed (the audit trail, which also drives cooldowns and reverts), the plans awaiting approval, and each
 * table's last alarm state.
 * Time is always passed in.
 */
public interface StateStore {

    /** A delivery of an alarm event: handled (published) or published-pending (the finding is kept to resend). */
    record Delivery(String key, boolean published, String subject, String message, String findingId) {
    }

    Optional<Delivery> delivery(String key);

    /** Keeps the finding about to be published, so that a retry after a failed publish resends it. */
    void deliveryPending(String key, String subject, String message, String findingId, Instant now);

    void deliveryPublished(String key, Instant now);

    /**
     * Takes the table's lock unless another owner holds an unexpired one.
     *
     * @return whether this owner now holds it
     */
    boolean tryLock(String table, String owner, Instant now, Duration expiry);

    /** Releases the lock if this owner holds it. */
    void unlock(String table, String owner);

    /** The table's audit trail, oldest first. */
    List<ChangeRecord> changes(String table);

    void recordChange(ChangeRecord change, Instant now);

    /** Rewrites a change's status and note (reverted, or left). */
    void updateChange(ChangeRecord change);

    /** Keeps a plan awaiting approval until it is decided or expires. */
    void savePlan(StoredPlan plan);

    Optional<StoredPlan> plan(String planId);

    /**
     * Decides a pending plan, once: only the first of any number of concurrent decisions succeeds, and none after
     * the plan expired.
     *
     * @return the plan as decided; empty when it was not pending and unexpired at {@code decision.at()} (the caller
     *         reads it again to say why)
     */
    Optional<StoredPlan> decide(StoredPlan.Decision decision);

    Optional<RevertPlanner.AlarmState> alarmState(String table);

    /**
     * The tables with changes recorded since they were last closed ({@link #recordChange} adds the table, {@link
     * #closeTable} removes it): what the revert check looks at when no table is named at deploy time (tagged
     * protection).
     */
    List<String> tablesWithChanges();

    /** The table has no active change left: the revert check no longer needs to look at it. */
    void closeTable(String table);

    void recordAlarmState(String table, RevertPlanner.AlarmState state);
}
