package dev.hpr.remediator.core.model;

import java.util.Objects;
import java.util.Optional;

/** A table, or one of its global secondary indexes: the unit DynamoDB throttles and auto scaling scales. */
public record ResourceRef(String tableName, Optional<String> indexName) {

    public ResourceRef {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(indexName, "indexName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("table name is blank");
        }
    }

    public static ResourceRef table(String tableName) {
        return new ResourceRef(tableName, Optional.empty());
    }

    public static ResourceRef index(String tableName, String indexName) {
        return new ResourceRef(tableName, Optional.of(indexName));
    }

    // equals and hashCode written out for a faster cold start: see MetricKey.
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceRef ref && tableName.equals(ref.tableName) && indexName.equals(ref.indexName);
    }

    @Override
    public int hashCode() {
        return tableName.hashCode() * 31 + indexName.hashCode();
    }

    public boolean isIndex() {
        return indexName.isPresent();
    }

    /** Application Auto Scaling's ResourceId: {@code table/T} or {@code table/T/index/I}. */
    public String scalingResourceId() {
        return indexName.map(i -> "table/" + tableName + "/index/" + i).orElse("table/" + tableName);
    }

    /** Application Auto Scaling's ScalableDimension for this resource and operation. */
    public String scalableDimension(OperationType operation) {
        return "dynamodb:" + (isIndex() ? "index" : "table") + ":" + operation.word() + "CapacityUnits";
    }

    /** How a person reads it: {@code table orders} or {@code GSI byCustomer of orders}. */
    public String label() {
        return indexName.map(i -> "GSI " + i + " of " + tableName).orElse("table " + tableName);
    }

    /** A short form for subjects: {@code orders} or {@code orders/byCustomer}. */
    public String shortName() {
        return indexName.map(i -> tableName + "/" + i).orElse(tableName);
    }
}
