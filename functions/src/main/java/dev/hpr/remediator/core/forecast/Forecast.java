package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The forecast of one table or GSI and one operation: the recurring peaks found in its history and what is proposed.
 *
 * @param history                 how much history was analysed (at most 14 days)
 * @param baselineUnitsPerSecond  the median minute's consumed + throttled units per second
 * @param peaks                   recurring peaks, by time of day (empty for a flat table or one-off spikes)
 */
public record Forecast(ResourceRef resource, OperationType operation, Instant now, Duration history,
                       double baselineUnitsPerSecond, List<ForecastPeak> peaks, Proposal proposal) {

    public Forecast {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(proposal, "proposal");
        peaks = List.copyOf(peaks);
    }

    /** The scheduled actions proposed, none unless a MinCapacity schedule is proposed. */
    public List<ScheduledMinCapacity> scheduledActions() {
        return proposal instanceof Proposal.MinCapacitySchedule s ? s.actions() : List.of();
    }
}
