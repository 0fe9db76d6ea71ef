package dev.hpr.testfixtures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Loads {@code AWS/DynamoDB} datapoints into the local AWS's CloudWatch with PutMetricData, in calls of at most
 * {@value #MAX_DATUMS_PER_PUT} datums. {@link LocalAws} is the facade tests use.
 */
final class DynamoDbMetrics {

    /** Most datums one PutMetricData takes (CloudWatch API Reference: "no more than 1000 metrics per call"). */
    static final int MAX_DATUMS_PER_PUT = 1000;
    /** Datums per call of {@link #putMinutes}: the calls an incident's set-up makes, as before the split. */
    private static final int MINUTES_PER_PUT = 20;

    private final Supplier<CloudWatchClient> cloudWatch;

    DynamoDbMetrics(Supplier<CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** One datapoint a minute, for {@code minutes} whole minutes ending {@code endMinutesAgo} minutes before now. */
    void putMinutes(String table, String indexOrNull, String metricName, double value, int minutes,
                    int endMinutesAgo) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(endMinutesAgo, ChronoUnit.MINUTES);
        String[] dimensions = indexOrNull == null ? new String[] {"TableName", table}
                : new String[] {"TableName", table, "GlobalSecondaryIndexName", indexOrNull};
        var data = new ArrayList<MetricDatum>();
        for (int i = 1; i <= minutes; i++) {
            data.add(datum(metricName, value, end.minus(i, ChronoUnit.MINUTES).plusSeconds(5), dimensions));
        }
        put(data, MINUTES_PER_PUT);
    }

    /** In the order given, {@code perCall} datums a call; returns the number of calls. */
    int put(List<MetricDatum> data, int perCall) {
        int calls = 0;
        for (int from = 0; from < data.size(); from += perCall) {
            var batch = data.subList(from, Math.min(data.size(), from + perCall));
            cloudWatch.get().putMetricData(b -> b.namespace("AWS/DynamoDB").metricData(batch));
            calls++;
        }
        return calls;
    }

    /** Dimension names and values in pairs. */
    static MetricDatum datum(String metricName, double value, Instant at, String... dimensionNamesAndValues) {
        if (dimensionNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("dimension names and values come in pairs");
        }
        var dimensions = new ArrayList<Dimension>();
        for (int i = 0; i < dimensionNamesAndValues.length; i += 2) {
            dimensions.add(Dimension.builder()
                    .name(dimensionNamesAndValues[i]).value(dimensionNamesAndValues[i + 1]).build());
        }
        return MetricDatum.builder().metricName(metricName)
                .value(value).timestamp(at).dimensions(dimensions).build();
    }
}
