package dev.hpr.remediator.handler;

import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.remediator.core.forecast.TargetTrackingModel;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The forecast tests' history: {@value #DAYS} days of per-minute demand with a daily 09:00-09:30 UTC peak, and what
 * CloudWatch records of it when target tracking (as AWS documents it) serves the writes, seeded into the local AWS.
 */
public final class MorningPeak {

    /** How many days of history the tests seed. */
    public static final int DAYS = 14;

    private MorningPeak() {
    }

    /** The history's first minute: {@value #DAYS} days before this minute. */
    public static Instant historyStart() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(DAYS));
    }

    /** Demand per minute: {@code base} units/s, and {@code peak} every day 09:00-09:30 UTC (when {@code peak} > 0). */
    public static double[] demand(Instant start, double base, double peak) {
        double[] demand = new double[DAYS * 1440];
        for (int i = 0; i < demand.length; i++) {
            LocalTime t = start.plusSeconds(60L * i).atZone(ZoneOffset.UTC).toLocalTime();
            boolean inPeak = !t.isBefore(LocalTime.of(9, 0)) && t.isBefore(LocalTime.of(9, 30));
            demand[i] = peak > 0 && inPeak ? peak : base;
        }
        return demand;
    }

    /** Units per second as CloudWatch's per-minute Sum; a minute without any publishes no datapoint (NaN). */
    public static double[] perMinuteSums(double[] perSecond) {
        double[] sums = new double[perSecond.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = perSecond[i] > 0 ? perSecond[i] * 60 : Double.NaN;
        }
        return sums;
    }

    /**
     * Seeds what CloudWatch records of {@code demand} (per minute from {@code start}) when {@code policy} serves the
     * writes of {@code table} ({@code indexOrNull} null) or of one of its GSIs: ConsumedWriteCapacityUnits, and the
     * throttle events under each of {@code throttleMetricNames}.
     */
    public static void seedServedWrites(LocalAws aws, String table, String indexOrNull, Instant start,
                                        double[] demand, Serving.TargetTracking policy,
                                        String... throttleMetricNames) {
        ResourceRef resource = indexOrNull == null ? ResourceRef.table(table) : ResourceRef.index(table, indexOrNull);
        var recorded = new TargetTrackingModel().replay(start, demand, policy, List.of())
                .asHistory(resource, OperationType.WRITE);
        var history = new MetricHistory(aws);
        history.seedDynamoDb(table, indexOrNull, "ConsumedWriteCapacityUnits", start,
                perMinuteSums(recorded.consumedUnitsPerSecond()));
        double[] throttles = perMinuteSums(recorded.throttleEventsPerSecond());
        for (String name : throttleMetricNames) {
            history.seedDynamoDb(table, indexOrNull, name, start, throttles);
        }
    }
}
