package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.InsightsStatus;
import dev.hpr.remediator.core.ResourceRef;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;

/** Describes and enables DynamoDB Contributor Insights on a table or GSI. */
public final class ContributorInsights {

    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:DescribeContributorInsights"),
            IamPermission.onProtectedTables("dynamodb:UpdateContributorInsights"),
            // The first ENABLE in an account creates AWSServiceRoleForDynamoDBCloudWatchContributorInsights.
            new IamPermission("iam:CreateServiceLinkedRole", IamPermission.Scope.CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE));

    private final DynamoDbClient dynamoDb;

    public ContributorInsights(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public InsightsStatus describe(ResourceRef resource) {
        DescribeContributorInsightsResponse r;
        try {
            r = dynamoDb.describeContributorInsights(b -> b.tableName(resource.tableName())
                    .indexName(resource.indexName().orElse(null)));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DescribeContributorInsights", e);
        }
        return new InsightsStatus(resource, r.contributorInsightsStatusAsString(),
                Optional.ofNullable(r.contributorInsightsModeAsString()), r.contributorInsightsRuleList(),
                Optional.ofNullable(r.failureException())
                        .map(f -> f.exceptionName() + ": " + f.exceptionDescription()));
    }

    /**
     * Enables Contributor Insights in the given mode (always passed: ENABLE without a mode would mean
     * ACCESSED_AND_THROTTLED_KEYS) and returns the status AWS reports. A FAILED status is returned, not thrown.
     */
    public String enable(ResourceRef resource, String mode) {
        UpdateContributorInsightsResponse r;
        try {
            r = dynamoDb.updateContributorInsights(b -> b.tableName(resource.tableName())
                    .indexName(resource.indexName().orElse(null))
                    .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                    .contributorInsightsMode(mode));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateContributorInsights", e);
        }
        return r.contributorInsightsStatusAsString();
    }

    /** Disables Contributor Insights (a revert of an enable this remediator made). */
    public String disable(ResourceRef resource) {
        UpdateContributorInsightsResponse r;
        try {
            r = dynamoDb.updateContributorInsights(b -> b.tableName(resource.tableName())
                    .indexName(resource.indexName().orElse(null))
                    .contributorInsightsAction(ContributorInsightsAction.DISABLE));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateContributorInsights", e);
        }
        return r.contributorInsightsStatusAsString();
    }
}
