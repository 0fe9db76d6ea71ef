package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Long CloudWatch histories in the local AWS: stores a metric's regularly spaced datapoints straight into moto's
 * CloudWatch through the control {@code metrics/seed} (README "Control endpoints"), without PutMetricData. 14 days
 * of per-minute data (20,160 datapoints) is one call of well under a second, where PutMetricData needs 21 calls of
 * 1,000 datums and refuses timestamps older than two weeks.
 *
 * <pre>{@code
 * MetricHistory history = new MetricHistory(aws);
 * double[] perMinute = new double[14 * 1440];  // NaN = no datapoint that minute
 * history.seedDynamoDb("orders", null, "ConsumedWriteCapacityUnits", start, perMinute);
 * }</pre>
 *
 * Read it back with {@code aws.cloudWatch().getMetricData(...)}: MetricStat-only calls are answered with AWS's limits
 * and paging (README "CloudWatch GetMetricData over long histories").
 */
public final class MetricHistory {
    /** The namespace of DynamoDB's metrics. */
    public static final String DYNAMODB = "AWS/DynamoDB";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalAws aws;

    public MetricHistory(LocalAws aws) {
        this.aws = Objects.requireNonNull(aws, "aws");
    }

    /**
     * Stores {@code values[i]} at {@code start + i × period} (a NaN stores nothing for that period).
     *
     * @return the number of datapoints stored
     */
    public int seed(String namespace, String metricName, Map<String, String> dimensions, Instant start,
                    Duration period, double[] values) {
        if (period.isNegative() || period.isZero() || period.getNano() != 0) {
            throw new IllegalArgumentException("period must be whole seconds and positive, not " + period);
        }
        ObjectNode body = JSON.createObjectNode()
                .put("namespace", namespace)
                .put("metricName", metricName)
                .put("start", start.getEpochSecond())
                .put("periodSeconds", period.getSeconds());
        ObjectNode dims = body.putObject("dimensions");
        dimensions.forEach(dims::put);
        ArrayNode array = body.putArray("values");
        for (double v : values) {
            if (Double.isNaN(v)) {
                array.addNull();
            } else {
                array.add(v);
            }
        }
        return post("metrics/seed", body);
    }

    /** {@link #seed} of one DynamoDB metric per minute, for a table ({@code indexOrNull} null) or one of its GSIs. */
    public int seedDynamoDb(String table, String indexOrNull, String metricName, Instant start, double[] perMinute) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("TableName", table);
        if (indexOrNull != null) {
            dims.put("GlobalSecondaryIndexName", indexOrNull);
        }
        return seed(DYNAMODB, metricName, dims, start, Duration.ofMinutes(1), perMinute);
    }

    /** Seeding 14 days of minutes is the slowest control: it gets a minute. */
    private int post(String control, ObjectNode body) {
        return aws.controls().control(control, body, Duration.ofSeconds(60)).path("stored").asInt();
    }
}
