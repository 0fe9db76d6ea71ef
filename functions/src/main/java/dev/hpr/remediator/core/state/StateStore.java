package dev.hpr.remediator.core.state;

import java.util.Objects;

/**
 * The remediator's memory between invocations, one port per concern: the alarm deliveries it answered, the per-table
 * locks, the change journal (which also drives cooldowns and reverts), the plans awaiting approval, and each table's
 * last alarm state. Time is always passed in.
 */
public record StateStore(Deliveries deliveries, TableLocks locks, Journal journal, ApprovalPlans plans,
                         AlarmStates alarms) {

    public StateStore {
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(alarms, "alarms");
    }
}
