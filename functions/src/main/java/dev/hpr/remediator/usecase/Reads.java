package dev.hpr.remediator.usecase;

import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.ScalingPolicies;
import java.util.function.Supplier;

/**
 * The adapters the use cases read AWS through: tables, metrics, Contributor Insights and its rule reports, and
 * Application Auto Scaling (a new {@link ScalingPolicies} per invocation: it keeps the policies it read, which its
 * writes send back).
 */
public record Reads(DynamoDbTables tables, CloudWatchMetrics metrics, ContributorInsights insights,
                    InsightRuleReports reports, Supplier<ScalingPolicies> scalingPolicies) {

    /** What a table's settings hold now, as far as some actions need it. */
    public CurrentReader current() {
        return new CurrentReader(insights, tables);
    }
}
