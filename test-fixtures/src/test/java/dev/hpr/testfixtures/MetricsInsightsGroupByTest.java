package dev.hpr.testfixtures;

import static dev.hpr.testfixtures.LocalAws.dynamoDbDatum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Metrics Insights GROUP BY / ORDER BY / LIMIT in GetMetricData through the real SDK (awsQuery), and the limits AWS
 * documents (README.md "CloudWatch Metrics Insights"). A private local AWS, emptied before each test.
 */
class MetricsInsightsGroupByTest {
    private static final String BY_OPERATION = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)";

    private static LocalAws aws;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void empty() {
        aws.resetAll();
    }

    private Instant ago(int minutes) {
        return now.minus(minutes, ChronoUnit.MINUTES);
    }

    private static MetricDatum throttled(String table, String operation, double value, Instant at) {
        return dynamoDbDatum("ThrottledRequests", value, at, "TableName", table, "Operation", operation);
    }

    private static MetricDataQuery select(String id, String sql) {
        return MetricDataQuery.builder().id(id).expression(sql).period(60).build();
    }

    private GetMetricDataResponse get(Instant start, MetricDataQuery... queries) {
        return aws.cloudWatch().getMetricData(r -> r.startTime(start).endTime(now).metricDataQueries(queries));
    }

    private GetMetricDataResponse get(String sql) {
        return get(ago(60), select("q", sql));
    }

    private static List<String> labels(GetMetricDataResponse resp) {
        return resp.metricDataResults().stream().map(MetricDataResult::label).toList();
    }

    private static Set<String> codes(GetMetricDataResponse resp) {
        return resp.messages().stream().map(MessageData::code).collect(Collectors.toSet());
    }

    private void fleetOfThree() {
        aws.putDynamoDbMetrics(List.of(
                throttled("a-orders", "PutItem", 3, ago(5)), throttled("a-orders", "Query", 4, ago(5)),
                throttled("a-orders", "GetItem", 1, ago(10)),
                throttled("b-users", "PutItem", 20, ago(7)),
                throttled("c-carts", "Scan", 2, ago(3)), throttled("c-carts", "Scan", 2, ago(4)),
                dynamoDbDatum("ThrottledRequests", 1000, ago(5), "TableName", "a-orders"), // not in the SCHEMA
                dynamoDbDatum("ReadThrottleEvents", 500, ago(5), "TableName", "d-other"))); // another metric
    }

    @Test
    void groupByTableIsOneResultPerTableWithTheQueryIdOrderedAndLimited() {
        fleetOfThree();
        GetMetricDataResponse resp = get(BY_OPERATION + " GROUP BY TableName ORDER BY SUM() DESC LIMIT 500");
        assertEquals(List.of("b-users", "a-orders", "c-carts"), labels(resp));
        assertTrue(resp.metricDataResults().stream().allMatch(r -> r.id().equals("q")
                && r.statusCode() == StatusCode.COMPLETE));
        assertTrue(resp.messages().isEmpty());
        MetricDataResult orders = resp.metricDataResults().get(1);
        assertEquals(List.of(ago(5), ago(10)), orders.timestamps()); // newest first (ScanBy default)
        assertEquals(List.of(7.0, 1.0), orders.values());             // summed over the Operations of the minute

        assertEquals(List.of("b-users", "a-orders"), labels(get(BY_OPERATION + " GROUP BY TableName ORDER BY SUM() DESC LIMIT 2")));
        assertEquals(List.of("c-carts", "a-orders", "b-users"), labels(get(BY_OPERATION + " GROUP BY TableName ORDER BY MAX()")));
        // without ORDER BY: alphabetical by the GROUP BY values
        assertEquals(List.of("a-orders", "b-users", "c-carts"), labels(get(BY_OPERATION + " GROUP BY TableName")));
        // GROUP BY both: one series per (table, operation), label "table operation"; ties (4 and 4) by label
        assertEquals(List.of("b-users PutItem", "a-orders Query", "c-carts Scan", "a-orders PutItem", "a-orders GetItem"),
                labels(get(BY_OPERATION + " GROUP BY TableName, Operation ORDER BY SUM() DESC")));
    }

    @Test
    void indexQueriesGroupByTwoKeysAndMetricsWithoutAKeyFormTheOtherGroup() {
        aws.putDynamoDbMetrics(List.of(
                dynamoDbDatum("WriteThrottleEvents", 5, ago(2), "TableName", "t1", "GlobalSecondaryIndexName", "g1"),
                dynamoDbDatum("WriteThrottleEvents", 2, ago(2), "TableName", "t1", "GlobalSecondaryIndexName", "g2"),
                dynamoDbDatum("WriteThrottleEvents", 9, ago(2), "TableName", "t2", "GlobalSecondaryIndexName", "g1"),
                dynamoDbDatum("WriteThrottleEvents", 100, ago(2), "TableName", "t1")));
        assertEquals(List.of("t2 g1", "t1 g1", "t1 g2"), labels(get("SELECT SUM(WriteThrottleEvents) FROM "
                + "SCHEMA(\"AWS/DynamoDB\", TableName, GlobalSecondaryIndexName) "
                + "GROUP BY TableName, GlobalSecondaryIndexName ORDER BY SUM() DESC")));
        GetMetricDataResponse any = get("SELECT SUM(WriteThrottleEvents) FROM \"AWS/DynamoDB\" WHERE TableName = 't1' "
                + "GROUP BY TableName, GlobalSecondaryIndexName ORDER BY SUM() DESC");
        assertEquals(List.of("t1 Other", "t1 g1", "t1 g2"), labels(any));
        assertEquals(List.of(100.0), any.metricDataResults().get(0).values());
    }

    @Test
    void whereEqualsNotEqualsAndAndFilterOtherOperatorsAreRefused() {
        fleetOfThree();
        GetMetricDataResponse resp = get(BY_OPERATION + " WHERE TableName != 'b-users' AND Operation = 'PutItem' "
                + "GROUP BY TableName");
        assertEquals(List.of("a-orders"), labels(resp));
        assertEquals(List.of(3.0), resp.metricDataResults().get(0).values());
        for (String where : List.of("TableName IN ('a-orders')", "TableName = 'a' OR TableName = 'b'",
                "TableName LIKE 'a%'")) {
            CloudWatchException e = assertThrows(CloudWatchException.class,
                    () -> get(BY_OPERATION + " WHERE " + where + " GROUP BY TableName"));
            assertEquals(400, e.statusCode());
            assertTrue(e.getMessage().contains("not emulated"), e.getMessage());
        }
    }

    @Test
    void otherQueriesOfTheCallStillWorkAndReturnDataFalseHidesTheQuery() {
        fleetOfThree();
        MetricDataQuery stat = MetricDataQuery.builder().id("m").metricStat(s -> s.period(60).stat("Sum")
                .metric(m -> m.namespace("AWS/DynamoDB").metricName("ThrottledRequests").dimensions(
                        d -> d.name("TableName").value("b-users"), d -> d.name("Operation").value("PutItem")))).build();
        GetMetricDataResponse resp = get(ago(60), select("q", BY_OPERATION + " GROUP BY TableName"), stat);
        assertEquals(List.of("m", "q", "q", "q"), resp.metricDataResults().stream().map(MetricDataResult::id).toList());
        assertEquals(List.of(20.0), resp.metricDataResults().get(0).values());
        GetMetricDataResponse hidden = get(ago(60), select("q", BY_OPERATION + " GROUP BY TableName").toBuilder()
                .returnData(false).build(), stat);
        assertEquals(List.of("m"), hidden.metricDataResults().stream().map(MetricDataResult::id).toList());
    }

    @Test
    void refusedShapesLimitOver500TwoQueriesInOneCallALabelOnGroupBy() {
        for (MetricDataQuery[] queries : List.of(
                new MetricDataQuery[] {select("q", BY_OPERATION + " GROUP BY TableName LIMIT 501")},
                new MetricDataQuery[] {select("q", BY_OPERATION), select("r", BY_OPERATION)},
                new MetricDataQuery[] {select("q", BY_OPERATION + " GROUP BY TableName").toBuilder().label("x").build()})) {
            CloudWatchException e = assertThrows(CloudWatchException.class, () -> get(ago(60), queries));
            assertEquals(400, e.statusCode());
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void atMost500SeriesPartialDataWithoutLimitCompleteWithLimit() {
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            data.add(dynamoDbDatum("ReadThrottleEvents", i + 1, ago(1 + i % 30), "TableName", String.format("t%04d", i)));
        }
        assertEquals(1, aws.putDynamoDbMetrics(data));
        String sql = "SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName) GROUP BY TableName "
                + "ORDER BY SUM() DESC";
        GetMetricDataResponse all = get(sql);
        assertEquals(500, all.metricDataResults().size());
        assertEquals("t0500", all.metricDataResults().get(0).label());
        assertEquals("t0001", all.metricDataResults().get(499).label()); // t0000 (the smallest) is the one left out
        assertTrue(all.metricDataResults().stream().allMatch(r -> r.statusCode() == StatusCode.PARTIAL_DATA));
        assertEquals(Set.of("MaxQueryResultsExceeded"), codes(all));
        GetMetricDataResponse top = get(sql + " LIMIT 500");
        assertEquals(500, top.metricDataResults().size());
        assertTrue(top.metricDataResults().stream().allMatch(r -> r.statusCode() == StatusCode.COMPLETE));
        assertTrue(top.messages().isEmpty());
    }

    @Test
    void atMost10000MetricsAnalysed() {
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            data.add(dynamoDbDatum("ReadThrottleEvents", 1, ago(2), "TableName", "t" + i));
        }
        assertEquals(11, aws.putDynamoDbMetrics(data));
        GetMetricDataResponse resp = get("SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName)");
        assertEquals(List.of(10_000.0), resp.metricDataResults().get(0).values());
        assertEquals(StatusCode.PARTIAL_DATA, resp.metricDataResults().get(0).statusCode());
        assertEquals(Set.of("MaxMatchingResultsExceeded"), codes(resp));
    }

    @Test
    void onlyTheLastThreeHoursAreRead() {
        aws.putDynamoDbMetrics(List.of(
                dynamoDbDatum("ReadThrottleEvents", 100, ago(240), "TableName", "t"),
                dynamoDbDatum("ReadThrottleEvents", 1, ago(120), "TableName", "t"),
                dynamoDbDatum("ReadThrottleEvents", 2, ago(10), "TableName", "t")));
        String sql = "SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName) GROUP BY TableName";
        GetMetricDataResponse old = get(ago(300), MetricDataQuery.builder().id("q").expression(sql).period(3600).build());
        MetricDataResult t = old.metricDataResults().get(0);
        assertEquals(3.0, t.values().stream().mapToDouble(Double::doubleValue).sum()); // the 100 of 4 h ago is left out
        assertEquals(StatusCode.PARTIAL_DATA, t.statusCode());
        assertEquals(Set.of("MaxQueryTimeRangeExceeded"), codes(old));
        GetMetricDataResponse recent = get(ago(179), select("q", sql));
        assertEquals(List.of(2.0, 1.0), recent.metricDataResults().get(0).values());
        assertEquals(StatusCode.COMPLETE, recent.metricDataResults().get(0).statusCode());
        assertTrue(recent.messages().isEmpty());
    }
}
