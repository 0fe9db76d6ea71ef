package dev.hpr.testfixtures;

import static dev.hpr.testfixtures.LocalAws.dynamoDbDatum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * A fleet triage at benchmark size: 2,500 tables, two metrics, 60 minutes of sparse data (3 throttled minutes per
 * table and metric, one table throttling every minute), read with one GROUP BY query per GetMetricData. Asserts what
 * the queries answer; prints the times, asserting none (a benchmark measures).
 */
class MetricsInsightsFleetBenchmarkTest {
    private static final int TABLES = 2_500;

    @Test
    void groupByOver2500Tables_ranksTheOneThrottlingEveryMinuteFirst() {
        try (LocalAws aws = LocalAws.start()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Random random = new Random(42);
            List<MetricDatum> data = new ArrayList<>();
            for (int t = 0; t < TABLES; t++) {
                String table = String.format("fleet-%04d", t);
                boolean hot = t == 1234;
                for (int i = 0; i < (hot ? 60 : 3); i++) {
                    Instant at = now.minus(hot ? i + 1 : 1 + random.nextInt(60), ChronoUnit.MINUTES);
                    double value = hot ? 20 : 1 + random.nextInt(5); // others: at most 3 x 5 in a minute
                    data.add(dynamoDbDatum("ThrottledRequests", value, at,
                            "TableName", table, "Operation", i % 2 == 0 ? "PutItem" : "Query"));
                    data.add(dynamoDbDatum("ReadThrottleEvents", value, at, "TableName", table));
                }
            }
            long put = System.nanoTime();
            int calls = aws.putDynamoDbMetrics(data);
            Duration putTime = Duration.ofNanos(System.nanoTime() - put);

            String[] sqls = {
                "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) GROUP BY TableName "
                        + "ORDER BY SUM() DESC LIMIT 500",
                "SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName) GROUP BY TableName "
                        + "ORDER BY MAX() DESC LIMIT 100"};
            List<String> report = new ArrayList<>();
            for (String sql : sqls) {
                for (int run = 1; run <= 2; run++) {
                    long start = System.nanoTime();
                    GetMetricDataResponse resp = aws.cloudWatch().getMetricData(r -> r
                            .startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                            .metricDataQueries(MetricDataQuery.builder().id("fleet").expression(sql).period(60).build()));
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    report.add(String.format("%d series in %d ms (run %d) for %s", resp.metricDataResults().size(),
                            took.toMillis(), run, sql));
                    assertEquals("fleet-1234", resp.metricDataResults().get(0).label(), sql); // throttles every minute
                    assertEquals(sql.contains("LIMIT 500") ? 500 : 100, resp.metricDataResults().size());
                }
            }
            System.out.printf("[benchmark] %d datapoints for %d tables stored in %d PutMetricData calls, %d ms%n",
                    data.size(), TABLES, calls, putTime.toMillis());
            report.forEach(line -> System.out.println("[benchmark] " + line));
        }
    }
}
