package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;

/** The CloudWatch metrics the diagnosis reads for each resource and operation, with the statistic it reads. */
public enum MetricKind {
    KEY_RANGE_THROTTLES("Sum"),
    PROVISIONED_THROTTLES("Sum"),
    MAX_ON_DEMAND_THROTTLES("Sum"),
    ACCOUNT_LIMIT_THROTTLES("Sum"),
    /** {@code ReadThrottleEvents} / {@code WriteThrottleEvents}: all throttled events whatever the cause. */
    THROTTLE_EVENTS("Sum"),
    /** Sum per period; divided by the period it is units per second. */
    CONSUMED_CAPACITY("Sum"),
    /** Units per second, provisioned tables only. */
    PROVISIONED_CAPACITY("Average");

    private final String statistic;

    MetricKind(String statistic) {
        this.statistic = statistic;
    }

    public String statistic() {
        return statistic;
    }

    /** The AWS/DynamoDB metric name, e.g. {@code WriteKeyRangeThroughputThrottleEvents}. */
    public String metricName(OperationType operation) {
        return switch (this) {
            case KEY_RANGE_THROTTLES -> Cause.HOT_PARTITION.metricName(operation);
            case PROVISIONED_THROTTLES -> Cause.UNDER_PROVISIONED.metricName(operation);
            case MAX_ON_DEMAND_THROTTLES -> Cause.ON_DEMAND_MAXIMUM.metricName(operation);
            case ACCOUNT_LIMIT_THROTTLES -> Cause.ACCOUNT_LIMIT.metricName(operation);
            case THROTTLE_EVENTS -> operation.word() + "ThrottleEvents";
            case CONSUMED_CAPACITY -> "Consumed" + operation.word() + "CapacityUnits";
            case PROVISIONED_CAPACITY -> "Provisioned" + operation.word() + "CapacityUnits";
        };
    }

    public static MetricKind forCause(Cause cause) {
        return switch (cause) {
            case HOT_PARTITION -> KEY_RANGE_THROTTLES;
            case UNDER_PROVISIONED -> PROVISIONED_THROTTLES;
            case ON_DEMAND_MAXIMUM -> MAX_ON_DEMAND_THROTTLES;
            case ACCOUNT_LIMIT -> ACCOUNT_LIMIT_THROTTLES;
        };
    }
}
