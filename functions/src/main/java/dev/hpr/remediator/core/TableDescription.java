package dev.hpr.remediator.core;

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
        Map<String, String> tags) {

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

    /** The value of the {@value #MODE_TAG} tag, lower-cased, if set. */
    public Optional<String> modeTag() {
        return Optional.ofNullable(tags.get(MODE_TAG)).map(v -> v.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
