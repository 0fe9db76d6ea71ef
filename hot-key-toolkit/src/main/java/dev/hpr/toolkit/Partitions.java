package dev.hpr.toolkit;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The partitions one logical read visits: partition key values of a table or GSI, in the order they are listed.
 *
 * @param indexName        null for the table
 * @param sortKeyAttribute the sort key of that table or index, for {@link MergeOrder#SORT_KEY}; null when it has none
 */
public record Partitions(String indexName, String partitionKeyAttribute, List<AttributeValue> values,
                         String sortKeyAttribute) {

    public Partitions {
        Objects.requireNonNull(partitionKeyAttribute, "partitionKeyAttribute");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no partitions to read");
        }
        Limits.requireQueries(values.size(), "a read of " + values.size() + " partitions");
    }

    /** String partition key values. */
    public static Partitions of(String indexName, String partitionKeyAttribute, List<String> values,
                                String sortKeyAttribute) {
        return new Partitions(indexName, partitionKeyAttribute, values.stream().map(AttributeValue::fromS).toList(),
                sortKeyAttribute);
    }
}
