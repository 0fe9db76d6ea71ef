package dev.hpr.remediator.event;

import static dev.hpr.remediator.event.EventFields.composite;
import static dev.hpr.remediator.event.EventFields.dimensions;
import static dev.hpr.remediator.event.EventFields.regionOfArn;
import static dev.hpr.remediator.event.EventFields.required;
import static dev.hpr.remediator.event.EventFields.stateValue;
import static dev.hpr.remediator.event.EventFields.text;
import static dev.hpr.remediator.event.EventFields.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.event.AlarmEvent.Shape;
import dev.hpr.remediator.event.AlarmedMetrics.WatchedTable;
import java.util.Optional;

/**
 * The alarm notification CloudWatch publishes to SNS, found as a JSON string in {@code Records[0].Sns.Message}:
 * {@code AlarmName, AlarmArn, NewStateValue, OldStateValue, NewStateReason, StateChangeTime, Region (a display name),
 * Trigger{MetricName, Namespace, Dimensions[{name, value}], …}}, or for metric math and Metrics Insights alarms
 * {@code Trigger{…, Metrics[{Id, Expression | MetricStat{Metric{Namespace, MetricName, Dimensions[…]}}, …}]}}.
 */
final class SnsAlarmNotification {

    private static final String PATH = "Sns.Message";

    private SnsAlarmNotification() {
    }

    static AlarmEvent read(JsonNode message) {
        String alarmName = required(message, "AlarmName", PATH);
        if (message.has("AlarmRule")) {
            throw composite(alarmName, message.path("AlarmRule").asText());
        }
        AlarmedMetrics metrics = new AlarmedMetrics(alarmName);
        JsonNode trigger = message.path("Trigger");
        if (trigger.has("Metrics")) {
            for (JsonNode metric : trigger.path("Metrics")) {
                if (metric.hasNonNull("Expression")) {
                    metrics.addExpression(metric.path("Expression").asText());
                } else if (metric.has("MetricStat")) {
                    JsonNode m = metric.path("MetricStat").path("Metric");
                    metrics.addMetricStat(m.path("Namespace").asText(), m.path("MetricName").asText(),
                            dimensions(m.path("Dimensions")));
                }
            }
        } else if (trigger.has("Namespace")) {
            metrics.addMetricStat(trigger.path("Namespace").asText(), trigger.path("MetricName").asText(),
                    dimensions(trigger.path("Dimensions")));
        }
        WatchedTable table = metrics.resolve();
        Optional<String> arn = text(message, "AlarmArn");
        return new AlarmEvent(Shape.SNS, alarmName, arn,
                stateValue(PATH + ".NewStateValue", required(message, "NewStateValue", PATH)),
                text(message, "OldStateValue"),
                text(message, "NewStateReason"),
                timestamp(PATH + ".StateChangeTime", required(message, "StateChangeTime", PATH)),
                text(message, "Region").flatMap(RegionNames::codeFor).or(() -> regionOfArn(arn)),
                table.tableName(), table.indexName());
    }
}
