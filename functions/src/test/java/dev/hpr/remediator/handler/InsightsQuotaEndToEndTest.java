package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contributor Insights within the region's rule quota, against a private local AWS whose quota is nearly used: the
 * most throttled resource gets the one rule left, the finding says what was not enabled and why, and the revert
 * disables the rule it enabled, which frees it.
 */
class InsightsQuotaEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void nearTheQuota_theMostThrottledResourceGetsTheRule_theFindingSaysWhatWasNot() throws Exception {
        // given a region with 3 rules of someone else's and a quota of 4 (the deployment says so too): room for one
        for (int i = 0; i < 3; i++) {
            int n = i;
            aws.cloudWatch().putInsightRule(b -> b.ruleName("someone-elses-" + n).ruleState("ENABLED")
                    .ruleDefinition("{\"Schema\":{\"Name\":\"CloudWatchLogRule\",\"Version\":1},\"LogGroupNames\":[\"x\"],"
                            + "\"LogFormat\":\"JSON\",\"Contribution\":{\"Keys\":[\"$.a\"]},\"AggregateOn\":\"Count\"}"));
        }
        aws.insightRuleQuota(4);
        // and a table whose GSI throttles more than the table itself (hot keys on both)
        var incident = new Incident(aws, "quota").provisionedTable(1000, 1000, Map.of(), "byCustomer")
                .withStateTable()
                .env("CONTRIBUTOR_INSIGHTS_RULE_QUOTA", "4")
                .metric(null, "WriteKeyRangeThroughputThrottleEvents", 60, 10, 0)
                .metric(null, "WriteThrottleEvents", 60, 10, 0)
                .metric("byCustomer", "WriteKeyRangeThroughputThrottleEvents", 300, 10, 0)
                .metric("byCustomer", "WriteThrottleEvents", 300, 10, 0);

        // when its alarm fires
        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        // then the GSI (3,000 throttled events) got the rule; the table (600) did not, and the finding says why
        assertEquals("ENABLED", incident.insightsStatus("byCustomer"));
        assertEquals("DISABLED", incident.insightsStatus(null));
        String text = finding.toString();
        assertTrue(text.contains("RULE_QUOTA"), text);
        assertTrue(text.contains("the region has 3 of its 4 Contributor Insights rules"), text);
        assertEquals(1, aws.calls("monitoring:DescribeInsightRules"));

        // and once calm, the revert disables the rule it enabled: the region has room again
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(61))));
        incident.invoke("{\"task\":\"revert-check\"}");
        assertEquals("DISABLED", incident.insightsStatus("byCustomer"));
        assertEquals(3, aws.cloudWatch().describeInsightRules(b -> { }).insightRules().size());
    }
}
