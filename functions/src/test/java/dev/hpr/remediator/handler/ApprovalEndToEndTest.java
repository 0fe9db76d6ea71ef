package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.testfixtures.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * A human in the loop, against the local AWS: approve mode offers a plan and changes nothing; approving applies
 * exactly the plan, once, and only what still holds its "before"; expired, rejected, used and unknown plans change
 * nothing; an on-demand maximum is raised only by approval and restored by the revert. Every test asserts AWS's state.
 */
class ApprovalEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIAS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hpr-Remediator:live";
    private static final java.util.concurrent.atomic.AtomicInteger DELIVERIES = new java.util.concurrent.atomic.AtomicInteger();
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

    /** Reads outgrowing capacity at MaxCapacity, Insights off: three changes to plan. */
    private static Incident underProvisioned(String prefix, String mode) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0)
                .withStateTable()
                .env("REMEDIATION_MODE", mode);
    }

    private static long writes() {
        return aws.calls("application-autoscaling:PutScalingPolicy")
                + aws.calls("application-autoscaling:RegisterScalableTarget")
                + aws.calls("dynamodb:UpdateContributorInsights")
                + aws.calls("dynamodb:UpdateTable");
    }

    private static double target(Incident incident) {
        return incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue();
    }

    private static String approve(String planId) {
        return "{\"task\":\"approve\",\"planId\":\"" + planId + "\"}";
    }

    private static String reject(String planId) {
        return "{\"task\":\"reject\",\"planId\":\"" + planId + "\"}";
    }

    /** An ALARM in approve mode, through the alias: the offered plan's finding. Each is another state change. */
    private static JsonNode offered(Incident incident) throws Exception {
        Instant at = Instant.parse("2026-11-23T03:00:00Z").plusSeconds(DELIVERIES.incrementAndGet());
        JsonNode finding = JSON.readTree(incident.invokeAs(incident.eventAt("alarm-lambda-action.json", at), ALIAS_ARN));
        assertEquals("AWAITING_APPROVAL", finding.path("outcome").asText(), finding.toString());
        incident.findings();
        aws.resetCalls();
        return finding;
    }

    private static void assertUnchanged(Incident incident) {
        assertEquals(70.0, target(incident));
        assertEquals(1000, incident.maxCapacity(null, "Read"));
        assertEquals("DISABLED", incident.insightsStatus(null));
    }

    @Test
    void approveMode_publishesThePlan_andChangesNothing() throws Exception {
        var incident = underProvisioned("offer", "approve");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invokeAs(incident.event("alarm-lambda-action.json"), ALIAS_ARN));

        assertEquals("AWAITING_APPROVAL", finding.path("outcome").asText());
        assertEquals("approve", finding.path("mode").asText());
        JsonNode approval = finding.path("approval");
        String planId = approval.path("planId").asText();
        assertEquals("PENDING", approval.path("status").asText());
        assertEquals(ALIAS_ARN, approval.path("function").asText());
        assertEquals(List.of("EnableContributorInsights", "RetuneTargetTracking", "RaiseMaxCapacity"),
                types(approval.path("actions")));
        finding.path("actions").forEach(a -> assertEquals("AWAITING_APPROVAL", a.path("status").asText()));
        Instant expires = Instant.parse(approval.path("expiresAt").asText());
        assertTrue(Duration.between(Instant.now(), expires).toMinutes() >= 58, "60 minutes by default: " + expires);
        assertEquals(0, writes());
        assertUnchanged(incident);
        assertTrue(incident.changes().isEmpty(), "nothing in the audit trail");
        assertEquals("PENDING", incident.planItem(planId).get("status").s());
        var published = incident.findings();
        assertEquals(1, published.size());
        JsonNode message = JSON.readTree(JSON.readTree(published.get(0).body()).path("Message").asText());
        assertEquals(planId, message.path("approval").path("planId").asText());
    }

    @Test
    void approving_appliesExactlyThePlan_andAwsShowsIt() throws Exception {
        var incident = underProvisioned("approve", "approve");
        String planId = offered(incident).path("approval").path("planId").asText();

        JsonNode applied = JSON.readTree(incident.invoke(approve(planId)));

        assertEquals("APPLIED", applied.path("outcome").asText(), applied.toString());
        assertEquals(List.of("APPLIED", "APPLIED", "APPLIED"), statuses(applied.path("actions")));
        assertEquals("APPROVED", applied.path("approval").path("status").asText());
        assertEquals("lambda", applied.path("approval").path("decidedVia").asText());
        assertTrue(applied.path("approval").path("approver").isNull(), "a Lambda invoke does not say who");
        assertEquals(60.0, target(incident));
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        assertEquals("ENABLED", incident.insightsStatus(null));
        assertEquals(1, aws.calls("application-autoscaling:PutScalingPolicy"));
        assertEquals(1, aws.calls("application-autoscaling:RegisterScalableTarget"));
        assertEquals(1, aws.calls("dynamodb:UpdateContributorInsights"));
        var changes = incident.changes();
        assertEquals(3, changes.size());
        changes.forEach(c -> {
            assertEquals("lambda", c.get("decidedVia").s());
            assertEquals(planId, c.get("decisionPlanId").s());
            assertTrue(c.get("approved").bool());
        });
        assertEquals("APPROVED", incident.planItem(planId).get("status").s());
        var published = incident.findings();
        assertEquals(1, published.size());
        JsonNode message = JSON.readTree(JSON.readTree(published.get(0).body()).path("Message").asText());
        assertEquals("APPLIED", message.path("outcome").asText());
    }

    @Test
    void aSecondApproval_anExpiredPlan_aRejectedPlan_andAnUnknownId_changeNothing() throws Exception {
        var incident = underProvisioned("refused", "approve").env("APPROVAL_TTL_MINUTES", "5");
        String used = offered(incident).path("approval").path("planId").asText();
        JSON.readTree(incident.invoke(approve(used)));
        incident.findings();
        aws.resetCalls();

        JsonNode again = JSON.readTree(incident.invoke(approve(used)));
        assertEquals("REFUSED", again.path("outcome").asText());
        assertTrue(again.path("reason").asText().contains("already approved"), again.toString());
        assertEquals(0, writes());

        // a fresh incident for the others: its settings are untouched
        var other = underProvisioned("refused2", "approve").env("APPROVAL_TTL_MINUTES", "5");
        String expired = offered(other).path("approval").path("planId").asText();
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        JsonNode late = JSON.readTree(other.invokeAt(approve(expired), later));
        assertEquals("REFUSED", late.path("outcome").asText());
        assertTrue(late.path("reason").asText().contains("expired"), late.toString());

        String rejected = offered(other).path("approval").path("planId").asText();
        JsonNode closed = JSON.readTree(other.invoke(reject(rejected)));
        assertEquals("REJECTED", closed.path("outcome").asText());
        assertEquals("REJECTED", other.planItem(rejected).get("status").s());
        JsonNode afterReject = JSON.readTree(other.invoke(approve(rejected)));
        assertEquals("REFUSED", afterReject.path("outcome").asText());
        assertTrue(afterReject.path("reason").asText().contains("already rejected"), afterReject.toString());

        JsonNode unknown = JSON.readTree(other.invoke(approve("00000000-0000-0000-0000-000000000000")));
        assertEquals("REFUSED", unknown.path("outcome").asText());
        assertTrue(unknown.path("reason").asText().contains("no plan"), unknown.toString());

        assertEquals(0, writes());
        assertUnchanged(other);
        assertTrue(other.changes().isEmpty());
        assertEquals(1, other.findings().size(), "only the rejection is published; refusals are not");
    }

    @Test
    void aDecisionWithoutAUsablePlanId_isAnUnusableEvent() {
        var incident = underProvisioned("badid", "approve");
        aws.resetCalls();
        assertThrows(UnusableEventException.class, () -> incident.invoke("{\"task\":\"approve\"}"));
        assertThrows(UnusableEventException.class, () -> incident.invoke(
                "{\"task\":\"approve\",\"planId\":\"x'; DROP TABLE\"}"));
        assertEquals(0, writes());
    }

    @Test
    void aPlanWhoseBeforeNoLongerHolds_skipsThatAction_andAppliesTheRest() throws Exception {
        var incident = underProvisioned("stale", "approve");
        String planId = offered(incident).path("approval").path("planId").asText();
        // a person retunes the policy meanwhile
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(incident.table + "-read-scaling").resourceId("table/" + incident.table)
                .scalableDimension("dynamodb:table:ReadCapacityUnits").policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).scaleOutCooldown(60)
                        .scaleInCooldown(300).disableScaleIn(false).predefinedMetricSpecification(
                                m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
        aws.resetCalls();

        JsonNode applied = JSON.readTree(incident.invoke(approve(planId)));

        assertEquals(List.of("EnableContributorInsights", "RaiseMaxCapacity"), types(applied.path("actions")));
        assertEquals(0, aws.calls("application-autoscaling:PutScalingPolicy"), "the stale retune is not applied");
        assertEquals(50.0, target(incident), "the person's value stands");
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        assertEquals("ENABLED", incident.insightsStatus(null));
        String skipped = applied.path("skipped").toString();
        assertTrue(skipped.contains("Changed since the plan") && skipped.contains("TargetValue"), skipped);
        assertEquals(2, incident.changes().size());
    }

    @Test
    void eightConcurrentApprovals_applyThePlanOnce() throws Exception {
        var incident = underProvisioned("concurrent-approve", "approve");
        String planId = offered(incident).path("approval").path("planId").asText();
        var pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        var futures = new ArrayList<Future<JsonNode>>();
        for (int i = 0; i < 8; i++) {
            Callable<JsonNode> call = () -> {
                start.await();
                return JSON.readTree(incident.invoke(approve(planId)));
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        var outcomes = new ArrayList<String>();
        for (Future<JsonNode> f : futures) {
            outcomes.add(f.get().path("outcome").asText());
        }
        pool.shutdown();

        assertEquals(1, outcomes.stream().filter("APPLIED"::equals).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter("REFUSED"::equals).count(), outcomes.toString());
        assertEquals(3, writes(), "one set of changes");
        assertEquals(3, incident.changes().size());
        assertEquals(1, incident.findings().size());
    }

    @Test
    void onDemandMaximum_isRaisedOnlyByApproval_andRestoredByTheRevert() throws Exception {
        var incident = new Incident(aws, "od-max").onDemandTable(-1, 1000)
                .metric(null, "WriteMaxOnDemandThroughputThrottleEvents", 300, 20, 0)
                .metric(null, "WriteThrottleEvents", 300, 20, 0)
                .withStateTable()
                .env("REMEDIATION_MODE", "apply");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invokeAs(incident.event("alarm-lambda-action.json"), ALIAS_ARN));

        assertEquals("AWAITING_APPROVAL", finding.path("outcome").asText(), finding.toString());
        JsonNode approval = finding.path("approval");
        assertEquals(List.of("RaiseOnDemandMaximum"), types(approval.path("actions")));
        assertEquals("MaxWriteRequestUnits 1000", approval.path("actions").get(0).path("before").asText());
        assertEquals("MaxWriteRequestUnits 2000", approval.path("actions").get(0).path("after").asText());
        assertEquals(0, aws.calls("dynamodb:UpdateTable"), "apply mode never raises it by itself");
        assertEquals(1000, incident.onDemandMaximum()[1]);
        incident.findings();

        JsonNode applied = JSON.readTree(incident.invoke(approve(approval.path("planId").asText())));

        assertEquals("APPLIED", applied.path("outcome").asText(), applied.toString());
        assertEquals(1, aws.calls("dynamodb:UpdateTable"));
        assertEquals(2000, incident.onDemandMaximum()[1]);
        assertEquals(-1, incident.onDemandMaximum()[0], "the read maximum is left as it was");
        assertEquals(List.of("EnableContributorInsights", "RaiseOnDemandMaximum"),
                incident.changes().stream().map(c -> c.get("type").s()).toList(),
                "Contributor Insights applied at once in apply mode, the maximum by approval");

        // calm for 61 minutes: the revert restores the owner's maximum
        incident.invoke(incident.eventAt("alarm-lambda-action-ok.json", Instant.now().minus(Duration.ofMinutes(61))));
        aws.resetCalls();
        incident.invoke("{\"task\":\"revert-check\"}");

        assertEquals(1, aws.calls("dynamodb:UpdateTable"));
        assertEquals(1000, incident.onDemandMaximum()[1]);
        incident.changes().forEach(c -> assertEquals("REVERTED", c.get("status").s(), c.toString()));
    }

    @Test
    void applyMode_atTheCeiling_appliesWhatItMay_andOffersTheRaiseBeyondForApproval() throws Exception {
        var incident = underProvisioned("ceiling", "apply").env("MAX_CAPACITY_CEILING", "1000")
                .env("MAX_CAPACITY_APPROVAL_CEILING", "1500");

        JsonNode finding = JSON.readTree(incident.invokeAs(incident.event("alarm-lambda-action.json"), ALIAS_ARN));

        assertEquals("AWAITING_APPROVAL", finding.path("outcome").asText());
        assertEquals(List.of("APPLIED", "APPLIED", "AWAITING_APPROVAL"), statuses(finding.path("actions")));
        assertEquals(List.of("RaiseMaxCapacity"), types(finding.path("approval").path("actions")));
        assertEquals("MaxCapacity 1500", finding.path("approval").path("actions").get(0).path("after").asText());
        assertEquals(1000, incident.maxCapacity(null, "Read"), "not past the ceiling without approval");
        assertEquals(60.0, target(incident));
        assertEquals(2, incident.changes().size());
        incident.findings();

        JSON.readTree(incident.invoke(approve(finding.path("approval").path("planId").asText())));
        assertEquals(1500, incident.maxCapacity(null, "Read"));
        assertEquals(3, incident.changes().size());
    }

    @Test
    void aTableRetaggedDryRunSinceTheOffer_isNotChangedByAnApproval_untilItsTagAllowsItAgain() throws Exception {
        var incident = new Incident(aws, "retag").provisionedTable(1000, 200,
                        Map.of("hot-partition-remediator", "approve"))
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0)
                .withStateTable()
                .env("PROTECTION", "tagged")
                .env("REMEDIATION_MODE", "apply");
        String planId = offered(incident).path("approval").path("planId").asText();
        tag(incident, "dry-run");

        JsonNode refused = JSON.readTree(incident.invoke(approve(planId)));

        assertEquals("REFUSED", refused.path("outcome").asText(), refused.toString());
        assertTrue(refused.path("reason").asText().contains("is in mode dry-run now (tag hot-partition-remediator=dry-run)"),
                refused.toString());
        assertEquals(0, writes());
        assertUnchanged(incident);
        assertEquals("PENDING", incident.planItem(planId).get("status").s(), "the plan waits for its tag or expiry");
        assertTrue(incident.findings().isEmpty(), "a refusal is not published");

        tag(incident, "approve");
        JsonNode applied = JSON.readTree(incident.invoke(approve(planId)));

        assertEquals("APPLIED", applied.path("outcome").asText(), applied.toString());
        assertEquals(2000, incident.maxCapacity(null, "Read"));
    }

    private static void tag(Incident incident, String value) {
        String arn = aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().tableArn();
        aws.dynamoDb().tagResource(b -> b.resourceArn(arn).tags(software.amazon.awssdk.services.dynamodb.model.Tag
                .builder().key("hot-partition-remediator").value(value).build()));
    }

    @Test
    void withoutAStateTable_approveModeRefusesToStart() {
        var incident = new Incident(aws, "nostate").provisionedTable(100, 100, Map.of())
                .env("REMEDIATION_MODE", "approve");
        var error = assertThrows(IllegalStateException.class, () -> incident.invoke(
                incident.event("alarm-lambda-action.json")));
        assertEquals("STATE_TABLE_NAME is not set, and REMEDIATION_MODE=approve needs it: state table for dedupe,"
                + " locks, cooldowns, audit, approvals and revert; empty turns those off (the construct creates the"
                + " table and sets it)", error.getMessage());
        assertFalse(error.getMessage().contains("\n"));
    }

    private static List<String> types(JsonNode actions) {
        var types = new ArrayList<String>();
        actions.forEach(a -> types.add(a.path("type").asText()));
        return types;
    }

    private static List<String> statuses(JsonNode actions) {
        var statuses = new ArrayList<String>();
        actions.forEach(a -> statuses.add(a.path("status").asText()));
        return statuses;
    }
}
