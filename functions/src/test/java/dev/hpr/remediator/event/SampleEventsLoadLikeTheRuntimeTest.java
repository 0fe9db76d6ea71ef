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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each sample in events/ deserialises the way the Lambda Java runtime deserialises it (aws-lambda-java-serialization
 * through aws-lambda-java-tests' EventLoader) into the aws-lambda-java-events type for its shape, with its fields
 * arriving: the samples have AWS's field names, nesting and types.
 */
class SampleEventsLoadLikeTheRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {ALARM_LAMBDA_ACTION, ALARM_LAMBDA_ACTION_METRICSTAT, ALARM_LAMBDA_ACTION_OK})
    void alarmLambdaAction_loadsAsCloudWatchMetricAlarmEvent(String file) throws IOException {
        // when
        CloudWatchMetricAlarmEvent event = load(file, CloudWatchMetricAlarmEvent.class);

        // then
        assertEquals("aws.cloudwatch", event.getSource());
        assertEquals("123456789012", event.getAccountId());
        assertEquals("us-east-1", event.getRegion());
        assertTrue(event.getAlarmArn().startsWith("arn:aws:cloudwatch:us-east-1:123456789012:alarm:"));
        assertNotNull(event.getTime());
        CloudWatchMetricAlarmEvent.AlarmData data = event.getAlarmData();
        assertTrue(event.getAlarmArn().endsWith(":alarm:" + data.getAlarmName()));
        assertTrue(Set.of("ALARM", "OK").contains(data.getState().getValue()));
        assertFalse(data.getState().getReason().isBlank());
        assertNotNull(data.getState().getTimestamp());
        assertNotNull(data.getPreviousState().getValue());
        assertNotNull(JSON.readTree(data.getPreviousState().getReasonData()).get("version"), "reasonData is a JSON string");
        assertEquals(1, data.getConfiguration().getMetrics().size());
        assertTrue(data.getConfiguration().getMetrics().get(0).getReturnData());
    }

    @Test
    void alarmLambdaAction_carriesAlarmState() {
        CloudWatchMetricAlarmEvent.AlarmData data = load(ALARM_LAMBDA_ACTION, CloudWatchMetricAlarmEvent.class).getAlarmData();

        assertEquals("orders-throttling", data.getAlarmName());
        assertEquals("ALARM", data.getState().getValue());
        assertEquals("2026-11-23T03:01:12.345+0000", data.getState().getTimestamp());
        assertEquals("OK", data.getPreviousState().getValue());
        // The library's Metric has no expression: the Metrics Insights query is only in the raw JSON.
        assertEquals("throttled", data.getConfiguration().getMetrics().get(0).getId());
    }

    @Test
    void alarmLambdaActionOk_carriesOkState() {
        CloudWatchMetricAlarmEvent.AlarmData data = load(ALARM_LAMBDA_ACTION_OK, CloudWatchMetricAlarmEvent.class).getAlarmData();

        assertEquals("OK", data.getState().getValue());
        assertEquals("ALARM", data.getPreviousState().getValue());
    }

    @Test
    void alarmLambdaActionMetricStat_carriesGsiDimensions() {
        CloudWatchMetricAlarmEvent.Metric metric = load(ALARM_LAMBDA_ACTION_METRICSTAT, CloudWatchMetricAlarmEvent.class)
                .getAlarmData().getConfiguration().getMetrics().get(0);

        assertEquals("AWS/DynamoDB", metric.getMetricStat().getMetric().getNamespace());
        assertEquals("WriteThrottleEvents", metric.getMetricStat().getMetric().getName());
        assertEquals(Map.of("TableName", "orders", "GlobalSecondaryIndexName", "byCustomer"),
                metric.getMetricStat().getMetric().getDimensions());
        assertEquals(60, metric.getMetricStat().getPeriod());
        assertEquals("Sum", metric.getMetricStat().getStat());
    }

    @ParameterizedTest
    @ValueSource(strings = {EVENTBRIDGE_ALARM_STATE_CHANGE, EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE})
    void eventBridge_loadsAsScheduledEvent(String file) {
        // when
        ScheduledEvent event = load(file, ScheduledEvent.class);

        // then
        assertEquals("aws.cloudwatch", event.getSource());
        assertTrue(event.getDetailType().startsWith("CloudWatch Alarm "));
        assertEquals("0", event.getVersion());
        assertEquals("123456789012", event.getAccount());
        assertEquals("us-east-1", event.getRegion());
        assertNotNull(event.getTime());
        assertEquals(1, event.getResources().size());
        Map<String, Object> detail = event.getDetail();
        assertTrue(event.getResources().get(0).endsWith(":alarm:" + detail.get("alarmName")));
        assertEquals("ALARM", ((Map<?, ?>) detail.get("state")).get("value"));
        assertEquals(1, ((List<?>) ((Map<?, ?>) detail.get("configuration")).get("metrics")).size());
    }

    @Test
    void eventBridgeAlarmStateChange_carriesDetail() {
        ScheduledEvent event = load(EVENTBRIDGE_ALARM_STATE_CHANGE, ScheduledEvent.class);

        assertEquals("CloudWatch Alarm State Change", event.getDetailType());
        assertEquals("2026-11-23T03:01:12.000Z", event.getTime().toDateTime(org.joda.time.DateTimeZone.UTC).toString());
        Map<?, ?> state = (Map<?, ?>) event.getDetail().get("state");
        assertEquals("2026-11-23T03:01:12.345+0000", state.get("timestamp"));
        assertTrue(state.get("reasonData") instanceof String, "reasonData is a JSON string, not an object");
        assertEquals("OK", ((Map<?, ?>) event.getDetail().get("previousState")).get("value"));
    }

    @Test
    void eventBridgeContributorStateChange_carriesContributorAttributes() {
        ScheduledEvent event = load(EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE, ScheduledEvent.class);

        assertEquals("CloudWatch Alarm Contributor State Change", event.getDetailType());
        Map<?, ?> contributor = (Map<?, ?>) event.getDetail().get("alarmContributor");
        assertEquals("6d442278dba546f6", contributor.get("id"));
        assertEquals(Map.of("TableName", "orders"), contributor.get("attributes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {SNS_ALARM_NOTIFICATION, SNS_ALARM_NOTIFICATION_METRICS_INSIGHTS})
    void sns_loadsAsSnsEvent(String file) throws IOException {
        // when
        SNSEvent event = load(file, SNSEvent.class);

        // then
        assertEquals(1, event.getRecords().size());
        SNSEvent.SNSRecord record = event.getRecords().get(0);
        assertEquals("aws:sns", record.getEventSource());
        assertEquals("1.0", record.getEventVersion());
        assertTrue(record.getEventSubscriptionArn().startsWith(record.getSNS().getTopicArn() + ":"));
        SNSEvent.SNS sns = record.getSNS();
        assertEquals("Notification", sns.getType());
        assertNotNull(sns.getMessageId());
        assertNotNull(sns.getTimestamp());
        assertEquals("1", sns.getSignatureVersion());
        assertTrue(sns.getSigningCertUrl().startsWith("https://sns.us-east-1.amazonaws.com/"));
        assertTrue(sns.getUnsubscribeUrl().startsWith("https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe"));
        assertNotNull(sns.getMessageAttributes());
        assertTrue(sns.getSubject().startsWith("ALARM: \""));
        assertFalse(sns.getMessage().isBlank());
        JsonNode message = JSON.readTree(sns.getMessage());
        assertEquals("ALARM", message.path("NewStateValue").asText());
        assertEquals("US East (N. Virginia)", message.path("Region").asText());
        assertTrue(message.path("Trigger").isObject(), "Trigger is an object inside the message string");
    }

    @Test
    void everySampleInEventsFolder_isLoadedByThisTest() throws IOException {
        Set<String> covered = Set.of(ALARM_LAMBDA_ACTION, ALARM_LAMBDA_ACTION_METRICSTAT, ALARM_LAMBDA_ACTION_OK,
                EVENTBRIDGE_ALARM_STATE_CHANGE, EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE,
                SNS_ALARM_NOTIFICATION, SNS_ALARM_NOTIFICATION_METRICS_INSIGHTS);
        try (Stream<Path> files = Files.list(SampleEvents.dir())) {
            Set<String> samples = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(covered), samples);
        }
    }

    @Test
    void samples_useOnlyTheDocumentedExampleAccount() throws IOException {
        Pattern twelveDigits = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");
        try (Stream<Path> files = Files.list(SampleEvents.dir())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Matcher m = twelveDigits.matcher(Files.readString(file));
                while (m.find()) {
                    assertEquals("123456789012", m.group(), file.getFileName() + " has an account ID that is not the example");
                }
            }
        }
    }

    private static <T> T load(String file, Class<T> type) {
        return EventLoader.loadEvent(SampleEvents.path(file).toString(), type);
    }
}
