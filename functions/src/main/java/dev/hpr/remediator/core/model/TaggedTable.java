package dev.hpr.remediator.core.model;

import java.util.Map;
import java.util.Objects;

/** A DynamoDB table the Resource Groups Tagging API returned, with all its tags. */
public record TaggedTable(String name, String arn, Map<String, String> tags) {

    public TaggedTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        tags = Map.copyOf(tags);
    }

    /** {@code arn:aws:dynamodb:us-east-1:123456789012:table/orders} → {@code orders}. */
    public static TaggedTable of(String arn, Map<String, String> tags) {
        int slash = arn.indexOf(":table/");
        if (slash < 0) {
            throw new IllegalArgumentException("not a DynamoDB table ARN: " + arn);
        }
        return new TaggedTable(arn.substring(slash + ":table/".length()), arn, tags);
    }
}
