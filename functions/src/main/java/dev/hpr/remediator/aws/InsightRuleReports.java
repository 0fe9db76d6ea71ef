package dev.hpr.remediator.aws;

import java.util.List;

/** Reads the top throttled keys from DynamoDB's Contributor Insights rules. */
public final class InsightRuleReports {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:GetInsightRuleReport", IamPermission.Scope.DYNAMODB_INSIGHT_RULES));
}
