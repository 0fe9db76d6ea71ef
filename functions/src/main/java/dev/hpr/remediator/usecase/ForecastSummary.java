package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.core.forecast.Forecast;
import dev.hpr.remediator.core.forecast.ForecastPeak;
import dev.hpr.remediator.core.forecast.Proposal;
import java.time.Instant;

/** How the forecast task's summary says what each table, resource and operation came to. */
final class ForecastSummary {

    private ForecastSummary() {
    }

    /** What one resource and operation came to. */
    enum Outcome {
        /** Our schedule was created, replaced or removed. */
        SCHEDULED,
        /** Our schedule already matches the forecast. */
        UNCHANGED,
        /** Offered for approval (a plan id). */
        OFFERED,
        /** Forecast only, or a dry run: what would change is named, nothing changed. */
        NOT_APPLIED,
        /** Nothing to do, and why. */
        LEFT_ALONE,
        /** A change failed (AWS's error). */
        FAILED
    }

    static void left(ObjectNode node, String reason) {
        node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", reason);
    }

    static String reasonOf(Forecast forecast) {
        return forecast.proposal() instanceof Proposal.NoSchedule n ? n.reason().name() + ": " + n.detail()
                : "nothing to schedule";
    }

    /** The forecast's peaks: the next occurrence's start and end in ISO UTC, and the expected units per second. */
    static void describe(ObjectNode node, Forecast forecast, Instant now) {
        node.put("checked", "per-minute").put("historyHours", forecast.history().toHours())
                .put("baselineUnitsPerSecond", Math.round(forecast.baselineUnitsPerSecond() * 10) / 10.0);
        ArrayNode peaks = node.putArray("peaks");
        for (ForecastPeak p : forecast.peaks()) {
            Instant start = p.nextStart(now);
            peaks.addObject().put("recurrence", p.recurrence().name()).put("nextStart", start.toString())
                    .put("nextEnd", start.plus(p.length()).toString())
                    .put("expectedUnitsPerSecond", Math.round(p.expectedConsumedUnitsPerSecond()))
                    .put("seen", p.occurrences() + " of " + p.eligibleDays() + " days")
                    .put("throttledOccurrences", p.throttledOccurrences()).put("pastServing", p.pastServing())
                    .put("text", p.describe());
        }
    }
}
