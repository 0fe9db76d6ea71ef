package dev.hpr.remediator.core.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the forecast said of one resource and operation, and when.
 *
 * @param said   what it proposed, canonically (its changes, in order): two runs that propose the same say the same
 * @param planId the plan it offered for approval, if it offered one
 * @param at     when it said it
 */
public record ForecastNote(String said, Optional<String> planId, Instant at) {

    public ForecastNote {
        Objects.requireNonNull(said, "said");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(at, "at");
        if (said.isBlank()) {
            throw new IllegalArgumentException("a forecast note says something");
        }
    }

    /** The key of a resource's, operation's and topic's note, e.g. {@code table orders write schedule}. */
    public static String key(String resourceLabel, String operation, String what) {
        return resourceLabel + " " + operation + " " + what;
    }
}
