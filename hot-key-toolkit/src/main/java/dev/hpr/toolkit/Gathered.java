package dev.hpr.toolkit;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a scatter-gather read returned.
 *
 * @param partitions how many partitions it queried
 * @param pages      how many Query requests it made (at least one per partition; more where a partition paged)
 */
public record Gathered(List<Map<String, AttributeValue>> items, int partitions, int pages) {
    public Gathered {
        items = List.copyOf(items);
    }
}
