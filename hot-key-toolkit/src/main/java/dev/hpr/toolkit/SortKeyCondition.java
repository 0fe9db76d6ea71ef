package dev.hpr.toolkit;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sort-key part of a key condition, applied within each partition a scatter-gather visits (the partition key
 * part is always an equality, one per partition).
 *
 * @param attribute null only for {@link #none()}
 */
public record SortKeyCondition(String attribute, Operator operator, List<AttributeValue> values) {

    /** DynamoDB's sort key comparisons in a key condition. */
    public enum Operator { NONE, EQUAL, LESS_THAN, AT_MOST, GREATER_THAN, AT_LEAST, BETWEEN, BEGINS_WITH }

    public SortKeyCondition {
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        int expected = switch (operator) {
            case NONE -> 0;
            case BETWEEN -> 2;
            case EQUAL, LESS_THAN, AT_MOST, GREATER_THAN, AT_LEAST, BEGINS_WITH -> 1;
        };
        if (values.size() != expected) {
            throw new IllegalArgumentException(operator + " takes " + expected + " values, got " + values.size());
        }
        if (operator != Operator.NONE) {
            Objects.requireNonNull(attribute, "attribute");
        }
    }

    /** Every item of each partition. */
    public static SortKeyCondition none() {
        return new SortKeyCondition(null, Operator.NONE, List.of());
    }

    public static SortKeyCondition equalTo(String attribute, AttributeValue value) {
        return new SortKeyCondition(attribute, Operator.EQUAL, List.of(value));
    }

    public static SortKeyCondition lessThan(String attribute, AttributeValue value) {
        return new SortKeyCondition(attribute, Operator.LESS_THAN, List.of(value));
    }

    public static SortKeyCondition atMost(String attribute, AttributeValue value) {
        return new SortKeyCondition(attribute, Operator.AT_MOST, List.of(value));
    }

    public static SortKeyCondition greaterThan(String attribute, AttributeValue value) {
        return new SortKeyCondition(attribute, Operator.GREATER_THAN, List.of(value));
    }

    public static SortKeyCondition atLeast(String attribute, AttributeValue value) {
        return new SortKeyCondition(attribute, Operator.AT_LEAST, List.of(value));
    }

    /** Inclusive at both ends, as DynamoDB's BETWEEN. */
    public static SortKeyCondition between(String attribute, AttributeValue low, AttributeValue high) {
        return new SortKeyCondition(attribute, Operator.BETWEEN, List.of(low, high));
    }

    public static SortKeyCondition beginsWith(String attribute, String prefix) {
        return new SortKeyCondition(attribute, Operator.BEGINS_WITH, List.of(AttributeValue.fromS(prefix)));
    }

    /** The expression for the attribute placeholder {@code name} and value placeholders {@code value0}, {@code value1}. */
    String expression(String name, String value0, String value1) {
        return switch (operator) {
            case NONE -> "";
            case EQUAL -> name + " = " + value0;
            case LESS_THAN -> name + " < " + value0;
            case AT_MOST -> name + " <= " + value0;
            case GREATER_THAN -> name + " > " + value0;
            case AT_LEAST -> name + " >= " + value0;
            case BETWEEN -> name + " BETWEEN " + value0 + " AND " + value1;
            case BEGINS_WITH -> "begins_with(" + name + ", " + value0 + ")";
        };
    }
}
