package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsSummary;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;

class ContributorInsightsTest {
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();

    @Test
    void throttledKeysModeCreatesOnlyThrottledRulesWithTheAwsNameFormat() {
        String table = Tables.create(ddb, "ci-tk", true, false);
        UpdateContributorInsightsResponse up = ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        assertEquals(ContributorInsightsStatus.ENABLED, up.contributorInsightsStatus());
        assertEquals(ContributorInsightsMode.THROTTLED_KEYS, up.contributorInsightsMode());
        assertEquals(table, up.tableName());

        DescribeContributorInsightsResponse d = ddb.describeContributorInsights(r -> r.tableName(table));
        assertEquals(ContributorInsightsStatus.ENABLED, d.contributorInsightsStatus());
        assertEquals(ContributorInsightsMode.THROTTLED_KEYS, d.contributorInsightsMode());
        assertNotNull(d.lastUpdateDateTime());
        assertNull(d.failureException());
        List<String> rules = d.contributorInsightsRuleList();
        assertEquals(2, rules.size(), rules.toString());
        assertTrue(Pattern.matches("DynamoDBContributorInsights-PKT-" + table + "-\\d{13}", rules.get(0)), rules.get(0));
        assertTrue(Pattern.matches("DynamoDBContributorInsights-SKT-" + table + "-\\d{13}", rules.get(1)), rules.get(1));
    }

    @Test
    void enableWithoutModeMeansAccessedAndThrottledKeysAndIndexRulesNameTheIndex() {
        String table = Tables.create(ddb, "ci-gsi", false, true);
        UpdateContributorInsightsResponse up = ddb.updateContributorInsights(r -> r.tableName(table).indexName("gsi1")
                .contributorInsightsAction(ContributorInsightsAction.ENABLE));
        assertEquals("gsi1", up.indexName());
        assertEquals(ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS, up.contributorInsightsMode());

        DescribeContributorInsightsResponse d = ddb.describeContributorInsights(r -> r.tableName(table).indexName("gsi1"));
        assertEquals("gsi1", d.indexName());
        List<String> rules = d.contributorInsightsRuleList();
        assertEquals(2, rules.size(), rules.toString()); // the index has no sort key: PKC, PKT
        assertTrue(rules.get(0).startsWith("DynamoDBContributorInsights-PKC-" + table + "-gsi1-"), rules.get(0));
        assertTrue(rules.get(1).startsWith("DynamoDBContributorInsights-PKT-" + table + "-gsi1-"), rules.get(1));

        // the table itself is untouched; List shows the table and each GSI
        assertEquals(ContributorInsightsStatus.DISABLED,
                ddb.describeContributorInsights(r -> r.tableName(table)).contributorInsightsStatus());
        List<ContributorInsightsSummary> list = ddb.listContributorInsights(r -> r.tableName(table))
                .contributorInsightsSummaries();
        assertEquals(2, list.size(), list.toString());
        assertEquals(ContributorInsightsStatus.DISABLED, list.get(0).contributorInsightsStatus());
        assertNull(list.get(0).indexName());
        assertEquals("gsi1", list.get(1).indexName());
        assertEquals(ContributorInsightsStatus.ENABLED, list.get(1).contributorInsightsStatus());

        // a table ARN is accepted too, as in AWS
        String arn = ddb.describeTable(r -> r.tableName(table)).table().tableArn();
        assertEquals(ContributorInsightsStatus.ENABLED,
                ddb.describeContributorInsights(r -> r.tableName(arn).indexName("gsi1")).contributorInsightsStatus());

        // DISABLE removes the rules
        ddb.updateContributorInsights(r -> r.tableName(table).indexName("gsi1")
                .contributorInsightsAction(ContributorInsightsAction.DISABLE));
        DescribeContributorInsightsResponse off = ddb.describeContributorInsights(r -> r.tableName(table).indexName("gsi1"));
        assertEquals(ContributorInsightsStatus.DISABLED, off.contributorInsightsStatus());
        assertTrue(off.contributorInsightsRuleList().isEmpty());
    }

    @Test
    void failNextEnableEndsFailedWithLimitExceededThenTheRetrySucceeds() {
        String table = Tables.create(ddb, "ci-fail", false, false);
        aws.failNextContributorInsightsEnable(table, null);
        UpdateContributorInsightsResponse up = ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        assertEquals(ContributorInsightsStatus.FAILED, up.contributorInsightsStatus());
        DescribeContributorInsightsResponse d = ddb.describeContributorInsights(r -> r.tableName(table));
        assertEquals(ContributorInsightsStatus.FAILED, d.contributorInsightsStatus());
        assertEquals("LimitExceededException", d.failureException().exceptionName());
        assertTrue(d.failureException().exceptionDescription().contains("rule limit"));
        assertTrue(d.contributorInsightsRuleList().isEmpty());

        ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        DescribeContributorInsightsResponse again = ddb.describeContributorInsights(r -> r.tableName(table));
        assertEquals(ContributorInsightsStatus.ENABLED, again.contributorInsightsStatus());
        assertNull(again.failureException());
        assertEquals(1, again.contributorInsightsRuleList().size());
    }

    @Test
    void missingTableOrIndexIsResourceNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> ddb.describeContributorInsights(r -> r.tableName("no-such-table")));
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertThrows(ResourceNotFoundException.class, () -> ddb.updateContributorInsights(r -> r
                .tableName("no-such-table").contributorInsightsAction(ContributorInsightsAction.ENABLE)));
        String table = Tables.create(ddb, "ci-noidx", false, false);
        assertThrows(ResourceNotFoundException.class, () -> ddb.updateContributorInsights(r -> r.tableName(table)
                .indexName("nope").contributorInsightsAction(ContributorInsightsAction.ENABLE)));
        assertThrows(ResourceNotFoundException.class,
                () -> ddb.listContributorInsights(r -> r.tableName("no-such-table")));
    }
}
