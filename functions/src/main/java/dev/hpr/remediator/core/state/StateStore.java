package dev.hpr.remediator.core.state;

import java.util.Objects;

/**
 * The remediator's memory between invocations, one port per concern: the alarm deliveries it answered, the per-table
 * locks, the change journal (which also drives cooldowns and reverts), the plans awaiting approval, each table's last
 * alarm state, and what the forecast last said of each table. Time is always passed in.
 */
public record StateStore(Deliveries deliveries, TableLocks locks, Journal journal, ApprovalPlans plans,
                         AlarmStates alarms, ForecastNotes forecastNotes) {

    public StateStore {
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(forecastNotes, "forecastNotes");
    }
}
