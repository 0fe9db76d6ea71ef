package dev.hpr.remediator.event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Events the function cannot act on fail with one line that names what was wrong, offending value included. */
class AlarmEventParserRejectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"this is not json", "{\"alarmData\": {", "{} trailing", "<xml/>"})
    void parse_rejectsNotJson(String input) {
        assertUnusable(input, "event is not JSON", input.substring(0, 4));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   \n\t"})
    void parse_rejectsEmptyInput(String input) {
        assertUnusable(input, "empty event");
    }

    @Test
    void parse_rejectsJsonArray() {
        assertUnusable("[{\"alarmData\": {}}]", "event is a JSON array, not an object: [{\"alarmData\":{}}]");
    }

    @Test
    void parse_rejectsJsonScalar() {
        assertUnusable("\"ALARM\"", "event is a JSON string, not an object: \"ALARM\"");
    }

    @Test
    void parse_rejectsObjectOfNoKnownShape_namingItsFields() {
        assertUnusable("{\"key1\": \"value1\", \"key2\": \"value2\"}", "got fields [key1, key2]");
    }

    @Test
    void parse_rejectsEc2AlarmFromEventBridge_namingNamespace() throws IOException {
        assertUnusable(resource("eventbridge-ec2-alarm.json"),
                "alarm 'ServerCpuTooHigh' watches AWS/EC2 CPUUtilization, not AWS/DynamoDB");
    }

    @Test
    void parse_rejectsEc2AlarmFromSns_namingNamespace() {
        String trigger = "{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\",\"StatisticType\":\"Statistic\","
                + "\"Statistic\":\"AVERAGE\",\"Unit\":null,\"Dimensions\":[{\"value\":\"i-0123\",\"name\":\"InstanceId\"}],"
                + "\"Period\":300,\"EvaluationPeriods\":1,\"ComparisonOperator\":\"GreaterThanThreshold\",\"Threshold\":80.0,"
                + "\"TreatMissingData\":\"missing\",\"EvaluateLowSampleCountPercentile\":\"\"}";

        assertUnusable(Events.snsWithTrigger(trigger, "US East (N. Virginia)"), "watches AWS/EC2 CPUUtilization");
    }

    @Test
    void parse_rejectsMetricsInsightsQueryOnAnotherNamespace() {
        String query = "SELECT AVG(CPUUtilization) FROM SCHEMA(\"AWS/EC2\", InstanceId) WHERE InstanceId = 'i-0123'";

        assertUnusable(Events.directActionWithMetrics(Events.expression(query)), "watches AWS/EC2 query SELECT AVG(CPUUtilization)");
    }

    @Test
    void parse_rejectsCompositeAlarm_namingItsRule() throws IOException {
        assertUnusable(resource("composite-alarm-lambda-action.json"), "alarm 'CompositeDemo.Main' is a composite alarm"
                + " (ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild))");
    }

    @Test
    void parse_rejectsCompositeAlarmFromSns() {
        String event = Events.withMessage(message -> {
            message.remove("Trigger");
            message.put("AlarmRule", "ALARM(orders-throttling) AND ALARM(orders-latency)");
        });

        assertUnusable(event, "is a composite alarm (ALARM(orders-throttling) AND ALARM(orders-latency))");
    }

    @Test
    void parse_rejectsExpressionWithoutTableName_quotingIt() {
        String query = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)";

        assertUnusable(Events.directActionWithMetrics(Events.expression(query)),
                "alarm 'orders-throttling' names no DynamoDB TableName: " + query);
    }

    @Test
    void parse_rejectsTableNameInequality_asNoTable() {
        String query = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)"
                + " WHERE TableName != 'orders'";

        assertUnusable(Events.directActionWithMetrics(Events.expression(query)), "names no DynamoDB TableName");
    }

    @Test
    void parse_rejectsMultiTimeSeriesParentAlarm_pointingToContributorEvents() {
        String query = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)"
                + " GROUP BY TableName ORDER BY SUM() DESC";

        assertUnusable(Events.directActionWithMetrics(Events.expression(query)),
                "is a multi-time-series alarm (GROUP BY) whose table comes only in contributor events");
    }

    @Test
    void parse_rejectsContributorWithoutTableName() {
        String event = SampleEvents.read(SampleEvents.EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE)
                .replace("\"TableName\": \"orders\"", "\"Operation\": \"PutItem\"");

        assertUnusable(event, "contributor 6d442278dba546f6 has no TableName attribute: {Operation=PutItem}");
    }

    @Test
    void parse_rejectsTwoTables_namingBoth() {
        String metrics = "[" + Events.expression("m1 + m2") + ","
                + Events.metricStat("m1", "AWS/DynamoDB", "WriteThrottleEvents", "{\"TableName\":\"orders\"}") + ","
                + Events.metricStat("m2", "AWS/DynamoDB", "WriteThrottleEvents", "{\"TableName\":\"payments\"}") + "]";

        assertUnusable(Events.directActionWithMetricsArray(metrics),
                "alarm 'orders-throttling' watches 2 DynamoDB tables [orders, payments]");
    }

    @Test
    void parse_rejectsTwoTablesInOneWhereClause() {
        String query = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)"
                + " WHERE TableName = 'orders' OR TableName = 'payments'";

        assertUnusable(Events.directActionWithMetrics(Events.expression(query)), "[orders, payments]");
    }

    @Test
    void parse_rejectsMetricMathWithoutMetrics() {
        assertUnusable(Events.directActionWithMetrics(Events.expression("m1 * 2")),
                "has no AWS/DynamoDB metric, only expressions [m1 * 2]");
    }

    @Test
    void parse_rejectsAlarmWithNoMetrics() {
        assertUnusable(Events.directActionWithMetricsArray("[]"), "alarm 'orders-throttling' has no metrics");
    }

    @Test
    void parse_rejectsS3Event_namingItsSource() throws IOException {
        assertUnusable(resource("s3-put-event.json"), "Records[0] comes from 'aws:s3', not aws:sns");
    }

    @Test
    void parse_rejectsOtherEventBridgeEvent_namingDetailType() {
        String event = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T03:01:12Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"instance-id\":\"i-0123\",\"state\":\"running\"}}";

        assertUnusable(event, "EventBridge event 'EC2 Instance State-change Notification' from 'aws.ec2'");
    }

    @Test
    void parse_rejectsAlarmConfigurationChangeEvent() {
        String event = SampleEvents.read(SampleEvents.EVENTBRIDGE_ALARM_STATE_CHANGE)
                .replace("CloudWatch Alarm State Change", "CloudWatch Alarm Configuration Change");

        assertUnusable(event, "'CloudWatch Alarm Configuration Change'");
    }

    @Test
    void parse_rejectsSnsMessageThatIsNotJson() {
        String event = Events.snsWithRawMessage("Hello from SNS!");

        assertUnusable(event, "SNS message is not JSON, so not a CloudWatch alarm event", "): Hello from SNS!");
    }

    @Test
    void parse_rejectsSnsMessageThatIsNotAnAlarmNotification() {
        String event = Events.snsWithRawMessage("{\"order\": 42}");

        assertUnusable(event, "not a CloudWatch alarm notification (no AlarmName/NewStateValue): {\"order\": 42}");
    }

    @Test
    void parse_rejectsUnreadableTimestamp() {
        String event = SampleEvents.read(SampleEvents.ALARM_LAMBDA_ACTION)
                .replace("\"timestamp\": \"2026-11-23T03:01:12.345+0000\"", "\"timestamp\": \"yesterday\"");

        assertUnusable(event, "alarmData.state.timestamp is not a timestamp: 'yesterday'");
    }

    @Test
    void parse_rejectsUnknownState() {
        String event = Events.withMessage(message -> message.put("NewStateValue", "PENDING"));

        assertUnusable(event, "Sns.Message.NewStateValue is 'PENDING', not ALARM, OK or INSUFFICIENT_DATA");
    }

    @Test
    void parse_rejectsMissingAlarmName() {
        String event = SampleEvents.read(SampleEvents.ALARM_LAMBDA_ACTION)
                .replace("\"alarmName\": \"orders-throttling\",", "");

        assertUnusable(event, "alarmData.alarmName is missing");
    }

    @Test
    void parse_rejectsEventFromAnotherSource() {
        String event = SampleEvents.read(SampleEvents.ALARM_LAMBDA_ACTION)
                .replace("\"source\": \"aws.cloudwatch\"", "\"source\": \"aws.health\"");

        assertUnusable(event, "source 'aws.health'");
    }

    private static void assertUnusable(String input, String... expectedInMessage) {
        UnusableEventException e = assertThrows(UnusableEventException.class, () -> AlarmEventParser.parse(input));
        for (String expected : expectedInMessage) {
            assertTrue(e.getMessage().contains(expected),
                    () -> "message \"" + e.getMessage() + "\" should contain \"" + expected + "\"");
        }
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AlarmEventParserRejectsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
