package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;

/**
 * Why DynamoDB throttled, as its per-cause metrics ("enhanced throttling observability") name it.
 * Each cause has one metric per operation: {@code Read} or {@code Write} followed by {@link #metricSuffix()}.
 */
public enum Cause {
    /** A partition's own limit (3,000 RCU / 1,000 WCU): a hot key or key range. */
    HOT_PARTITION("KeyRangeThroughputThrottleEvents", "hot partition"),
    /** The table's or GSI's provisioned capacity. */
    UNDER_PROVISIONED("ProvisionedThroughputThrottleEvents", "under-provisioned"),
    /** The configured on-demand maximum ({@code OnDemandThroughput}). */
    ON_DEMAND_MAXIMUM("MaxOnDemandThroughputThrottleEvents", "on-demand maximum reached"),
    /** The account's per-table or per-account throughput quota. */
    ACCOUNT_LIMIT("AccountLimitThrottleEvents", "account limit reached");

    private final String metricSuffix;
    private final String description;

    Cause(String metricSuffix, String description) {
        this.metricSuffix = metricSuffix;
        this.description = description;
    }

    public String metricSuffix() {
        return metricSuffix;
    }

    public String metricName(OperationType operation) {
        return operation.word() + metricSuffix;
    }

    public String description() {
        return description;
    }
}
