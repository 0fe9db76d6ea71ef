package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.TableDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of many tables read together, as a fleet sweep reads them (one batched read for every table's
 * queries), and each table's own share of them: the snapshot its diagnosis would have read alone.
 */
public final class FleetMetrics {

    private final MetricsSnapshot all;
    private final Map<String, Map<MetricKey, Series>> byTable = new HashMap<>();

    public FleetMetrics(MetricsSnapshot all) {
        this.all = Objects.requireNonNull(all, "all");
        all.series().forEach((key, series) ->
                byTable.computeIfAbsent(key.resource().tableName(), t -> new HashMap<>()).put(key, series));
    }

    /** Every metric the diagnosis needs for these tables and their GSIs: 14 per resource, table by table. */
    public static List<MetricKey> keysFor(List<TableDescription> tables) {
        var keys = new ArrayList<MetricKey>();
        for (TableDescription table : tables) {
            keys.addAll(MetricKey.allFor(table.resources()));
        }
        return keys;
    }

    /** The table's series (its own and its GSIs'), over the same window: nothing of any other table. */
    public MetricsSnapshot forTable(TableDescription table) {
        return new MetricsSnapshot(all.window(), byTable.getOrDefault(table.name(), Map.of()));
    }

    public Window window() {
        return all.window();
    }
}
