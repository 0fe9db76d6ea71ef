package dev.hpr.remediator.core.diagnosis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole region's throttling by table, from Metrics Insights (one series per table, the most throttled first):
 * which tables to read in full. Tables without throttling in the window are absent (DynamoDB publishes throttling
 * metrics only when non-zero).
 *
 * @param throttledRequests every throttling table's ThrottledRequests in the window, most first
 * @param queries           Metrics Insights queries it took (one per GetMetricData call)
 * @param incomplete        what CloudWatch said was left out (PartialData), in words; empty when complete
 */
public record FleetTriage(Map<String, Double> throttledRequests, int queries, List<String> incomplete) {

    public FleetTriage {
        throttledRequests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(throttledRequests));
        incomplete = List.copyOf(incomplete);
        Objects.requireNonNull(throttledRequests);
    }

    public double of(String table) {
        return throttledRequests.getOrDefault(table, 0.0);
    }

    public boolean complete() {
        return incomplete.isEmpty();
    }
}
