package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.diagnosis.FleetTriage;
import dev.hpr.remediator.iam.IamPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The whole region's throttling, table by table, with Metrics Insights in GetMetricData: one query
 * ({@value #QUERY_TEMPLATE} with no WHERE), one series per throttling table, the most throttled first. Its limits
 * (CloudWatch User Guide, "Metrics Insights quotas"; GetMetricData API reference): one query per call, 10 queries a
 * second per account, 10,000 metrics analysed and 500 series returned per query, the most recent 3 hours only.
 * So: the window is cut to 3 hours; at most 500 tables come back (the most throttled; past that the sweep says so);
 * and when the one query matched more than 10,000 metrics (PartialData, {@code MaxMatchingResultsExceeded}) the
 * triage is split by {@code Operation}, one query each, at most one per {@value #MIN_QUERY_GAP_MILLIS} ms: each then
 * matches at most one metric per table. Quiet tables publish no ThrottledRequests and cost no metric.
 */
public final class FleetThrottling {

    /** GetMetricData has no resource-level permissions. */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:GetMetricData", IamPermission.Scope.ANY_RESOURCE));

    static final String QUERY_TEMPLATE = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName,"
            + " Operation)%s GROUP BY TableName ORDER BY SUM() DESC LIMIT 500";
    /** Metrics Insights reads only the most recent 3 hours. */
    static final Duration MAX_WINDOW = Duration.ofHours(3);
    /** 10 Metrics Insights queries per second per account: a split triage keeps under it. */
    static final long MIN_QUERY_GAP_MILLIS = 110;
    /** The operations DynamoDB publishes ThrottledRequests for (aws-facts §1). */
    static final List<String> OPERATIONS = List.of("PutItem", "DeleteItem", "UpdateItem", "GetItem", "BatchGetItem",
            "Scan", "Query", "BatchWriteItem", "TransactWriteItems", "TransactGetItems", "ExecuteTransaction",
            "BatchExecuteStatement", "ExecuteStatement", "GetRecords");

    private final Supplier<CloudWatchClient> cloudWatch;

    public FleetThrottling(Supplier<CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** Primes the triage's GetMetricData (SnapStart): stopped before it is sent. */
    public void prime(Priming priming) {
        priming.request("cloudwatch:GetMetricData",
                () -> query("", Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(1)),
                GetMetricDataResponse::builder);
    }

    /** Every throttling table's ThrottledRequests over the last {@code window} (at most 3 hours) before {@code end}. */
    public FleetTriage triage(Instant end, Duration window) {
        Duration span = window.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : window;
        Answer whole = query("", end, span);
        if (!whole.messages().contains("MaxMatchingResultsExceeded")) {
            return new FleetTriage(whole.sums(), 1, whole.incomplete());
        }
        // More than 10,000 metrics: one query per operation, each at most one metric per table.
        var sums = new LinkedHashMap<String, Double>();
        var incomplete = new LinkedHashSet<String>();
        for (String operation : OPERATIONS) {
            sleep();
            Answer part = query(" WHERE Operation = '" + operation + "'", end, span);
            part.sums().forEach((table, value) -> sums.merge(table, value, Double::sum));
            incomplete.addAll(part.incomplete());
        }
        var ordered = new LinkedHashMap<String, Double>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new FleetTriage(ordered, 1 + OPERATIONS.size(), List.copyOf(incomplete));
    }

    private record Answer(Map<String, Double> sums, List<String> messages, List<String> incomplete) {
    }

    private Answer query(String where, Instant end, Duration span) {
        // One period over the whole span: one datapoint per table is all the triage needs.
        Instant endMinute = end.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant start = endMinute.minus(span);
        String expression = String.format(QUERY_TEMPLATE, where);
        GetMetricDataResponse r;
        try {
            r = cloudWatch.get().getMetricData(b -> b.startTime(start).endTime(endMinute)
                    .metricDataQueries(q -> q.id("fleet").expression(expression)
                            .period((int) span.toSeconds()).returnData(true)));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("cloudwatch:GetMetricData", e);
        }
        var sums = new LinkedHashMap<String, Double>();
        boolean partial = false;
        for (MetricDataResult result : r.metricDataResults()) {
            if (!"fleet".equals(result.id())) {
                continue;
            }
            partial |= result.statusCode() == StatusCode.PARTIAL_DATA;
            double sum = result.values().stream().mapToDouble(Double::doubleValue).sum();
            if (sum > 0 && result.label() != null && !result.label().isBlank()) {
                sums.merge(result.label().trim(), sum, Double::sum);
            }
        }
        var codes = new ArrayList<String>();
        var incomplete = new ArrayList<String>();
        r.messages().forEach(m -> {
            codes.add(m.code());
            incomplete.add(m.code() + ": " + m.value());
        });
        if (partial && incomplete.isEmpty()) {
            incomplete.add("PartialData");
        }
        return new Answer(sums, codes, incomplete);
    }

    private static void sleep() {
        try {
            Thread.sleep(MIN_QUERY_GAP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between Metrics Insights queries", e);
        }
    }

}
