package dev.hpr.infra;

import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * What the alarms measure (the construct decides how to alert). Every metric is per minute: DynamoDB publishes
 * its throttling metrics at 1-minute resolution, and only when they are non-zero.
 */
final class ThrottlingMetrics {

    static final Duration PERIOD = Duration.minutes(1);

    private ThrottlingMetrics() {
    }

    /**
     * The Metrics Insights query for a table's throttled requests. DynamoDB publishes {@code ThrottledRequests}
     * only per {@code TableName, Operation}: a {@code TableName}-only metric has no data, and a math alarm over the
     * 14 operations would pass the 10-metric limit. The query sums every operation of one table.
     */
    static String throttledRequestsQuery(String tableName) {
        return "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) "
                + "WHERE TableName = '" + tableName + "'";
    }

    /**
     * Every table's throttled requests, one series per table, the most throttled first: a multi-time-series alarm
     * (one contributor per table; CloudWatch User Guide, "Create an alarm based on a Multi Time Series Metrics Insights
     * query"). Tables without throttling publish no ThrottledRequests, so they are no series and analyse no metric.
     */
    static final String FLEET_THROTTLED_REQUESTS_QUERY = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\","
            + " TableName, Operation) GROUP BY TableName ORDER BY SUM() DESC";

    static IMetric fleetThrottledRequests() {
        return MathExpression.Builder.create()
                .expression(FLEET_THROTTLED_REQUESTS_QUERY)
                .usingMetrics(Map.of())
                .period(PERIOD)
                .label("ThrottledRequests")
                .build();
    }

    static IMetric tableThrottledRequests(ProtectedTable table) {
        return MathExpression.Builder.create()
                .expression(throttledRequestsQuery(table.name()))
                .usingMetrics(Map.of())
                .period(PERIOD)
                .label("ThrottledRequests")
                .build();
    }

    /**
     * A GSI's throttled read and write events (the GSI's own metrics, with GlobalSecondaryIndexName). DynamoDB
     * publishes each only when non-zero: a minute with only read throttling must still sum, hence FILL.
     */
    static IMetric indexThrottleEvents(String tableName, String indexName) {
        Map<String, String> dimensions = Map.of("TableName", tableName, "GlobalSecondaryIndexName", indexName);
        return MathExpression.Builder.create()
                .expression("FILL(reads, 0) + FILL(writes, 0)")
                .usingMetrics(Map.of(
                        "reads", dynamoDbSum("ReadThrottleEvents", dimensions),
                        "writes", dynamoDbSum("WriteThrottleEvents", dimensions)))
                .period(PERIOD)
                .label("ThrottleEvents")
                .build();
    }

    private static Metric dynamoDbSum(String metricName, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace("AWS/DynamoDB")
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }
}
