package dev.hpr.remediator.core.state;

import java.util.Optional;

/** Each table's last alarm state: what tells the revert check that a table is calm. */
public interface AlarmStates {

    Optional<AlarmState> alarmState(String table);

    /** Records it unless a newer state is recorded already. */
    void recordAlarmState(String table, AlarmState state);
}
