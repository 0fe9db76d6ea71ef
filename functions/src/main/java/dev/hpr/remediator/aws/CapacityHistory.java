package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.Series;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The forecast's history of a table and its GSIs, read through {@link CloudWatchMetrics} (GetMetricData) in two
 * steps, so that a fleet costs little (docs/forecast.md, "Reading history at fleet scale"):
 * <ol>
 * <li>{@link #throttledTables} (tagged protection, before any table is described): every table's table-level throttle
 *     events, hourly, 2 metrics a table, 300 a call; and {@link #tablesWithThrottledIndexes}: the GSIs that
 *     throttled, listed for the whole region (the table-level metrics exclude GSIs).</li>
 * <li>{@link #coarse}: 14 days at Period 3600 (336 datapoints a query): a provisioned table's and GSI's throttle
 *     events (2 queries a resource), batched across tables; an on-demand one's throttle events, key-range throttles and consumed capacity
 *     (6 queries a resource, its consumed capacity held against its warm throughput).</li>
 * <li>{@link #perMinute}: 14 days at Period 60 (20,160 datapoints a query, 5 queries a call) only for the resources
 *     and operations that the coarse read says could hold a peak the forecast would act on.</li>
 * </ol>
 * The throttle events are those capacity can cure ({@link History}): a provisioned table's
 * {@code …ProvisionedThroughputThrottleEvents}; an on-demand table's {@code …ThrottleEvents} minus
 * {@code …KeyRangeThroughputThrottleEvents} (a hot key throttles at any warm throughput).
 */
public final class CapacityHistory {

    /** CloudWatch keeps 1-minute datapoints 15 days; the forecast analyses 14. */
    public static final Duration DAYS_14 = Duration.ofDays(14);

    private final CloudWatchMetrics metrics;

    public CapacityHistory(CloudWatchMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** One resource's and operation's hourly totals: throttle events and consumed units, per hour. */
    public record Hourly(ResourceRef resource, OperationType operation, double[] throttleEvents, double[] consumedUnits) {

        /** Whether any hour recorded a throttle event. */
        public boolean throttled() {
            for (double v : throttleEvents) {
                if (v > 0) {
                    return true;
                }
            }
            return false;
        }

        /** The highest hour's average consumed units per second. */
        public double highestHourlyAverage() {
            double max = 0;
            for (double v : consumedUnits) {
                max = Math.max(max, v / 3600);
            }
            return max;
        }
    }

    /** The last 14 whole days before {@code now}, hourly, for each resource and both operations. */
    public List<Hourly> coarse(List<ResourceRef> resources, boolean onDemand, Instant now) {
        Window window = window(now, 3600);
        var coarseKeys = new ArrayList<MetricKey>();
        for (ResourceRef r : resources) {
            for (OperationType op : OperationType.values()) {
                if (onDemand) {
                    coarseKeys.addAll(keys(List.of(r), op, true));
                } else {
                    // A provisioned peak that never throttled is served already: its throttle events alone decide.
                    coarseKeys.add(new MetricKey(r, op, MetricKind.PROVISIONED_THROTTLES));
                }
            }
        }
        MetricsSnapshot snapshot = metrics.read(coarseKeys, window);
        var result = new ArrayList<Hourly>();
        for (ResourceRef r : resources) {
            for (OperationType op : OperationType.values()) {
                result.add(new Hourly(r, op, throttles(snapshot, r, op, onDemand, window.periods()),
                        values(snapshot.get(r, op, MetricKind.CONSUMED_CAPACITY), window.periods())));
            }
        }
        return result;
    }

    /**
     * Tagged protection's first look at a fleet, before any table is described: each table's table-level
     * {@code ReadThrottleEvents} and {@code WriteThrottleEvents} (every throttle event, whatever the billing mode;
     * AWS/DynamoDB metrics, DynamoDB Developer Guide "DynamoDB Metrics and dimensions"), Sum, Period 3600, 14 days:
     * 2 metrics a table, {@link CloudWatchMetrics} batching 300 of them a GetMetricData call (336 points each,
     * 100,800 a call). The tables whose any hour recorded a throttle event, in the order given.
     */
    public List<String> throttledTables(List<String> tables, Instant now) {
        Window window = window(now, 3600);
        var keys = new ArrayList<MetricKey>();
        for (String table : tables) {
            for (OperationType op : OperationType.values()) {
                keys.add(new MetricKey(ResourceRef.table(table), op, MetricKind.THROTTLE_EVENTS));
            }
        }
        MetricsSnapshot snapshot = metrics.read(keys, window);
        var throttled = new ArrayList<String>();
        for (String table : tables) {
            for (OperationType op : OperationType.values()) {
                double[] events = values(snapshot.get(ResourceRef.table(table), op, MetricKind.THROTTLE_EVENTS),
                        window.periods());
                if (java.util.Arrays.stream(events).anyMatch(v -> v > 0)) {
                    throttled.add(table);
                    break;
                }
            }
        }
        return throttled;
    }

    /**
     * Tagged protection's first look at GSIs, which the table-level metrics of {@link #throttledTables} exclude
     * (DynamoDB Developer Guide, "DynamoDB Metrics and dimensions": ReadThrottleEvents/WriteThrottleEvents per table
     * or per table and GSI): the tables one of whose GSIs recorded {@code ReadThrottleEvents} or
     * {@code WriteThrottleEvents} in the past two weeks. DynamoDB publishes them only when non-zero, so a GSI that
     * never throttled has no such metric and ListMetrics (whole region, 500 a page) does not list it: two calls for a
     * fleet whose GSIs never throttled, one more a metric name per further 500 GSIs that did. The tables, sorted.
     */
    public java.util.SortedSet<String> tablesWithThrottledIndexes() {
        var tables = new java.util.TreeSet<String>();
        for (OperationType op : OperationType.values()) {
            String metricName = MetricKind.THROTTLE_EVENTS.metricName(op);
            metrics.indexesWithData(metricName).forEach(index -> tables.add(index.tableName()));
        }
        return tables;
    }

    /** Per-minute history (units per second) of one resource and operation over the last 14 days. */
    public History perMinute(ResourceRef resource, OperationType operation, boolean onDemand, Instant now) {
        Window window = window(now, 60);
        MetricsSnapshot snapshot = metrics.read(keys(List.of(resource), operation, onDemand), window);
        double[] consumed = values(snapshot.get(resource, operation, MetricKind.CONSUMED_CAPACITY), window.periods());
        double[] throttled = throttles(snapshot, resource, operation, onDemand, window.periods());
        for (int i = 0; i < consumed.length; i++) {
            consumed[i] /= 60;
            throttled[i] /= 60;
        }
        return new History(resource, operation, window.start(), consumed, throttled);
    }

    private static Window window(Instant now, int periodSeconds) {
        Instant end = now.truncatedTo(periodSeconds == 3600 ? ChronoUnit.HOURS : ChronoUnit.MINUTES);
        return new Window(end.minus(DAYS_14), end, periodSeconds);
    }

    private static List<MetricKey> keys(List<ResourceRef> resources, OperationType op, boolean onDemand) {
        var keys = new ArrayList<MetricKey>();
        for (ResourceRef r : resources) {
            keys.add(new MetricKey(r, op, MetricKind.CONSUMED_CAPACITY));
            if (onDemand) {
                keys.add(new MetricKey(r, op, MetricKind.THROTTLE_EVENTS));
                keys.add(new MetricKey(r, op, MetricKind.KEY_RANGE_THROTTLES));
            } else {
                keys.add(new MetricKey(r, op, MetricKind.PROVISIONED_THROTTLES));
            }
        }
        return keys;
    }

    private static double[] throttles(MetricsSnapshot snapshot, ResourceRef r, OperationType op, boolean onDemand,
                                      int periods) {
        if (!onDemand) {
            return values(snapshot.get(r, op, MetricKind.PROVISIONED_THROTTLES), periods);
        }
        double[] all = values(snapshot.get(r, op, MetricKind.THROTTLE_EVENTS), periods);
        double[] keyRange = values(snapshot.get(r, op, MetricKind.KEY_RANGE_THROTTLES), periods);
        for (int i = 0; i < periods; i++) {
            all[i] = Math.max(0, all[i] - keyRange[i]);
        }
        return all;
    }

    private static double[] values(Series series, int periods) {
        double[] values = new double[periods];
        for (int i = 0; i < Math.min(periods, series.size()); i++) {
            values[i] = series.at(i);
        }
        return values;
    }
}
