package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;

/** Reads the top throttled keys of a DynamoDB Contributor Insights rule with GetInsightRuleReport. */
public final class InsightRuleReports {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:GetInsightRuleReport", IamPermission.Scope.DYNAMODB_INSIGHT_RULES));

    static final int TOP_CONTRIBUTORS = 10;

    private final Supplier<CloudWatchClient> cloudWatch;

    /** @param cloudWatch built when first used */
    public InsightRuleReports(Supplier<CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    public InsightRuleReports(CloudWatchClient cloudWatch) {
        this(() -> cloudWatch);
    }

    /** Primes GetInsightRuleReport (SnapStart). */
    public void prime(Priming priming) {
        priming.request("cloudwatch:GetInsightRuleReport", () -> report(ResourceRef.table(Priming.TABLE),
                "DynamoDBContributorInsights-PKT-" + Priming.TABLE + "-0",
                Window.lastMinutes(java.time.Instant.parse("2026-01-01T00:00:00Z"), 60)),
                GetInsightRuleReportResponse::builder);
    }

    /** For DynamoDB rules only MaxContributorValue and Maximum are meaningful; contributors ordered by Maximum. */
    public RuleReport report(ResourceRef resource, String ruleName, Window window) {
        GetInsightRuleReportResponse r;
        try {
            r = cloudWatch.get().getInsightRuleReport(b -> b.ruleName(ruleName)
                    .startTime(window.start())
                    .endTime(window.end())
                    .period(window.periodSeconds())
                    .maxContributorCount(TOP_CONTRIBUTORS)
                    .metrics("MaxContributorValue", "Maximum")
                    .orderBy("Maximum"));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("cloudwatch:GetInsightRuleReport", e);
        }
        var contributors = r.contributors().stream()
                .map(c -> new RuleReport.Contributor(c.keys(),
                        c.approximateAggregateValue() == null ? 0 : c.approximateAggregateValue()))
                .toList();
        return new RuleReport(resource, ruleName, contributors);
    }
}
