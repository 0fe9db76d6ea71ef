package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.util.Map;
import java.util.Objects;

/** Every metric series read for the window. A key that was not returned reads as an all-zero series without data. */
public record MetricsSnapshot(Window window, Map<MetricKey, Series> series) {

    public MetricsSnapshot {
        Objects.requireNonNull(window, "window");
        series = Map.copyOf(series);
        for (var entry : series.entrySet()) {
            if (entry.getValue().size() != window.periods()) {
                throw new IllegalArgumentException(entry.getKey() + " has " + entry.getValue().size()
                        + " periods, the window has " + window.periods());
            }
        }
    }

    public Series get(ResourceRef resource, OperationType operation, MetricKind kind) {
        return series.getOrDefault(new MetricKey(resource, operation, kind), Series.empty(window.periods()));
    }
}
