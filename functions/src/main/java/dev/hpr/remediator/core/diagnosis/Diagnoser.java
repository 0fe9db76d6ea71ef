package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * From metrics, the table's description and any Contributor Insights reports to a {@link Diagnosis}. Pure: the
 * same inputs give the same diagnosis, so it is tested on recorded inputs.
 */
public final class Diagnoser {

    private final DiagnosisSettings settings;

    public Diagnoser(DiagnosisSettings settings) {
        this.settings = settings;
    }

    public Diagnosis diagnose(TableDescription table, MetricsSnapshot metrics, List<RuleReport> reports) {
        List<ResourceRef> resources = table.resources();
        Series throttlesPerMinute = Series.empty(metrics.window().periods());
        double peakRead = 0;
        var causes = new ArrayList<CauseFinding>();
        for (ResourceRef resource : resources) {
            for (OperationType operation : OperationType.values()) {
                Series throttles = throttles(metrics, resource, operation);
                throttlesPerMinute = throttlesPerMinute.plus(throttles);
                if (throttles.sum() > 0) {
                    causes.add(cause(table, metrics, resource, operation, throttles));
                }
            }
            double readPerSecond = metrics.get(resource, OperationType.READ, MetricKind.CONSUMED_CAPACITY).max()
                    / metrics.window().periodSeconds();
            peakRead = Math.max(peakRead, readPerSecond);
        }
        causes.sort(Comparator.comparingDouble(CauseFinding::throttleEvents).reversed());
        var hotKeys = reports.stream().map(HotKeys::of).flatMap(Optional::stream).toList();
        return new Diagnosis(table, metrics.window(),
                Detection.of(throttlesPerMinute.sum(), peakRead, settings),
                Pattern.classify(throttlesPerMinute, settings.selfHealedQuietMinutes()),
                causes, hotKeys);
    }

    /**
     * Throttled events per period: {@code Read/WriteThrottleEvents}, or the per-cause metrics' sum where that is
     * higher (either may be missing while the other has data).
     */
    static Series throttles(MetricsSnapshot metrics, ResourceRef resource, OperationType operation) {
        Series total = metrics.get(resource, operation, MetricKind.THROTTLE_EVENTS);
        Series byCause = Series.empty(total.size());
        for (Cause cause : Cause.values()) {
            byCause = byCause.plus(metrics.get(resource, operation, MetricKind.forCause(cause)));
        }
        var values = new ArrayList<Double>(total.size());
        for (int i = 0; i < total.size(); i++) {
            values.add(Math.max(total.at(i), byCause.at(i)));
        }
        return new Series(values, total.hasData() || byCause.hasData());
    }

    private CauseFinding cause(TableDescription table, MetricsSnapshot metrics, ResourceRef resource,
                               OperationType operation, Series throttles) {
        var byCause = new EnumMap<Cause, Double>(Cause.class);
        for (Cause cause : Cause.values()) {
            double events = metrics.get(resource, operation, MetricKind.forCause(cause)).sum();
            if (events > 0) {
                byCause.put(cause, events);
            }
        }
        if (!byCause.isEmpty()) {
            Cause primary = byCause.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return new CauseFinding(resource, operation, primary, false, throttles.sum(), byCause,
                    peak(metrics, resource, operation, metrics.get(resource, operation, MetricKind.forCause(primary))),
                    String.format(Locale.ROOT, "%s: %.0f of %.0f throttled %s events",
                            primary.metricName(operation), byCause.get(primary), throttles.sum(), operation.lower()));
        }
        return fallbackCause(table, metrics, resource, operation, throttles);
    }

    /**
     * No per-cause metric has data (older data, or a region without them): compare consumed with provisioned (or
     * the on-demand maximum) in the throttled minutes. Near capacity means capacity is the limit; well below it,
     * a partition is.
     */
    private CauseFinding fallbackCause(TableDescription table, MetricsSnapshot metrics, ResourceRef resource,
                                       OperationType operation, Series throttles) {
        Series consumed = metrics.get(resource, operation, MetricKind.CONSUMED_CAPACITY);
        Series provisionedSeries = metrics.get(resource, operation, MetricKind.PROVISIONED_CAPACITY);
        int period = metrics.window().periodSeconds();
        Optional<Long> limit = table.isOnDemand()
                ? table.onDemandMaximumFor(resource).filter(c -> c.isSet(operation)).map(c -> c.of(operation))
                : table.provisionedFor(resource).map(c -> c.of(operation));
        double peakUtilisation = 0;
        for (int i = 0; i < throttles.size(); i++) {
            if (throttles.at(i) <= 0) {
                continue;
            }
            double capacity = !table.isOnDemand() && provisionedSeries.at(i) > 0
                    ? provisionedSeries.at(i) : limit.orElse(0L).doubleValue();
            if (capacity > 0) {
                peakUtilisation = Math.max(peakUtilisation, consumed.at(i) / period / capacity);
            }
        }
        boolean nearCapacity = peakUtilisation >= settings.nearCapacityRatio();
        Cause cause = !nearCapacity ? Cause.HOT_PARTITION
                : table.isOnDemand() ? Cause.ON_DEMAND_MAXIMUM : Cause.UNDER_PROVISIONED;
        String evidence = limit.isEmpty() && !nearCapacity
                ? String.format(Locale.ROOT,
                        "fallback: no per-cause metric; %.0f throttled %s events with no capacity limit to reach"
                                + " suggest a partition's limit", throttles.sum(), operation.lower())
                : String.format(Locale.ROOT,
                        "fallback: no per-cause metric; peak %s utilisation %.0f%% of %s in throttled minutes (%s %.0f%%)",
                        operation.lower(), peakUtilisation * 100,
                        table.isOnDemand() ? "the on-demand maximum" : "provisioned capacity",
                        nearCapacity ? "at or above" : "below", settings.nearCapacityRatio() * 100);
        return new CauseFinding(resource, operation, cause, true, throttles.sum(), Map.of(),
                peak(metrics, resource, operation, throttles), evidence);
    }

    /** The highest period's consumed units and {@code throttled} events, per second. */
    private static PeakRates peak(MetricsSnapshot metrics, ResourceRef resource, OperationType operation,
                                  Series throttled) {
        Series consumed = metrics.get(resource, operation, MetricKind.CONSUMED_CAPACITY);
        int period = metrics.window().periodSeconds();
        return new PeakRates(consumed.max() / period, consumed.hasData(), throttled.max() / period);
    }
}
