package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http = HttpClient.newHttpClient();

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
        return post("metrics/seed", body.toString());
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

    private int post(String control, String body) {
        HttpRequest req = HttpRequest.newBuilder(aws.endpoint().resolve("/_local_aws/" + control))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("local AWS control " + control + " answered " + resp.statusCode()
                        + ": " + resp.body());
            }
            return JSON.readTree(resp.body()).path("stored").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException("local AWS control " + control + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
