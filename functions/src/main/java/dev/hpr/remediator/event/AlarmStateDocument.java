package dev.hpr.remediator.event;

import static dev.hpr.remediator.event.EventFields.composite;
import static dev.hpr.remediator.event.EventFields.dimensions;
import static dev.hpr.remediator.event.EventFields.object;
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
 * The alarm document shared by the direct Lambda action ({@code alarmData}) and EventBridge ({@code detail}):
 * {@code alarmName, state{value, reason, reasonData, timestamp}, previousState{…}, configuration{description,
 * metrics[{id, metricStat{metric{namespace, name, dimensions{}}, period, stat} | expression, returnData}]}}, and for
 * a multi-time-series alarm's contributor {@code alarmContributor{id, attributes{}}}.
 */
final class AlarmStateDocument {

    private AlarmStateDocument() {
    }

    static AlarmEvent read(Shape shape, JsonNode doc, Optional<String> arn, Optional<String> region, String path) {
        String alarmName = required(doc, "alarmName", path);
        JsonNode state = object(doc, "state", path);
        JsonNode configuration = doc.path("configuration");
        if (configuration.has("alarmRule")) {
            throw composite(alarmName, configuration.path("alarmRule").asText());
        }
        AlarmedMetrics metrics = new AlarmedMetrics(alarmName);
        for (JsonNode metric : configuration.path("metrics")) {
            if (metric.hasNonNull("expression")) {
                metrics.addExpression(metric.path("expression").asText());
            } else if (metric.has("metricStat")) {
                JsonNode m = metric.path("metricStat").path("metric");
                metrics.addMetricStat(m.path("namespace").asText(), m.path("name").asText(), dimensions(m.path("dimensions")));
            }
        }
        JsonNode contributor = doc.path("alarmContributor");
        WatchedTable table = contributor.isObject()
                ? metrics.resolveContributor(contributor.path("id").asText(), dimensions(contributor.path("attributes")))
                : metrics.resolve();
        return new AlarmEvent(shape, alarmName, arn,
                stateValue(path + ".state.value", required(state, "value", path + ".state")),
                text(doc.path("previousState"), "value"),
                text(state, "reason"),
                timestamp(path + ".state.timestamp", required(state, "timestamp", path + ".state")),
                region.or(() -> regionOfArn(arn)),
                table.tableName(), table.indexName());
    }
}
