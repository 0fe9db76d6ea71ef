package dev.hpr.remediator.aws;

import java.util.List;

/** Describes and enables DynamoDB Contributor Insights on a table or GSI. */
public final class ContributorInsights {

    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:DescribeContributorInsights"),
            IamPermission.onProtectedTables("dynamodb:UpdateContributorInsights"),
            new IamPermission("iam:CreateServiceLinkedRole", IamPermission.Scope.CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE));
}
