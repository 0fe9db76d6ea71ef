package dev.hpr.remediator.core.state;

import java.time.Instant;
import java.util.Objects;

/** A table's alarm state as last seen by the remediator, and since when: what tells the revert check it is calm. */
public record AlarmState(String state, Instant since) {
    public AlarmState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
