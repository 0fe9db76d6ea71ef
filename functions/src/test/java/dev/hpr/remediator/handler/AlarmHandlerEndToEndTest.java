package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.testfixtures.LocalAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

/**
 * The handler end to end against the local AWS, for each event shape and each cause: AWS's state is asserted
 * afterwards (policy fields, Contributor Insights status, the SNS message read back through SQS), and a second
 * identical alarm changes nothing.
 */
class AlarmHandlerEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void clearFaults() {
        aws.clearFaults();
        aws.resetCalls();
    }

    private static JsonNode published(Incident incident) throws Exception {
        var messages = incident.findings();
        assertEquals(1, messages.size(), "one finding published");
        JsonNode envelope = JSON.readTree(messages.get(0).body());
        return JSON.readTree(envelope.path("Message").asText());
    }

    /**
     * The demo's orders incident (test-fixtures Demo.java): a table at 3,000 provisioned WCU with write auto scaling
     * and Contributor Insights on, 54,000 WCU a minute consumed for an hour, 180 key-range write throttles a minute
     * for the last 20 minutes, and these throttled keys.
     */
    private static Incident celebrityKey(String prefix, LocalAws.Contributor... throttledKeys) {
        return new Incident(aws, prefix).provisionedTable(2000, 3000, Map.of())
                .autoScaling(null, "Write", 100, 10000, 70, 300, 60)
                .contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, throttledKeys)
                .metric(null, "WriteKeyRangeThroughputThrottleEvents", 180, 20, 0)
                .metric(null, "WriteThrottleEvents", 180, 20, 0)
                .metric(null, "ConsumedWriteCapacityUnits", 54000, 60, 0);
    }

    private static long writes() {
        return aws.calls("application-autoscaling:PutScalingPolicy")
                + aws.calls("application-autoscaling:RegisterScalableTarget")
                + aws.calls("dynamodb:UpdateContributorInsights");
    }

    @Test
    void hotKey_isNamed_andCapacityIsNotTouched_directAlarmAction() throws Exception {
        // given a celebrity key throttling writes on a table with auto scaling and Contributor Insights on
        var incident = celebrityKey("hotkey", LocalAws.Contributor.of(3300, "customer#celebrity-42"),
                LocalAws.Contributor.of(120, "customer#1187"));
        aws.resetCalls();

        // when
        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        // then the finding names the cause and the key
        assertEquals("DIAGNOSED", finding.path("outcome").asText());
        assertEquals("HOT_PARTITION", finding.path("causes").get(0).path("cause").asText());
        assertEquals("customer#celebrity-42", finding.path("hotKeys").get(0).path("keys").get(0).path("key").asText());
        assertTrue(finding.path("headline").asText().contains("customer#celebrity-42"), finding.path("headline").asText());
        // and AWS is as it was: no retune for a hot partition
        ScalingPolicy policy = incident.policy(null, "Write");
        assertEquals(70.0, policy.targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(0, writes(), "no change for a hot key: " + aws.calls());
        // and the finding reached the topic
        JsonNode published = published(incident);
        assertEquals("hot-partition-remediator/finding/v1", published.path("schema").asText());
        assertEquals(incident.table, published.path("table").path("name").asText());
    }

    @Test
    void demoCelebrityKey_findingNamesShardedKey_andTheShardCountFromTheMeasuredRate() throws Exception {
        // given the demo's orders incident with its three throttled keys, 94% of throttled requests on one
        var incident = celebrityKey("celebrity", LocalAws.Contributor.of(3300, "customer#celebrity-42"),
                LocalAws.Contributor.of(120, "customer#1187"), LocalAws.Contributor.of(90, "customer#2211"));

        // when
        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        // then the recommendation names the toolkit class and 2 shards: 94% of (900 consumed + 3 throttled) WCU/s
        // is about 849, over half a partition's 1,000 WCU
        JsonNode shard = finding.path("recommendations").get(0);
        assertEquals("Write-shard the hot key", shard.path("title").asText());
        String detail = shard.path("detail").asText();
        assertTrue(detail.contains("Shard it with dev.hpr.toolkit.ShardedKey into 2 shards"
                + " ('customer#celebrity-42#0'..'#1'"), detail);
        assertTrue(detail.contains("About 849 WCU/s at peak against 1,000 per partition at 50% headroom: 2 shards"
                + " (94% of the peak 900 consumed WCU/s plus 3 throttled writes/s of table " + incident.table), detail);
        // and the published finding says the same
        assertEquals(detail, published(incident).path("recommendations").get(0).path("detail").asText());
    }

    @Test
    void underProvisioned_isRetuned_once_eventBridge() throws Exception {
        // given reads outgrowing capacity that sits at MaxCapacity, a slow policy, and Insights off
        var incident = new Incident(aws, "underprov").provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ReadThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0);
        String event = incident.event("eventbridge-alarm-state-change.json");

        // when
        JsonNode finding = JSON.readTree(incident.invoke(event));

        // then the policy is retuned, every other field kept
        var config = incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration();
        assertEquals(60.0, config.targetValue());
        assertEquals(60, config.scaleOutCooldown());
        assertEquals(300, config.scaleInCooldown());
        assertEquals(Boolean.FALSE, config.disableScaleIn());
        assertEquals("DynamoDBReadCapacityUtilization", config.predefinedMetricSpecification().predefinedMetricTypeAsString());
        // and MaxCapacity doubled, MinCapacity kept
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        // and Contributor Insights enabled in THROTTLED_KEYS mode
        assertEquals("ENABLED", incident.insightsStatus(null));
        assertEquals("THROTTLED_KEYS", aws.dynamoDb().describeContributorInsights(b -> b.tableName(incident.table))
                .contributorInsightsModeAsString());
        assertEquals(3, finding.path("actions").size(), finding.path("actions").toString());
        finding.path("actions").forEach(a -> assertEquals("APPLIED", a.path("status").asText(), a.toString()));
        published(incident);

        // when the same alarm comes again
        aws.resetCalls();
        JsonNode again = JSON.readTree(incident.invoke(event));

        // then nothing changes
        assertEquals(0, writes(), "second alarm changed something: " + aws.calls());
        assertEquals(0, again.path("actions").size(), again.path("actions").toString());
        assertEquals(60.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(2000, incident.maxCapacity(null, "Read"));
    }

    @Test
    void hotGsi_enablesInsightsOnThatGsiOnly_snsWrapped() throws Exception {
        var incident = new Incident(aws, "hotgsi").provisionedTable(500, 500, Map.of(), "byStatus", "byCustomer")
                .metric("byStatus", "WriteKeyRangeThroughputThrottleEvents", 90, 40, 0)
                .metric("byStatus", "WriteThrottleEvents", 90, 40, 0);

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("sns-alarm-notification.json")));

        assertEquals("byStatus", finding.path("causes").get(0).path("resource").path("index").asText());
        assertEquals("ENABLED", incident.insightsStatus("byStatus"));
        assertEquals("DISABLED", incident.insightsStatus("byCustomer"));
        assertEquals("DISABLED", incident.insightsStatus(null));
        published(incident);
    }

    @Test
    void onDemandCap_changesNoTableSetting() throws Exception {
        var incident = new Incident(aws, "ondemand").onDemandTable(Map.of())
                .metric(null, "WriteMaxOnDemandThroughputThrottleEvents", 75, 15, 0)
                .metric(null, "WriteThrottleEvents", 75, 15, 0);
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals("ON_DEMAND_MAXIMUM", finding.path("causes").get(0).path("cause").asText());
        assertEquals(0, aws.calls("dynamodb:UpdateTable"));
        assertEquals(0, aws.calls("application-autoscaling:DescribeScalableTargets"), "on-demand: auto scaling not read");
        assertTrue(finding.path("recommendations").toString().contains("OnDemandThroughput"));
        published(incident);
    }

    @Test
    void accountLimit_recommendsAQuotaIncrease_andChangesNoCapacity_gsiMetricStatAlarm() throws Exception {
        var incident = new Incident(aws, "account").provisionedTable(100, 100, Map.of(), "byCustomer")
                .autoScaling(null, "Read", 5, 100, 70, 300, 60)
                .metric(null, "ReadAccountLimitThrottleEvents", 60, 20, 0)
                .metric(null, "ReadThrottleEvents", 60, 20, 0);
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action-metricstat.json")));

        assertEquals("ACCOUNT_LIMIT", finding.path("causes").get(0).path("cause").asText());
        assertEquals(0, aws.calls("application-autoscaling:PutScalingPolicy")
                + aws.calls("application-autoscaling:RegisterScalableTarget"));
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertTrue(finding.path("recommendations").toString().contains("quota"), finding.path("recommendations").toString());
        published(incident);
    }

    @Test
    void dryRun_publishesThePlan_andChangesNothing() throws Exception {
        var incident = new Incident(aws, "dryrun").provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .env("REMEDIATION_MODE", "dry-run");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals(0, writes(), aws.calls().toString());
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(3, finding.path("actions").size());
        finding.path("actions").forEach(a -> assertEquals("PLANNED", a.path("status").asText()));
        published(incident);
    }

    @Test
    void tableTaggedOff_isDiagnosedButNotChanged() throws Exception {
        var incident = new Incident(aws, "tagoff").provisionedTable(100, 100, Map.of("hot-partition-remediator", "off"))
                .autoScaling(null, "Write", 5, 100, 70, null, null)
                .metric(null, "WriteProvisionedThroughputThrottleEvents", 50, 20, 0);
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals(0, writes());
        assertEquals("off", finding.path("mode").asText());
        assertTrue(finding.path("skipped").toString().contains("hot-partition-remediator=off"));
        published(incident);
    }

    @Test
    void okState_changesNothing_andPublishesNothing() throws Exception {
        var incident = new Incident(aws, "okstate").provisionedTable(100, 100, Map.of());
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action-ok.json")));

        assertEquals("NOT_IN_ALARM", finding.path("outcome").asText());
        assertEquals(Map.of(), aws.calls(), "no AWS call for an OK transition");
        assertTrue(incident.findings().isEmpty());
    }

    @Test
    void malformedAndForeignEvents_areRejected_withoutAnyAwsCall() throws Exception {
        var incident = new Incident(aws, "badinput").provisionedTable(100, 100, Map.of());
        aws.resetCalls();

        for (String bad : List.of("not json", "{}", "[1,2]",
                incident.event("alarm-lambda-action.json").replace("AWS/DynamoDB", "AWS/EC2"))) {
            var e = assertThrows(UnusableEventException.class, () -> incident.invoke(bad));
            assertFalse(e.getMessage().isBlank());
        }
        assertEquals(Map.of(), aws.calls());
    }

    @Test
    void missingTable_isRefused_andPublished() throws Exception {
        var incident = new Incident(aws, "missing");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals("REFUSED", finding.path("outcome").asText());
        assertTrue(finding.path("headline").asText().contains("does not exist"), finding.path("headline").asText());
        assertEquals(0, writes());
        assertEquals("REFUSED", published(incident).path("outcome").asText());
    }

    @Test
    void unprotectedTable_isRefused() throws Exception {
        var incident = new Incident(aws, "unprotected").provisionedTable(100, 100, Map.of())
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .env("PROTECTED_TABLES", "some-other-table");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals("REFUSED", finding.path("outcome").asText());
        assertEquals(0, aws.calls("dynamodb:DescribeTable"));
    }

    @Test
    void failingPutScalingPolicy_failsThatActionOnly() throws Exception {
        var incident = new Incident(aws, "fault").provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0);
        aws.failNext("application-autoscaling:PutScalingPolicy", LocalAws.ALWAYS, 500, "InternalServiceException",
                "injected");

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        aws.clearFaults();
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals("ENABLED", incident.insightsStatus(null), "Insights still enabled");
        assertEquals(2000, incident.maxCapacity(null, "Read"), "MaxCapacity still raised");
        JsonNode retune = null;
        for (JsonNode a : finding.path("actions")) {
            if (a.path("type").asText().contains("Retune")) {
                retune = a;
            }
        }
        assertEquals("FAILED", retune.path("status").asText());
        assertTrue(retune.path("error").asText().contains("InternalServiceException"), retune.toString());
        published(incident);
    }

    @Test
    void failingGetMetricData_publishesAFailedFinding_andChangesNothing() throws Exception {
        var incident = new Incident(aws, "nometrics").provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60);
        aws.failNext("monitoring:GetMetricData", LocalAws.ALWAYS, 400, "InvalidParameterValue", "injected");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        aws.clearFaults();
        assertEquals("FAILED", finding.path("outcome").asText());
        assertEquals(0, writes());
        assertEquals("FAILED", published(incident).path("outcome").asText());
    }
}
