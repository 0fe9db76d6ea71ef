package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.Deliveries;
import static dev.hpr.remediator.aws.StateTable.av;
import static dev.hpr.remediator.aws.StateTable.n;
import static dev.hpr.remediator.aws.StateTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code EVENT#<delivery key>} / {@code EVENT}: a handled alarm delivery (status PENDING or PUBLISHED, the finding's
 * subject and message while pending); expires after 14 days.
 */
final class DynamoDbDeliveries implements Deliveries {

    private static final Duration RETENTION = Duration.ofDays(14);

    private final StateTable table;

    DynamoDbDeliveries(StateTable table) {
        this.table = table;
    }

    @Override
    public Optional<Delivery> delivery(String key) {
        Map<String, AttributeValue> item = table.get("EVENT#" + key, "EVENT");
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(key, "PUBLISHED".equals(s(item, "status")), s(item, "subject"),
                s(item, "message"), s(item, "findingId")));
    }

    @Override
    public void deliveryPending(String key, String subject, String message, String findingId, Instant now) {
        table.put(Map.of("pk", av("EVENT#" + key), "sk", av("EVENT"), "status", av("PENDING"), "subject", av(subject),
                "message", av(message), "findingId", av(findingId), "at", av(now.toString()),
                "expiresAt", n(now.plus(RETENTION).getEpochSecond())));
    }

    @Override
    public void deliveryPublished(String key, Instant now) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Map.of("pk", av("EVENT#" + key), "sk", av("EVENT")))
                    .updateExpression("SET #s = :published, publishedAt = :at REMOVE message")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":published", av("PUBLISHED"), ":at", av(now.toString()))));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateItem", e);
        }
    }
}
