package dev.hpr.remediator.aws;

import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeInsightRulesResponse;

/**
 * How many Contributor Insights rules the region has: CloudWatch DescribeInsightRules, 500 a page (the API's most and
 * default). The API reference says it returns "all the Contributor Insights rules in your account"; that DynamoDB's
 * own rules are among them is not stated by AWS (unconfirmed), so DynamoDB's FAILED/LimitExceededException stays
 * the backstop ({@code ContributorInsightsChange}).
 */
public final class InsightRules {

    /** DescribeInsightRules has no resource types (Service Authorization Reference, CloudWatch). */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:DescribeInsightRules", IamPermission.Scope.ANY_RESOURCE));

    private final Supplier<CloudWatchClient> cloudWatch;

    public InsightRules(Supplier<CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** Primes DescribeInsightRules (SnapStart): stopped before it is sent. */
    public void prime(Priming priming) {
        priming.request("cloudwatch:DescribeInsightRules", this::count, DescribeInsightRulesResponse::builder);
    }

    /** Every rule of the region, enabled or not (a disabled rule still counts against the quota). */
    public int count() {
        int count = 0;
        String token = null;
        do {
            String page = token;
            DescribeInsightRulesResponse r;
            try {
                r = cloudWatch.get().describeInsightRules(b -> b.maxResults(500).nextToken(page));
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("cloudwatch:DescribeInsightRules", e);
            }
            count += r.insightRules().size();
            token = r.nextToken() == null || r.nextToken().isEmpty() ? null : r.nextToken();
        } while (token != null);
        return count;
    }
}
