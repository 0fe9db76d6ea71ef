package dev.hpr.remediator.event;

import static dev.hpr.remediator.event.EventFields.abbreviate;
import static dev.hpr.remediator.event.EventFields.object;
import static dev.hpr.remediator.event.EventFields.oneLine;
import static dev.hpr.remediator.event.EventFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.event.AlarmEvent.Shape;
import dev.hpr.remediator.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a CloudWatch alarm state change for a DynamoDB table from any of the shapes AWS delivers it in: the alarm's
 * direct Lambda action ({@code alarmData}), EventBridge ({@code detail-type} "CloudWatch Alarm State Change" or
 * "CloudWatch Alarm Contributor State Change") and SNS ({@code Records[0].Sns.Message}, a JSON string).
 * It reads the raw JSON tree: aws-lambda-java-events' alarm types have no {@code expression}, where a Metrics
 * Insights alarm names its table.
 */
public final class AlarmEventParser {

    /** The EventBridge event reference lists "aws.monitoring" next to "aws.cloudwatch"; both are accepted. */
    private static final Set<String> EVENTBRIDGE_SOURCES = Set.of("aws.cloudwatch", "aws.monitoring");
    private static final Set<String> DETAIL_TYPES =
            Set.of("CloudWatch Alarm State Change", "CloudWatch Alarm Contributor State Change");

    private AlarmEventParser() {
    }

    /**
     * @throws UnusableEventException when the event is empty, not a JSON object, not a CloudWatch alarm state change,
     *                                or its alarm does not watch exactly one DynamoDB table
     */
    public static AlarmEvent parse(String json) {
        if (json == null || json.isBlank()) {
            throw new UnusableEventException("empty event: expected a CloudWatch alarm event as a JSON object");
        }
        JsonNode root = readTree(json, "event");
        if (!root.isObject()) {
            throw new UnusableEventException(oneLine("event is a JSON "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object: " + abbreviate(JsonTree.write(root))));
        }
        if (root.has("Records")) {
            return sns(root);
        }
        if (root.has("detail-type")) {
            return eventBridge(root);
        }
        if (root.has("alarmData")) {
            return alarmAction(root);
        }
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        throw new UnusableEventException(oneLine("not a CloudWatch alarm event: expected alarmData (alarm Lambda action),"
                + " detail-type (EventBridge) or Records (SNS); got fields " + fields));
    }

    /** Reads the whole stream as UTF-8, as a {@code RequestStreamHandler} receives the event. */
    public static AlarmEvent parse(InputStream json) {
        try {
            return parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event", e);
        }
    }

    private static AlarmEvent alarmAction(JsonNode root) {
        Optional<String> source = text(root, "source");
        if (source.isPresent() && !source.get().equals("aws.cloudwatch")) {
            throw new UnusableEventException(oneLine("alarmData event from source '" + source.get()
                    + "', not aws.cloudwatch"));
        }
        return AlarmStateDocument.read(Shape.ALARM_LAMBDA_ACTION, object(root, "alarmData", "event"),
                text(root, "alarmArn"), text(root, "region"), "alarmData");
    }

    private static AlarmEvent eventBridge(JsonNode root) {
        String source = text(root, "source").orElse("");
        String detailType = text(root, "detail-type").orElse("");
        if (!EVENTBRIDGE_SOURCES.contains(source) || !DETAIL_TYPES.contains(detailType)) {
            throw new UnusableEventException(oneLine("EventBridge event '" + detailType + "' from '" + source
                    + "' is not a CloudWatch alarm state change"));
        }
        return AlarmStateDocument.read(Shape.EVENTBRIDGE, object(root, "detail", "event"),
                text(root.path("resources"), 0), text(root, "region"), "detail");
    }

    /** Only the first record: CloudWatch publishes one notification per state change. */
    private static AlarmEvent sns(JsonNode root) {
        JsonNode record = root.path("Records").path(0);
        if (!record.isObject()) {
            throw new UnusableEventException("Records holds no record: nothing to read");
        }
        String source = text(record, "EventSource").or(() -> text(record, "eventSource")).orElse("(none)");
        if (!source.equals("aws:sns")) {
            throw new UnusableEventException(oneLine("Records[0] comes from '" + source + "', not aws:sns:"
                    + " not a CloudWatch alarm notification"));
        }
        String body = text(record.path("Sns"), "Message")
                .orElseThrow(() -> new UnusableEventException("Records[0].Sns.Message is missing"));
        JsonNode message = readTree(body, "SNS message");
        if (!message.isObject() || !message.has("AlarmName") || !message.has("NewStateValue")) {
            throw new UnusableEventException(oneLine("SNS message is not a CloudWatch alarm notification"
                    + " (no AlarmName/NewStateValue): " + abbreviate(body)));
        }
        return SnsAlarmNotification.read(message);
    }

    private static JsonNode readTree(String json, String what) {
        try {
            return JsonTree.read(json);
        } catch (JsonProcessingException e) {
            throw new UnusableEventException(oneLine(what + " is not JSON, so not a CloudWatch alarm event ("
                    + e.getOriginalMessage() + "): " + abbreviate(json)), e);
        }
    }
}
