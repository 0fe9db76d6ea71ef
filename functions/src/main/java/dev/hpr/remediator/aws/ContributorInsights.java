package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.core.action.ActionPorts;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;

/**
 * DynamoDB Contributor Insights of a table or GSI: describes it, and enables or disables it for
 * {@code ContributorInsightsChange} (whose {@code PERMISSIONS} declare UpdateContributorInsights).
 */
public final class ContributorInsights implements ActionPorts.ContributorInsights {

    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTablesAndIndexes("dynamodb:DescribeContributorInsights"));

    private final Supplier<DynamoDbClient> dynamoDb;

    /** @param dynamoDb built when first used */
    public ContributorInsights(Supplier<DynamoDbClient> dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public ContributorInsights(DynamoDbClient dynamoDb) {
        this(() -> dynamoDb);
    }

    /** Primes DescribeContributorInsights (of a GSI) and UpdateContributorInsights (SnapStart). */
    public void prime(Priming priming) {
        priming.request("dynamodb:DescribeContributorInsights",
                () -> describe(ResourceRef.index(Priming.TABLE, "byCustomer")),
                DescribeContributorInsightsResponse::builder);
        priming.request("dynamodb:UpdateContributorInsights",
                () -> enable(ResourceRef.table(Priming.TABLE), "THROTTLED_KEYS"),
                UpdateContributorInsightsResponse::builder);
    }

    public InsightsStatus describe(ResourceRef resource) {
        DescribeContributorInsightsResponse r;
        try {
            r = dynamoDb.get().describeContributorInsights(b -> b.tableName(resource.tableName())
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
    @Override
    public String enable(ResourceRef resource, String mode) {
        UpdateContributorInsightsResponse r;
        try {
            r = dynamoDb.get().updateContributorInsights(b -> b.tableName(resource.tableName())
                    .indexName(resource.indexName().orElse(null))
                    .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                    .contributorInsightsMode(mode));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateContributorInsights", e);
        }
        return r.contributorInsightsStatusAsString();
    }

    /** Disables Contributor Insights (a revert of an enable this remediator made). */
    @Override
    public String disable(ResourceRef resource) {
        UpdateContributorInsightsResponse r;
        try {
            r = dynamoDb.get().updateContributorInsights(b -> b.tableName(resource.tableName())
                    .indexName(resource.indexName().orElse(null))
                    .contributorInsightsAction(ContributorInsightsAction.DISABLE));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateContributorInsights", e);
        }
        return r.contributorInsightsStatusAsString();
    }
}
