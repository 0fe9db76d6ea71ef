package dev.hpr.remediator.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading the fields of an alarm event's JSON tree; each failure is an {@link UnusableEventException} naming the field. */
final class EventFields {

    private static final Set<String> STATES = Set.of("ALARM", "OK", "INSUFFICIENT_DATA");

    private EventFields() {
    }

    static Optional<String> text(JsonNode parent, String field) {
        return present(parent.path(field));
    }

    static Optional<String> text(JsonNode parent, int index) {
        return present(parent.path(index));
    }

    static String required(JsonNode parent, String field, String path) {
        return text(parent, field).orElseThrow(() -> new UnusableEventException(path + "." + field + " is missing"));
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw new UnusableEventException(path + "." + field + " is missing or not an object");
        }
        return node;
    }

    /** Dimensions as a map ({"TableName": "orders"}) or as a list ([{"name": "TableName", "value": "orders"}]). */
    static Map<String, String> dimensions(JsonNode node) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> dimensions.put(e.getKey(), e.getValue().asText()));
        } else {
            for (JsonNode d : node) {
                text(d, "name").or(() -> text(d, "Name")).ifPresent(name ->
                        dimensions.put(name, text(d, "value").or(() -> text(d, "Value")).orElse("")));
            }
        }
        return dimensions;
    }

    /** AWS writes {@code 2026-11-23T03:01:12.345+0000} (offset without colon) and {@code 2026-11-23T03:01:12Z}. */
    static Instant timestamp(String field, String value) {
        String iso = value.trim().replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnusableEventException(oneLine(field + " is not a timestamp: '" + value + "'"), e);
        }
    }

    static String stateValue(String field, String value) {
        if (!STATES.contains(value)) {
            throw new UnusableEventException(oneLine(field + " is '" + value + "', not ALARM, OK or INSUFFICIENT_DATA"));
        }
        return value;
    }

    /** The region in {@code arn:aws:cloudwatch:us-east-1:123456789012:alarm:name}. */
    static Optional<String> regionOfArn(Optional<String> arn) {
        return arn.map(a -> a.split(":", 6)).filter(p -> p.length == 6 && p[0].equals("arn") && !p[3].isBlank())
                .map(p -> p[3]);
    }

    static UnusableEventException composite(String alarmName, String rule) {
        return new UnusableEventException(oneLine("alarm '" + alarmName + "' is a composite alarm (" + rule
                + "): it names no metric; alarm on the DynamoDB table's metric instead"));
    }

    /** Messages are one line: they end up in log lines and finding titles. */
    static String oneLine(String message) {
        String flat = message.replaceAll("\\s+", " ").trim();
        return flat.length() <= 400 ? flat : flat.substring(0, 399) + "…";
    }

    static String abbreviate(String value) {
        String flat = value.replaceAll("\\s+", " ").trim();
        return flat.length() <= 120 ? flat : flat.substring(0, 119) + "…";
    }

    private static Optional<String> present(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank()
                ? Optional.of(node.asText()) : Optional.empty();
    }
}
