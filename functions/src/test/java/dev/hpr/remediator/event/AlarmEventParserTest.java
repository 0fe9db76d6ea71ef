package dev.hpr.remediator.event;

import static dev.hpr.remediator.event.SampleEvents.ALARM_LAMBDA_ACTION;
import static dev.hpr.remediator.event.SampleEvents.ALARM_LAMBDA_ACTION_METRICSTAT;
import static dev.hpr.remediator.event.SampleEvents.ALARM_LAMBDA_ACTION_OK;
import static dev.hpr.remediator.event.SampleEvents.EVENTBRIDGE_ALARM_STATE_CHANGE;
import static dev.hpr.remediator.event.SampleEvents.EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE;
import static dev.hpr.remediator.event.SampleEvents.SNS_ALARM_NOTIFICATION;
import static dev.hpr.remediator.event.SampleEvents.SNS_ALARM_NOTIFICATION_METRICS_INSIGHTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.event.AlarmEvent.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser on every sample in events/, and on the variants of where an alarm names its table. */
class AlarmEventParserTest {

    private static final String ORDERS_THROTTLING = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-throttling";
    private static final Instant CHANGED_AT = Instant.parse("2026-11-23T03:01:12.345Z");

    @Test
    void parse_readsMetricsInsightsAlarmLambdaAction() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(ALARM_LAMBDA_ACTION));

        assertEquals(new AlarmEvent(Shape.ALARM_LAMBDA_ACTION, "orders-throttling", Optional.of(ORDERS_THROTTLING),
                "ALARM", Optional.of("OK"), event.reason(), CHANGED_AT, Optional.of("us-east-1"),
                "orders", Optional.empty()), event);
        assertTrue(event.reason().orElseThrow().startsWith("Threshold Crossed: 1 out of the last 1 datapoints [1284.0"));
        assertTrue(event.isAlarm());
    }

    @Test
    void parse_findsTableAndGsiInMetricStatDimensions() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(ALARM_LAMBDA_ACTION_METRICSTAT));

        assertEquals(Shape.ALARM_LAMBDA_ACTION, event.shape());
        assertEquals("orders-byCustomer-write-throttle-events", event.alarmName());
        assertEquals("orders", event.tableName());
        assertEquals(Optional.of("byCustomer"), event.indexName());
        assertEquals("ALARM", event.state());
        assertEquals(Instant.parse("2026-11-23T03:06:40.215Z"), event.stateChangedAt());
        assertEquals(Optional.of("us-east-1"), event.region());
    }

    @Test
    void parse_readsOkTransition_forTheHandlerToDecide() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(ALARM_LAMBDA_ACTION_OK));

        assertEquals("OK", event.state());
        assertEquals(Optional.of("ALARM"), event.previousState());
        assertFalse(event.isAlarm());
        assertEquals("orders", event.tableName());
        assertEquals(Instant.parse("2026-11-23T03:16:09.702Z"), event.stateChangedAt());
    }

    @Test
    void parse_readsEventBridgeAlarmStateChange() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(EVENTBRIDGE_ALARM_STATE_CHANGE));

        assertEquals(new AlarmEvent(Shape.EVENTBRIDGE, "orders-throttling", Optional.of(ORDERS_THROTTLING),
                "ALARM", Optional.of("OK"), event.reason(), CHANGED_AT, Optional.of("us-east-1"),
                "orders", Optional.empty()), event);
        assertTrue(event.reason().isPresent());
    }

    @Test
    void parse_findsTableInContributorAttributes_ofMultiTimeSeriesAlarm() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE));

        assertEquals(Shape.EVENTBRIDGE, event.shape());
        assertEquals("dynamodb-tables-throttling", event.alarmName());
        assertEquals("orders", event.tableName());
        assertEquals(Optional.empty(), event.indexName());
        assertEquals("ALARM", event.state());
        assertEquals(Optional.empty(), event.previousState(), "contributor events carry no previousState");
        assertEquals(CHANGED_AT, event.stateChangedAt());
        assertEquals(Optional.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:dynamodb-tables-throttling"),
                event.alarmArn());
    }

    @Test
    void parse_readsSnsNotification_andMapsRegionDisplayName() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(SNS_ALARM_NOTIFICATION));

        assertEquals(new AlarmEvent(Shape.SNS, "orders-write-throttle-events",
                Optional.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-write-throttle-events"),
                "ALARM", Optional.of("OK"), event.reason(), CHANGED_AT, Optional.of("us-east-1"),
                "orders", Optional.empty()), event);
        assertTrue(event.reason().isPresent());
    }

    @Test
    void parse_findsTableInSnsTriggerMetricsExpression() {
        AlarmEvent event = AlarmEventParser.parse(SampleEvents.read(SNS_ALARM_NOTIFICATION_METRICS_INSIGHTS));

        assertEquals(Shape.SNS, event.shape());
        assertEquals("orders-throttling", event.alarmName());
        assertEquals(Optional.of(ORDERS_THROTTLING), event.alarmArn());
        assertEquals("orders", event.tableName());
        assertEquals(CHANGED_AT, event.stateChangedAt());
        assertEquals(Optional.of("us-east-1"), event.region());
    }

    @Test
    void parse_readsInputStream_asTheStreamHandlerReceivesIt() throws IOException {
        try (InputStream in = Files.newInputStream(SampleEvents.path(ALARM_LAMBDA_ACTION))) {
            assertEquals(AlarmEventParser.parse(SampleEvents.read(ALARM_LAMBDA_ACTION)), AlarmEventParser.parse(in));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) WHERE TableName = 'orders'|orders|",
        "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) WHERE TableName='orders'|orders|",
        "select sum(ThrottledRequests) from schema(\"AWS/DynamoDB\", TableName, Operation) where TableName = \"orders\"|orders|",
        "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) WHERE \"TableName\"  =  'orders'|orders|",
        "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) WHERE Operation = 'PutItem' AND TableName = 'orders'|orders|",
        "SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\" WHERE TableName = 'orders' GROUP BY Operation|orders|",
        "SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName, GlobalSecondaryIndexName) WHERE TableName = 'orders' AND GlobalSecondaryIndexName = 'byCustomer'|orders|byCustomer",
        "SELECT MAX(WriteKeyRangeThroughputThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName) WHERE TableName = 'orders-v2.prod'|orders-v2.prod|",
    })
    void parse_findsTableInMetricsInsightsWhereClause(String expression, String table, String index) {
        AlarmEvent event = AlarmEventParser.parse(Events.directActionWithMetrics(Events.expression(expression)));

        assertEquals(table, event.tableName());
        assertEquals(Optional.ofNullable(index), event.indexName());
    }

    @Test
    void parse_findsTableInMultiLineQuery() {
        String query = """
                SELECT SUM(ThrottledRequests)
                FROM SCHEMA("AWS/DynamoDB", TableName, Operation)
                WHERE TableName = 'orders'
                  AND Operation = 'Query'
                """;

        assertEquals("orders", AlarmEventParser.parse(Events.directActionWithMetrics(Events.expression(query))).tableName());
    }

    @Test
    void parse_findsTableInAnyMetricOfMetricMathAlarm() {
        String metrics = "[" + Events.expression("m1 + m2") + ","
                + Events.metricStat("m1", "AWS/DynamoDB", "ReadThrottleEvents", "{\"TableName\":\"orders\"}") + ","
                + Events.metricStat("m2", "AWS/DynamoDB", "WriteThrottleEvents", "{\"TableName\":\"orders\"}") + "]";

        AlarmEvent event = AlarmEventParser.parse(Events.directActionWithMetricsArray(metrics));

        assertEquals("orders", event.tableName());
        assertEquals(Optional.empty(), event.indexName());
    }

    @Test
    void parse_dropsIndex_whenMathAlarmMixesTableAndGsiMetrics() {
        String metrics = "[" + Events.expression("m1 + m2") + ","
                + Events.metricStat("m1", "AWS/DynamoDB", "WriteThrottleEvents", "{\"TableName\":\"orders\"}") + ","
                + Events.metricStat("m2", "AWS/DynamoDB", "WriteThrottleEvents",
                        "{\"TableName\":\"orders\",\"GlobalSecondaryIndexName\":\"byCustomer\"}") + "]";

        AlarmEvent event = AlarmEventParser.parse(Events.directActionWithMetricsArray(metrics));

        assertEquals("orders", event.tableName());
        assertEquals(Optional.empty(), event.indexName());
    }

    @Test
    void parse_findsTableInSnsTriggerMetricStatDimensionsList() {
        String trigger = "{\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":\"GreaterThanThreshold\","
                + "\"Threshold\":100.0,\"TreatMissingData\":\"notBreaching\",\"EvaluateLowSampleCountPercentile\":\"\","
                + "\"Metrics\":[{\"Expression\":\"m1*1\",\"Id\":\"e1\",\"Label\":\"Expression1\",\"ReturnData\":true},"
                + "{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Dimensions\":[{\"value\":\"byCustomer\",\"name\":"
                + "\"GlobalSecondaryIndexName\"},{\"value\":\"orders\",\"name\":\"TableName\"}],\"MetricName\":"
                + "\"ReadThrottleEvents\",\"Namespace\":\"AWS/DynamoDB\"},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false}]}";

        AlarmEvent event = AlarmEventParser.parse(Events.snsWithTrigger(trigger, "US East (N. Virginia)"));

        assertEquals("orders", event.tableName());
        assertEquals(Optional.of("byCustomer"), event.indexName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "US East (N. Virginia)|us-east-1",
        "US West (Oregon)|us-west-2",
        "EU (Ireland)|eu-west-1",
        "Europe (Ireland)|eu-west-1",
        "EU (Milan)|eu-south-1",
        "Asia Pacific (Tokyo)|ap-northeast-1",
        "South America (Sao Paulo)|sa-east-1",
        "South America (São Paulo)|sa-east-1",
        "Asia Pacific (Thailand)|ap-southeast-7",
    })
    void parse_mapsSnsRegionDisplayNameToCode(String displayName, String code) {
        AlarmEvent event = AlarmEventParser.parse(Events.snsWithRegion(displayName, Optional.empty()));

        assertEquals(Optional.of(code), event.region());
    }

    @Test
    void parse_leavesRegionEmpty_whenDisplayNameUnknownAndNoArn() {
        AlarmEvent event = AlarmEventParser.parse(Events.snsWithRegion("Moon (Tranquility Base)", Optional.empty()));

        assertEquals(Optional.empty(), event.region());
    }

    @Test
    void parse_takesRegionFromAlarmArn_whenDisplayNameUnknown() {
        AlarmEvent event = AlarmEventParser.parse(Events.snsWithRegion("Moon (Tranquility Base)",
                Optional.of("arn:aws:cloudwatch:ap-southeast-7:123456789012:alarm:orders-throttling")));

        assertEquals(Optional.of("ap-southeast-7"), event.region());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-23T03:01:12.345+0000|2026-11-23T03:01:12.345Z",
        "2026-11-23T03:01:12.345+00:00|2026-11-23T03:01:12.345Z",
        "2026-11-23T04:01:12.345+0100|2026-11-23T03:01:12.345Z",
        "2026-11-23T03:01:12Z|2026-11-23T03:01:12Z",
        "2026-11-23T03:01:12.3Z|2026-11-23T03:01:12.300Z",
    })
    void parse_readsStateTimestamp_withOrWithoutColonInOffset(String timestamp, String instant) {
        String json = SampleEvents.read(ALARM_LAMBDA_ACTION)
                .replace("\"timestamp\": \"2026-11-23T03:01:12.345+0000\"", "\"timestamp\": \"" + timestamp + "\"");

        assertEquals(Instant.parse(instant), AlarmEventParser.parse(json).stateChangedAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSUFFICIENT_DATA", "OK"})
    void parse_readsNonAlarmStates(String state) {
        String json = SampleEvents.read(EVENTBRIDGE_ALARM_STATE_CHANGE)
                .replace("\"value\": \"ALARM\"", "\"value\": \"" + state + "\"");

        assertEquals(state, AlarmEventParser.parse(json).state());
    }

    @Test
    void dedupeKey_tellsContributorsOfOneAlarmApart() {
        String orders = SampleEvents.read(EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE);
        String payments = orders.replace("\"TableName\": \"orders\"", "\"TableName\": \"payments\"");

        AlarmEvent first = AlarmEventParser.parse(orders);
        AlarmEvent second = AlarmEventParser.parse(payments);

        assertEquals(first.stateChangedAt(), second.stateChangedAt());
        assertNotEquals(first.dedupeKey(), second.dedupeKey());
        assertEquals(first.dedupeKey(), AlarmEventParser.parse(orders).dedupeKey());
    }
}
