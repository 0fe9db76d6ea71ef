package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws.Contributor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;

class InsightRuleReportTest {
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();
    private final CloudWatchClient cw = aws.cloudWatch();

    @Test
    void reportsSeededContributorsTopFirstWithinMaxContributorCount() {
        String table = Tables.create(ddb, "irr", true, false);
        aws.seedContributors(table, null, "PKT", List.of(
                Contributor.of(5, "customer#1"), Contributor.of(900, "customer#42"), Contributor.of(70, "customer#7")));
        aws.seedContributors(table, null, "SKT", List.of(Contributor.of(400, "customer#42", "order#9")));
        ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        List<String> rules = ddb.describeContributorInsights(r -> r.tableName(table)).contributorInsightsRuleList();
        String pkt = rules.stream().filter(n -> n.contains("-PKT-")).findFirst().orElseThrow();
        String skt = rules.stream().filter(n -> n.contains("-SKT-")).findFirst().orElseThrow();

        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        GetInsightRuleReportResponse rep = cw.getInsightRuleReport(r -> r.ruleName(pkt)
                .startTime(end.minus(1, ChronoUnit.HOURS)).endTime(end).period(60)
                .maxContributorCount(2).metrics("MaxContributorValue", "Maximum").orderBy("Maximum"));
        assertEquals(List.of("pk"), rep.keyLabels());
        assertEquals(3L, rep.approximateUniqueCount());
        assertEquals(975.0, rep.aggregateValue());
        assertEquals(2, rep.contributors().size());
        InsightRuleContributor top = rep.contributors().get(0);
        assertEquals(List.of("customer#42"), top.keys());
        assertEquals(900.0, top.approximateAggregateValue());
        assertEquals(1, top.datapoints().size());
        assertEquals(900.0, top.datapoints().get(0).approximateValue());
        assertTrue(!top.datapoints().get(0).timestamp().isBefore(end.minus(1, ChronoUnit.HOURS)));
        assertEquals(List.of("customer#7"), rep.contributors().get(1).keys());
        assertEquals(1, rep.metricDatapoints().size());
        assertEquals(900.0, rep.metricDatapoints().get(0).maxContributorValue());
        assertEquals(900.0, rep.metricDatapoints().get(0).maximum());

        GetInsightRuleReportResponse sk = cw.getInsightRuleReport(r -> r.ruleName(skt)
                .startTime(end.minus(1, ChronoUnit.HOURS)).endTime(end).period(300));
        assertEquals(List.of("pk", "sk"), sk.keyLabels());
        assertEquals(List.of("customer#42", "order#9"), sk.contributors().get(0).keys());
    }

    @Test
    void aRuleWithoutSeedsReportsNoContributors() {
        String table = Tables.create(ddb, "irr-empty", false, false);
        ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        String pkt = ddb.describeContributorInsights(r -> r.tableName(table)).contributorInsightsRuleList().get(0);
        Instant end = Instant.now();
        GetInsightRuleReportResponse rep = cw.getInsightRuleReport(r -> r.ruleName(pkt)
                .startTime(end.minus(30, ChronoUnit.MINUTES)).endTime(end).period(60));
        assertTrue(rep.contributors().isEmpty());
        assertEquals(0L, rep.approximateUniqueCount());
    }

    @Test
    void unknownOrDisabledRuleIsResourceNotFound() {
        Instant end = Instant.now();
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> cw.getInsightRuleReport(r -> r
                .ruleName("DynamoDBContributorInsights-PKT-nope-1700000000000")
                .startTime(end.minus(1, ChronoUnit.HOURS)).endTime(end).period(60)));
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());

        String table = Tables.create(ddb, "irr-off", false, false);
        ddb.updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));
        String pkt = ddb.describeContributorInsights(r -> r.tableName(table)).contributorInsightsRuleList().get(0);
        ddb.updateContributorInsights(r -> r.tableName(table).contributorInsightsAction(ContributorInsightsAction.DISABLE));
        assertThrows(ResourceNotFoundException.class, () -> cw.getInsightRuleReport(r -> r.ruleName(pkt)
                .startTime(end.minus(1, ChronoUnit.HOURS)).endTime(end).period(60)));
    }
}
