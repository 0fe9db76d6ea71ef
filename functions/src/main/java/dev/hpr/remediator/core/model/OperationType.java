package dev.hpr.remediator.core.model;

/** Reads or writes: DynamoDB names its metrics, dimensions and policies after these. */
public enum OperationType {
    READ("Read"),
    WRITE("Write");

    private final String word;

    OperationType(String word) {
        this.word = word;
    }

    /** The word AWS uses in names: {@code Read}ThrottleEvents, dynamodb:table:{@code Read}CapacityUnits. */
    public String word() {
        return word;
    }

    public String lower() {
        return word.toLowerCase(java.util.Locale.ROOT);
    }
}
