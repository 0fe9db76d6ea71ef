package dev.hpr.remediator.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Consumer;

/** Variants of the samples in events/: the same AWS shape with one part replaced. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** A Metrics Insights (or metric math) entry of {@code configuration.metrics}. */
    static String expression(String expression) {
        ObjectNode metric = JSON.createObjectNode().put("id", "e1").put("expression", expression).put("period", 60);
        return metric.put("returnData", true).toString();
    }

    static String metricStat(String id, String namespace, String name, String dimensionsJson) {
        return "{\"id\":\"" + id + "\",\"metricStat\":{\"metric\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + name
                + "\",\"dimensions\":" + dimensionsJson + "},\"period\":60,\"stat\":\"Sum\"},\"returnData\":false}";
    }

    /** The direct Lambda action sample with one metric replaced. */
    static String directActionWithMetrics(String metricJson) {
        return directActionWithMetricsArray("[" + metricJson + "]");
    }

    static String directActionWithMetricsArray(String metricsJson) {
        ObjectNode event = sample(SampleEvents.ALARM_LAMBDA_ACTION);
        ((ObjectNode) event.path("alarmData").path("configuration")).set("metrics", tree(metricsJson));
        return event.toString();
    }

    /** The SNS sample with the alarm notification's Trigger replaced. */
    static String snsWithTrigger(String triggerJson, String region) {
        return withMessage(message -> {
            message.set("Trigger", tree(triggerJson));
            message.put("Region", region);
        });
    }

    /** The SNS sample with another Region display name, and another AlarmArn or none. */
    static String snsWithRegion(String region, Optional<String> alarmArn) {
        return withMessage(message -> {
            message.put("Region", region);
            alarmArn.ifPresentOrElse(arn -> message.put("AlarmArn", arn), () -> message.remove("AlarmArn"));
        });
    }

    /** The SNS sample with Sns.Message replaced by any text. */
    static String snsWithRawMessage(String message) {
        ObjectNode event = sample(SampleEvents.SNS_ALARM_NOTIFICATION);
        ((ObjectNode) event.path("Records").path(0).path("Sns")).put("Message", message);
        return event.toString();
    }

    /** The SNS sample with its alarm notification changed. */
    static String withMessage(Consumer<ObjectNode> change) {
        ObjectNode event = sample(SampleEvents.SNS_ALARM_NOTIFICATION);
        ObjectNode sns = (ObjectNode) event.path("Records").path(0).path("Sns");
        ObjectNode message = (ObjectNode) tree(sns.path("Message").asText());
        change.accept(message);
        sns.put("Message", message.toString());
        return event.toString();
    }

    static ObjectNode sample(String name) {
        return (ObjectNode) tree(SampleEvents.read(name));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
