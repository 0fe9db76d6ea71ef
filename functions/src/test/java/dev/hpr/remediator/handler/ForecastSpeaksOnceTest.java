package dev.hpr.remediator.handler;

import static dev.hpr.remediator.handler.ForecastEndToEndTest.maxCapacity;
import static dev.hpr.remediator.handler.ForecastEndToEndTest.provisioned;
import static dev.hpr.remediator.handler.ForecastEndToEndTest.scheduled;
import static dev.hpr.remediator.handler.ForecastEndToEndTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The forecast publishes when something changes, not at every daily run (issue 20, "a forecast finding is published
 * when a schedule is created, changed or removed"), against the local AWS with 14 days of a daily 09:00-09:30 peak:
 * forecast only publishes the proposal once, again when it changes, and once more when it is gone; a change offered
 * for approval is offered once (the same plan named while it waits, not offered again once rejected, offered again
 * once it expired unanswered). Every test counts the findings on the topic and the plans in the state table.
 */
class ForecastSpeaksOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORECAST = "{\"task\":\"forecast\"}";
    private final LocalAws aws = LocalAws.shared();

    @BeforeEach
    void clean() {
        aws.clearFaults();
    }

    @Test
    void forecastOnly_publishesTheProposalOnce_againWhenItChanges_andOnceWhenItIsGone() throws Exception {
        var incident = provisioned("speaks-once", 500).env("FORECAST", "forecast-only");

        // the first run names the peak and what it would schedule, and says that nothing changed
        JsonNode first = run(incident);
        assertEquals("NOT_APPLIED", write(first).path("outcome").asText(), first.toString());
        List<JsonNode> published = findings(incident);
        assertEquals(1, published.size(), published.toString());
        assertEquals("[HPR forecast] " + incident.table + ": recurring peaks, nothing changed",
                published.get(0).path("Subject").asText());
        JsonNode document = JSON.readTree(published.get(0).path("Message").asText());
        assertEquals(false, document.path("changed").asBoolean(true), document.toString());
        assertTrue(document.path("text").asText().contains("Nothing changed: FORECAST=forecast-only"),
                document.toString());

        // the next day's run proposes the same: nothing published, and the summary says why
        JsonNode second = run(incident);
        assertEquals("NOT_APPLIED", write(second).path("outcome").asText());
        assertTrue(findings(incident).isEmpty(), "the same proposal is not published again");
        assertTrue(second.path("tables").get(0).path("finding").asText().startsWith("none: nothing new"),
                second.toString());

        // the table's own MinCapacity changes, so the proposed restore changes: published again
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .minCapacity(10));
        run(incident);
        List<JsonNode> changed = findings(incident);
        assertEquals(1, changed.size(), changed.toString());
        assertTrue(text(changed.get(0)).contains("MinCapacity 10"), text(changed.get(0)));

        // the target-tracking policy is removed: nothing can be scheduled, and the earlier proposal is said to be gone
        String policy = incident.policy(null, "Write").policyName();
        aws.autoScaling().deleteScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .policyName(policy));
        JsonNode gone = run(incident);
        assertEquals("LEFT_ALONE", write(gone).path("outcome").asText(), gone.toString());
        List<JsonNode> goneFindings = findings(incident);
        assertEquals(1, goneFindings.size(), goneFindings.toString());
        assertTrue(text(goneFindings.get(0)).contains("write schedule: no longer proposed"), text(goneFindings.get(0)));
        run(incident);
        assertTrue(findings(incident).isEmpty(), "said once that it is gone");
        assertTrue(scheduled(incident).isEmpty(), "forecast only never schedules");
    }

    @Test
    void aFindingThatCouldNotBePublished_isPublishedByTheNextRun() throws Exception {
        var incident = provisioned("speaks-once-lost", 500).env("FORECAST", "forecast-only");
        aws.failNext("sns:Publish", LocalAws.ALWAYS, 500, "InternalError", "SNS unavailable",
                LocalAws.literal(incident.table));

        JsonNode lost = run(incident);
        assertTrue(lost.path("tables").get(0).path("finding").asText().startsWith("not published"), lost.toString());
        assertTrue(findings(incident).isEmpty());
        aws.clearFaults();

        run(incident);
        List<JsonNode> published = findings(incident);
        assertEquals(1, published.size(), "said by the next run: " + published);
        assertTrue(text(published.get(0)).contains("Nothing changed: FORECAST=forecast-only"), text(published.get(0)));
    }

    @Test
    void aScheduleCreatedButNotAnnounced_isAnnouncedByTheNextRun_andAFailedChangeIsNotCalledAChange() throws Exception {
        var incident = provisioned("speaks-once-unannounced", 500).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "apply");
        aws.failNext("sns:Publish", LocalAws.ALWAYS, 500, "InternalError", "SNS unavailable",
                LocalAws.literal(incident.table));

        // the schedule is created, but its finding is lost
        assertEquals("SCHEDULED", write(run(incident)).path("outcome").asText());
        assertEquals(2, scheduled(incident).size());
        assertTrue(findings(incident).isEmpty());
        aws.clearFaults();

        // the next run finds it standing, and says so once: nobody was told
        JsonNode next = write(run(incident));
        assertEquals("UNCHANGED", next.path("outcome").asText(), next.toString());
        List<JsonNode> late = findings(incident);
        assertEquals(1, late.size(), late.toString());
        assertTrue(text(late.get(0)).contains("Our schedule stands as the forecast wants it (not announced before)")
                && text(late.get(0)).contains("MinCapacity 5 → "), text(late.get(0)));
        run(incident);
        assertTrue(findings(incident).isEmpty(), "announced once");

        // a change AWS refuses is published, but not as a change made
        var refused = provisioned("speaks-once-refused", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        aws.failNext("application-autoscaling:PutScheduledAction", LocalAws.ALWAYS, 400, "ValidationException",
                "refused", LocalAws.literal(refused.table));
        assertEquals("FAILED", write(run(refused)).path("outcome").asText());
        List<JsonNode> failed = findings(refused);
        assertEquals(1, failed.size());
        assertEquals("[HPR forecast] " + refused.table + ": recurring peaks, nothing changed",
                failed.get(0).path("Subject").asText());
        assertEquals(false, JSON.readTree(failed.get(0).path("Message").asText()).path("changed").asBoolean(true));
        assertTrue(scheduled(refused).isEmpty());
    }

    @Test
    void anApprovedRaise_isNotCalledUnneededAfterwards() throws Exception {
        var incident = provisioned("speaks-once-approved", 500, 400).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "apply");
        String planId = write(run(incident)).path("beyondMaxCapacity").path("approval").path("planId").asText();
        findings(incident);

        incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}");
        findings(incident);
        JsonNode after = write(run(incident));

        assertEquals("SCHEDULED", after.path("outcome").asText(), "scheduled up to the raised maximum: " + after);
        List<JsonNode> published = findings(incident);
        assertEquals(1, published.size(), published.toString());
        String finding = text(published.get(0));
        assertTrue(!finding.contains("no longer proposed") && !finding.contains("reject it"), finding);
    }

    @Test
    void aMaxCapacityRaise_isOfferedOnce_namedWhileItWaits_notOfferedAgainOnceRejected() throws Exception {
        var incident = provisioned("speaks-once-max", 500, 400).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");

        JsonNode first = write(run(incident));
        String planId = first.path("beyondMaxCapacity").path("approval").path("planId").asText();
        assertEquals("OFFERED", first.path("beyondMaxCapacity").path("outcome").asText(), first.toString());
        assertEquals(1, findings(incident).size());
        assertEquals(1, plans(incident).size());

        // the next run: the same plan, still waiting; no second plan, no finding
        JsonNode second = write(run(incident));
        assertEquals("OFFERED", second.path("beyondMaxCapacity").path("outcome").asText(), second.toString());
        assertEquals(planId, second.path("beyondMaxCapacity").path("approval").path("planId").asText());
        assertTrue(second.path("beyondMaxCapacity").path("reason").asText().contains("still awaiting approval"),
                second.toString());
        assertEquals("UNCHANGED", second.path("outcome").asText(), "the schedule within MaxCapacity stands");
        assertTrue(findings(incident).isEmpty(), "not offered again while it waits");
        assertEquals(1, plans(incident).size());

        // a person rejects it: the same raise is not offered again, and MaxCapacity stays
        incident.invoke("{\"task\":\"reject\",\"planId\":\"" + planId + "\"}");
        findings(incident);
        JsonNode third = write(run(incident));
        assertEquals("LEFT_ALONE", third.path("beyondMaxCapacity").path("outcome").asText(), third.toString());
        assertTrue(third.path("beyondMaxCapacity").path("reason").asText().contains("rejected"), third.toString());
        assertTrue(findings(incident).isEmpty());
        assertEquals(1, plans(incident).size());
        assertEquals(400, maxCapacity(incident));
    }

    @Test
    void aWarmThroughputRaise_isOfferedOnce_andAgainOnlyAfterTheOfferExpired() throws Exception {
        var incident = new Incident(aws, "speaks-once-warm").onDemandTable(Map.of()).withStateTable()
                .env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        var start = MorningPeak.historyStart();
        new dev.hpr.testfixtures.MetricHistory(aws).seedDynamoDb(incident.table, null, "ConsumedWriteCapacityUnits",
                start, MorningPeak.perMinuteSums(MorningPeak.demand(start, 100, 6000)));

        String planId = write(run(incident)).path("approval").path("planId").asText();
        assertEquals(1, findings(incident).size());

        JsonNode again = write(run(incident));
        assertEquals("OFFERED", again.path("outcome").asText(), again.toString());
        assertEquals(planId, again.path("approval").path("planId").asText());
        assertTrue(findings(incident).isEmpty());
        assertEquals(1, plans(incident).size());
        assertEquals(4000L, ForecastEndToEndTest.warmWrite(incident), "never applied without approval");

        // the next day (APPROVAL_TTL_MINUTES is 60, but a forecast's offer waits a week): still the same plan
        Clock nextDay = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(1));
        JsonNode tomorrow = write(JSON.readTree(incident.invokeAt(FORECAST, nextDay)));
        assertEquals(planId, tomorrow.path("approval").path("planId").asText(), tomorrow.toString());
        assertTrue(findings(incident).isEmpty());

        // a week later the plan expired unanswered (its expiry moved to the past: the history cannot age a week here):
        // offered again, as a new plan
        long weekAgo = java.time.Instant.now().minusSeconds(1).getEpochSecond();
        aws.dynamoDb().updateItem(b -> b.tableName(incident.env.get("STATE_TABLE_NAME"))
                .key(Map.of("pk", AttributeValue.fromS("PLAN#" + planId), "sk", AttributeValue.fromS("PLAN")))
                .updateExpression("SET approvalExpiresAt = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(weekAgo)))));
        JsonNode expired = write(run(incident));
        assertEquals("OFFERED", expired.path("outcome").asText(), expired.toString());
        assertNotEquals(planId, expired.path("approval").path("planId").asText());
        assertEquals(1, findings(incident).size());
        assertEquals(2, plans(incident).size());
        assertEquals(4000L, ForecastEndToEndTest.warmWrite(incident));
    }

    private static JsonNode run(Incident incident) throws Exception {
        return JSON.readTree(incident.invoke(FORECAST));
    }

    private static List<JsonNode> findings(Incident incident) throws Exception {
        var all = new ArrayList<JsonNode>();
        for (var m : incident.findings()) {
            all.add(JSON.readTree(m.body()));
        }
        return all;
    }

    private static String text(JsonNode envelope) throws Exception {
        return JSON.readTree(envelope.path("Message").asText()).path("text").asText();
    }

    private List<Map<String, AttributeValue>> plans(Incident incident) {
        return aws.dynamoDb().scan(b -> b.tableName(incident.env.get("STATE_TABLE_NAME"))).items().stream()
                .filter(i -> i.get("pk").s().startsWith("PLAN#")).toList();
    }
}
