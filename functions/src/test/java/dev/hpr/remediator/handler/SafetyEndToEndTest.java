package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * "Never twice, never worse" against the local AWS: dedupe of redelivered alarms, one set of changes under
 * concurrency, cooldowns, the audit trail, revert after calm (and not over a person's change), and faults. Every
 * test asserts AWS's state afterwards.
 */
class SafetyEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void clean() {
        aws.clearFaults();
        aws.resetCalls();
    }

    /** Reads outgrowing capacity at MaxCapacity, Insights off: three changes to make. */
    private static Incident underProvisioned(String prefix) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0)
                .withStateTable();
    }

    private static long writes() {
        return aws.calls("application-autoscaling:PutScalingPolicy")
                + aws.calls("application-autoscaling:RegisterScalableTarget")
                + aws.calls("dynamodb:UpdateContributorInsights");
    }

    private static double target(Incident incident) {
        return incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue();
    }

    private static void setPolicy(Incident incident, double target) {
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(incident.table + "-read-scaling").resourceId("table/" + incident.table)
                .scalableDimension("dynamodb:table:ReadCapacityUnits").policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target).scaleOutCooldown(60)
                        .scaleInCooldown(300).disableScaleIn(false).predefinedMetricSpecification(
                                m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    }

    private static String revertCheck(Incident incident) throws Exception {
        return incident.invoke("{\"task\":\"revert-check\"}");
    }

    @Test
    void redeliveredAlarm_isRecognised_andDoesNothingMore() throws Exception {
        var incident = underProvisioned("redeliver");
        String event = incident.event("alarm-lambda-action.json");
        JsonNode first = JSON.readTree(incident.invoke(event));
        assertEquals(3, first.path("actions").size());
        assertEquals(1, incident.findings().size());
        aws.resetCalls();

        JsonNode again = JSON.readTree(incident.invoke(event));

        assertEquals("DUPLICATE", again.path("outcome").asText());
        assertEquals(0, writes());
        assertEquals(0, aws.calls("dynamodb:DescribeTable"), "a duplicate is recognised before any diagnosis");
        assertEquals(0, aws.calls("sns:Publish"));
        assertTrue(incident.findings().isEmpty());
        assertEquals(3, incident.changes().size(), "three changes in the audit trail, once");
    }

    @Test
    void concurrentInvocations_forOneTable_yieldOneSetOfChanges() throws Exception {
        var incident = underProvisioned("concurrent");
        aws.resetCalls();
        Instant base = Instant.parse("2026-11-23T03:01:00Z");
        var pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        var futures = new ArrayList<Future<JsonNode>>();
        for (int i = 0; i < 8; i++) {
            String event = incident.eventAt("alarm-lambda-action.json", base.plusSeconds(i));
            Callable<JsonNode> call = () -> {
                start.await();
                return JSON.readTree(incident.invoke(event));
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        var outcomes = new ArrayList<String>();
        for (Future<JsonNode> f : futures) {
            outcomes.add(f.get().path("outcome").asText());
        }
        pool.shutdown();

        assertEquals(1, aws.calls("application-autoscaling:PutScalingPolicy"), aws.calls().toString());
        assertEquals(1, aws.calls("application-autoscaling:RegisterScalableTarget"), aws.calls().toString());
        assertEquals(1, aws.calls("dynamodb:UpdateContributorInsights"), aws.calls().toString());
        assertEquals(3, incident.changes().size());
        assertEquals(60.0, target(incident));
        assertTrue(outcomes.contains("IN_PROGRESS") || outcomes.stream().filter("DIAGNOSED"::equals).count() > 1,
                "the others report a remediation in progress, or found nothing left to change: " + outcomes);
    }

    @Test
    void cooldown_blocksAFurtherChange_andSaysWhenItEnds() throws Exception {
        var incident = underProvisioned("cooldown");
        incident.invoke(incident.eventAt("alarm-lambda-action.json", Instant.parse("2026-11-23T03:01:00Z")));
        setPolicy(incident, 75); // someone raises it again while throttling goes on
        aws.resetCalls();

        JsonNode second = JSON.readTree(incident.invoke(
                incident.eventAt("alarm-lambda-action.json", Instant.parse("2026-11-23T03:06:00Z"))));

        assertEquals(75.0, target(incident), "no change inside the cooldown");
        assertEquals(0, aws.calls("application-autoscaling:PutScalingPolicy"));
        assertTrue(second.path("skipped").toString().contains("minute(s) left of the 30-minute cooldown"),
                second.path("skipped").toString());
    }

    @Test
    void cooldownZero_allowsTheChangeAgain() throws Exception {
        var incident = underProvisioned("nocooldown").env("COOLDOWN_MINUTES", "0");
        incident.invoke(incident.eventAt("alarm-lambda-action.json", Instant.parse("2026-11-23T03:01:00Z")));
        setPolicy(incident, 75);

        incident.invoke(incident.eventAt("alarm-lambda-action.json", Instant.parse("2026-11-23T03:06:00Z")));

        assertEquals(60.0, target(incident));
    }

    @Test
    void globalTable_capacityChangesAreOfferedForApproval_andTheFindingNamesTheReplicas() throws Exception {
        // given an under-provisioned global table with replicas in two other Regions, in apply mode
        var incident = underProvisioned("global").replicas("us-west-2", "eu-west-1");
        long before = writes();

        // when its alarm fires
        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        // then no capacity setting changes; they wait for a person, and the finding says why
        assertEquals(70.0, target(incident), "TargetValue untouched");
        assertEquals(1000, incident.maxCapacity(null, "Read"), "MaxCapacity untouched");
        var statuses = new ArrayList<String>();
        finding.path("actions").forEach(a -> statuses.add(a.path("type").asText() + ":" + a.path("status").asText()));
        assertTrue(statuses.contains("RetuneTargetTracking:AWAITING_APPROVAL"), statuses.toString());
        assertTrue(statuses.stream().noneMatch(s -> s.startsWith("Retune") && s.endsWith(":APPLIED")), statuses.toString());
        assertTrue(finding.path("approval").path("planId").isTextual(), finding.toString());
        assertTrue(finding.path("caveats").toString().contains("replicas in us-west-2, eu-west-1"),
                finding.path("caveats").toString());
        assertEquals(before + 1, writes(), "only Contributor Insights, which is per replica, is enabled");
    }

    @Test
    void auditTrail_recordsEachChange_andTheFindingRefersToIt() throws Exception {
        var incident = underProvisioned("audit");

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        var changes = incident.changes();
        assertEquals(3, changes.size());
        for (var item : changes) {
            assertEquals("ACTIVE", item.get("status").s());
            assertEquals("apply", item.get("mode").s());
            assertEquals(finding.path("id").asText(), item.get("findingId").s());
            assertTrue(item.get("trigger").s().contains(incident.table), item.toString());
            assertTrue(item.containsKey("before") && item.containsKey("after") && item.containsKey("appliedAt"));
        }
        assertTrue(finding.path("caveats").toString().contains("Journal: 3 change(s) written before they were made"),
                finding.path("caveats").toString());
    }

    @Test
    void revert_afterCalm_restoresTheValuesItChanged_andPublishes() throws Exception {
        var incident = underProvisioned("revert");
        incident.invoke(incident.event("alarm-lambda-action.json"));
        incident.findings();
        assertEquals(60.0, target(incident));
        // the alarm returned to OK 61 minutes ago
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(61))));

        revertCheck(incident);

        var config = incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration();
        assertEquals(70.0, config.targetValue());
        assertEquals(300, config.scaleOutCooldown());
        assertEquals(60, config.scaleInCooldown());
        assertEquals(1000, incident.maxCapacity(null, "Read"));
        assertEquals("DISABLED", incident.insightsStatus(null));
        incident.changes().forEach(c -> assertEquals("REVERTED", c.get("status").s(), c.toString()));
        var published = incident.findings();
        assertEquals(1, published.size());
        JsonNode revertFinding = JSON.readTree(JSON.readTree(published.get(0).body()).path("Message").asText());
        assertEquals("REVERTED", revertFinding.path("outcome").asText());

        // and a second check does nothing more
        aws.resetCalls();
        revertCheck(incident);
        assertEquals(0, writes());
    }

    @Test
    void revert_waitsUntilCalmLongEnough() throws Exception {
        var incident = underProvisioned("notcalm");
        incident.invoke(incident.event("alarm-lambda-action.json"));
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(10))));
        aws.resetCalls();

        revertCheck(incident);

        assertEquals(0, writes());
        assertEquals(60.0, target(incident));
    }

    @Test
    void revert_leavesAValueAPersonChangedSince_andSaysSo() throws Exception {
        var incident = underProvisioned("human");
        incident.invoke(incident.event("alarm-lambda-action.json"));
        incident.findings();
        setPolicy(incident, 50); // a person tuned it further by hand
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(61))));

        revertCheck(incident);

        assertEquals(50.0, target(incident), "the person's value stays");
        assertEquals(1000, incident.maxCapacity(null, "Read"), "what was not touched since is still restored");
        JsonNode finding = JSON.readTree(JSON.readTree(incident.findings().get(0).body()).path("Message").asText());
        assertTrue(finding.path("skipped").toString().contains("Changed since by a person or another tool"),
                finding.path("skipped").toString());
        assertTrue(incident.changes().stream().anyMatch(c -> "LEFT".equals(c.get("status").s())));
    }

    @Test
    void revertDisabled_restoresNothing() throws Exception {
        var incident = underProvisioned("norevert").env("REVERT_ENABLED", "false");
        incident.invoke(incident.event("alarm-lambda-action.json"));
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(120))));
        aws.resetCalls();

        revertCheck(incident);

        assertEquals(0, writes());
        assertEquals(60.0, target(incident));
    }

    @Test
    void failedPublish_failsTheInvocation_andTheRetryPublishesTheSameFinding() throws Exception {
        var incident = underProvisioned("publishfault");
        String event = incident.event("alarm-lambda-action.json");
        aws.failNext("sns:Publish", LocalAws.ALWAYS, 500, "InternalError", "injected");

        assertThrows(RuntimeException.class, () -> incident.invoke(event));
        aws.clearFaults();
        assertEquals(60.0, target(incident), "the changes were made");
        aws.resetCalls();

        JsonNode retry = JSON.readTree(incident.invoke(event));

        assertEquals("DUPLICATE", retry.path("outcome").asText());
        assertEquals(0, writes(), "the retry changes nothing");
        var published = incident.findings();
        assertEquals(1, published.size());
        JsonNode finding = JSON.readTree(JSON.readTree(published.get(0).body()).path("Message").asText());
        assertEquals(3, finding.path("actions").size(), "the original finding, with its three changes");
    }

    @Test
    void contributorInsightsFailure_doesNotStopTheOtherChanges() throws Exception {
        var incident = underProvisioned("cifault");
        aws.failNextContributorInsightsEnable(incident.table, null);

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals(60.0, target(incident));
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        assertEquals("FAILED", incident.insightsStatus(null));
        var statuses = new ArrayList<String>();
        finding.path("actions").forEach(a -> statuses.add(a.path("type").asText() + ":" + a.path("status").asText()));
        assertTrue(statuses.contains("EnableContributorInsights:FAILED"), statuses.toString());
        var byStatus = new java.util.TreeMap<String, Integer>();
        incident.changes().forEach(c -> byStatus.merge(c.get("type").s() + ":" + c.get("status").s(), 1, Integer::sum));
        assertEquals(java.util.Map.of("EnableContributorInsights:FAILED", 1, "RaiseMaxCapacity:ACTIVE", 1,
                "RetuneTargetTracking:ACTIVE", 1), byStatus, "every change is journaled; the refused one as FAILED");
    }

    @Test
    void throttledDescribeTable_isRetriedByTheSdk() throws Exception {
        var incident = underProvisioned("throttled");
        aws.failNext("dynamodb:DescribeTable", 1, 400, "ThrottlingException", "Rate exceeded");

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        assertEquals("DIAGNOSED", finding.path("outcome").asText());
        assertEquals(2, aws.calls("dynamodb:DescribeTable"), "one throttled, one retried");
        assertEquals(60.0, target(incident));
    }

    @Test
    void serverErrorOnInsightReport_isACaveat_notAStop() throws Exception {
        var incident = new Incident(aws, "reportfault").provisionedTable(2000, 3000, Map.of())
                .contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, LocalAws.Contributor.of(300, "k"))
                .metric(null, "WriteKeyRangeThroughputThrottleEvents", 180, 20, 0)
                .withStateTable();
        aws.failNext("monitoring:GetInsightRuleReport", LocalAws.ALWAYS, 500, "InternalServiceError", "injected");

        JsonNode finding = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")));

        aws.clearFaults();
        assertEquals("DIAGNOSED", finding.path("outcome").asText());
        assertTrue(finding.path("caveats").toString().contains("could not be read"), finding.path("caveats").toString());
        assertEquals(1, incident.findings().size());
    }
}
