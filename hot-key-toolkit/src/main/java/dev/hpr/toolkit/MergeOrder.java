package dev.hpr.toolkit;

/** How a scatter-gather merges the partitions' items. */
public enum MergeOrder {
    /** Each partition's items in DynamoDB's order, partitions one after another in the order listed. */
    PARTITION,
    /**
     * All items by the sort key (DynamoDB's order: numbers by value, strings and binaries by their bytes), ascending
     * unless the query template sets {@code scanIndexForward(false)}; ties keep partition order.
     */
    SORT_KEY
}
