package dev.hpr.toolkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's primary key attributes: the partition key and, when the table has one, the sort key.
 *
 * @param sortKey null when the table has no sort key
 */
public record TableKey(String partitionKey, String sortKey) {

    public TableKey {
        Objects.requireNonNull(partitionKey, "partitionKey");
    }

    public static TableKey partitionKey(String name) {
        return new TableKey(name, null);
    }

    public static TableKey of(String partitionKey, String sortKey) {
        return new TableKey(partitionKey, Objects.requireNonNull(sortKey, "sortKey"));
    }

    /** The key attributes of an item (or of a key map), and nothing else. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(partitionKey, require(item, partitionKey));
        if (sortKey != null) {
            key.put(sortKey, require(item, sortKey));
        }
        return Map.copyOf(key);
    }

    ItemKey itemKey(Map<String, AttributeValue> item) {
        return new ItemKey(Scalar.tagged(require(item, partitionKey), partitionKey),
                sortKey == null ? "" : Scalar.tagged(require(item, sortKey), sortKey));
    }

    private static AttributeValue require(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        if (value == null) {
            throw new IllegalArgumentException("item has no key attribute '" + attribute + "': " + item.keySet());
        }
        Scalar.text(value, attribute); // S, N or B only
        return value;
    }
}
