package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.Series;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Reads every metric the diagnosis needs with GetMetricData: up to {@value #MAX_QUERIES_PER_CALL} queries per call
 * (one call for a table with up to 30 GSIs; a fleet sweep batches across tables), following NextToken.
 */
public final class CloudWatchMetrics {

    /** GetMetricData has no resource-level permissions. */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:GetMetricData", IamPermission.Scope.ANY_RESOURCE));

    /**
     * ListMetrics has no resource-level permissions either (Service Authorization Reference, Amazon CloudWatch: its
     * one resource type, {@code dataset}, is optional). Only the forecast's first look lists metrics
     * ({@link #indexesWithData}), so the read-only diagnosis does not need it.
     */
    public static final List<IamPermission> LIST_PERMISSIONS = List.of(
            new IamPermission("cloudwatch:ListMetrics", IamPermission.Scope.ANY_RESOURCE));

    static final int MAX_QUERIES_PER_CALL = 500;
    static final String INDEX_DIMENSION = "GlobalSecondaryIndexName";
    /** GetMetricData returns at most this many datapoints per call; past it, AWS pages. */
    static final int MAX_DATAPOINTS_PER_CALL = 100_800;
    private static final String NAMESPACE = "AWS/DynamoDB";

    private final Supplier<CloudWatchClient> cloudWatch;

    /** @param cloudWatch built when first used */
    public CloudWatchMetrics(Supplier<CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    public CloudWatchMetrics(CloudWatchClient cloudWatch) {
        this(() -> cloudWatch);
    }

    /** Primes GetMetricData (SnapStart): the 14 queries of a table, stopped before they are sent. */
    public void prime(Priming priming) {
        Window window = Window.lastMinutes(java.time.Instant.parse("2026-01-01T00:00:00Z"), 60);
        priming.request("cloudwatch:GetMetricData", () -> read(MetricKey.allFor(
                List.of(ResourceRef.table(Priming.TABLE))), window),
                GetMetricDataResponse::builder);
    }

    /**
     * The GSIs whose AWS/DynamoDB {@code metricName} (with its {@code TableName} and {@value #INDEX_DIMENSION}
     * dimensions) had a datapoint in the past two weeks: ListMetrics with the dimension-name filter
     * {@code [{Name: GlobalSecondaryIndexName}]} ("If you specify one dimension name and a metric has that dimension
     * and also other dimensions, it will be returned"), "Up to 500 results ... for any one call", then NextToken
     * (the SDK's paginator follows it). It "doesn't return information about metrics if those metrics haven't
     * reported data in the past two weeks" (CloudWatch API Reference, ListMetrics; botocore
     * {@code cloudwatch/2010-08-01}). No {@code RecentlyActive}: its one value, PT3H, would cut to 3 hours.
     */
    public List<ResourceRef> indexesWithData(String metricName) {
        var request = ListMetricsRequest.builder().namespace(NAMESPACE).metricName(metricName)
                .dimensions(DimensionFilter.builder().name(INDEX_DIMENSION).build()).build();
        var indexes = new LinkedHashSet<ResourceRef>();
        try {
            for (Metric metric : cloudWatch.get().listMetricsPaginator(request).metrics()) {
                String table = null;
                String index = null;
                for (Dimension d : metric.dimensions()) {
                    if ("TableName".equals(d.name())) {
                        table = d.value();
                    } else if (INDEX_DIMENSION.equals(d.name())) {
                        index = d.value();
                    }
                }
                if (table != null && index != null) {
                    indexes.add(ResourceRef.index(table, index));
                }
            }
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("cloudwatch:ListMetrics", e);
        }
        return List.copyOf(indexes);
    }

    public MetricsSnapshot read(List<MetricKey> keys, Window window) {
        var series = new HashMap<MetricKey, Series>();
        int perCall = queriesPerCall(window);
        for (int from = 0; from < keys.size(); from += perCall) {
            List<MetricKey> batch = keys.subList(from, Math.min(keys.size(), from + perCall));
            series.putAll(readBatch(batch, window));
        }
        return new MetricsSnapshot(window, series);
    }

    /**
     * 500 queries, unless a long window would take more than 100,800 datapoints (over 201 one-minute periods):
     * then fewer queries per call, so that no call needs paging.
     */
    static int queriesPerCall(Window window) {
        return Math.max(1, Math.min(MAX_QUERIES_PER_CALL, MAX_DATAPOINTS_PER_CALL / window.periods()));
    }

    private Map<MetricKey, Series> readBatch(List<MetricKey> batch, Window window) {
        var queries = new ArrayList<MetricDataQuery>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            queries.add(query("m" + i, batch.get(i), window.periodSeconds()));
        }
        var values = new HashMap<Integer, Double[]>();
        String nextToken = null;
        do {
            GetMetricDataResponse response;
            try {
                response = cloudWatch.get().getMetricData(GetMetricDataRequest.builder()
                        .metricDataQueries(queries)
                        .startTime(window.start())
                        .endTime(window.end())
                        .nextToken(nextToken)
                        .build());
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("cloudwatch:GetMetricData", e);
            }
            for (MetricDataResult result : response.metricDataResults()) {
                int index = Integer.parseInt(result.id().substring(1));
                Double[] periods = values.computeIfAbsent(index, k -> new Double[window.periods()]);
                List<Instant> timestamps = result.timestamps();
                for (int t = 0; t < timestamps.size(); t++) {
                    int period = window.periodIndex(timestamps.get(t));
                    if (period >= 0) {
                        periods[period] = (periods[period] == null ? 0 : periods[period]) + result.values().get(t);
                    }
                }
            }
            nextToken = response.nextToken();
        } while (nextToken != null);

        var series = new HashMap<MetricKey, Series>();
        values.forEach((index, periods) -> {
            boolean hasData = false;
            var list = new ArrayList<Double>(periods.length);
            for (Double value : periods) {
                hasData |= value != null;
                list.add(value == null ? 0.0 : value);
            }
            if (hasData) {
                series.put(batch.get(index), new Series(list, true));
            }
        });
        return series;
    }

    private static MetricDataQuery query(String id, MetricKey key, int periodSeconds) {
        var dimensions = new ArrayList<Dimension>();
        dimensions.add(Dimension.builder().name("TableName").value(key.resource().tableName()).build());
        key.resource().indexName().ifPresent(index ->
                dimensions.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build()));
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder().namespace(NAMESPACE).metricName(key.metricName()).dimensions(dimensions).build())
                        .period(periodSeconds)
                        .stat(key.kind().statistic())
                        .build())
                .build();
    }
}
