package dev.hpr.remediator.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DescribeTable and ListTagsOfResource say of a table, in the terms the diagnosis uses.
 *
 * @param provisioned        the table's provisioned capacity (provisioned mode only)
 * @param onDemandMaximum    {@code OnDemandThroughput} (on-demand mode, when set)
 * @param decreasesToday     {@code ProvisionedThroughput.NumberOfDecreasesToday}: reported, never spent
 */
public record TableDescription(
        String name,
        String arn,
        String status,
        BillingMode billingMode,
        Optional<Capacity> provisioned,
        Optional<Capacity> onDemandMaximum,
        long decreasesToday,
        boolean hasSortKey,
        List<Index> globalSecondaryIndexes,
        Map<String, String> tags,
        List<String> replicaRegions) {

    /** The tag that turns remediation off or to dry-run for one table. */
    public static final String MODE_TAG = "hot-partition-remediator";

    /** A global secondary index. */
    public record Index(String name, Optional<Capacity> provisioned, Optional<Capacity> onDemandMaximum, boolean hasSortKey) {
        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provisioned, "provisioned");
            Objects.requireNonNull(onDemandMaximum, "onDemandMaximum");
        }
    }

    public TableDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(billingMode, "billingMode");
        Objects.requireNonNull(provisioned, "provisioned");
        Objects.requireNonNull(onDemandMaximum, "onDemandMaximum");
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        tags = Map.copyOf(tags);
        replicaRegions = List.copyOf(replicaRegions);
    }

    /** A table that is not a global table. */
    public TableDescription(String name, String arn, String status, BillingMode billingMode,
                            Optional<Capacity> provisioned, Optional<Capacity> onDemandMaximum, long decreasesToday,
                            boolean hasSortKey, List<Index> globalSecondaryIndexes, Map<String, String> tags) {
        this(name, arn, status, billingMode, provisioned, onDemandMaximum, decreasesToday, hasSortKey,
                globalSecondaryIndexes, tags, List.of());
    }

    /**
     * A global table: DescribeTable names its replicas ({@code Replicas}, version 2019.11.21). Their write capacity
     * settings are shared: "If provisioned with auto scaling, the write settings (minimum, maximum, and target
     * utilization) are replicated across Regions" (DynamoDB Developer Guide, "Throughput capacity planning for
     * DynamoDB global tables"); so a change here is a change there.
     */
    public boolean isGlobal() {
        return !replicaRegions.isEmpty();
    }

    /** The table, then each GSI. */
    public List<ResourceRef> resources() {
        var resources = new ArrayList<ResourceRef>();
        resources.add(ResourceRef.table(name));
        for (Index index : globalSecondaryIndexes) {
            resources.add(ResourceRef.index(name, index.name()));
        }
        return resources;
    }

    public boolean isOnDemand() {
        return billingMode == BillingMode.PAY_PER_REQUEST;
    }

    /** A CloudFormation stack (so a CDK app) manages this table: its policy changes drift from the template. */
    public boolean isManagedByCloudFormation() {
        return tags.containsKey("aws:cloudformation:stack-name");
    }

    public Optional<Capacity> provisionedFor(ResourceRef resource) {
        return resource.indexName().map(i -> index(i).flatMap(Index::provisioned)).orElse(provisioned);
    }

    public Optional<Capacity> onDemandMaximumFor(ResourceRef resource) {
        return resource.indexName().map(i -> index(i).flatMap(Index::onDemandMaximum)).orElse(onDemandMaximum);
    }

    public boolean hasSortKey(ResourceRef resource) {
        return resource.indexName().map(i -> index(i).map(Index::hasSortKey).orElse(false)).orElse(hasSortKey);
    }

    public Optional<Index> index(String indexName) {
        return globalSecondaryIndexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    /** The same table with one on-demand maximum changed (what a change projects). */
    public TableDescription withOnDemandMaximum(ResourceRef resource, OperationType operation, long maximum) {
        if (resource.isIndex()) {
            var indexes = globalSecondaryIndexes.stream().map(i -> i.name().equals(resource.indexName().get())
                    ? new Index(i.name(), i.provisioned(), Optional.of(with(i.onDemandMaximum(), operation, maximum)),
                            i.hasSortKey())
                    : i).toList();
            return new TableDescription(name, arn, status, billingMode, provisioned, onDemandMaximum, decreasesToday,
                    hasSortKey, indexes, tags, replicaRegions);
        }
        return new TableDescription(name, arn, status, billingMode, provisioned,
                Optional.of(with(onDemandMaximum, operation, maximum)), decreasesToday, hasSortKey,
                globalSecondaryIndexes, tags, replicaRegions);
    }

    private static Capacity with(Optional<Capacity> maxima, OperationType operation, long maximum) {
        Capacity current = maxima.orElse(new Capacity(-1, -1));
        return operation == OperationType.READ ? new Capacity(maximum, current.writeUnits())
                : new Capacity(current.readUnits(), maximum);
    }

    /** The value of the {@value #MODE_TAG} tag, lower-cased, if set. */
    public Optional<String> modeTag() {
        return Optional.ofNullable(tags.get(MODE_TAG)).map(v -> v.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
