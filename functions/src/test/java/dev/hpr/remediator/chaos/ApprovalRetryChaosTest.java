package dev.hpr.remediator.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approved plan survives a transient failure, through the real CLI in a JVM of its own: approving while
 * Application Auto Scaling answers 500 applies what it can and says what failed and that approving again retries it;
 * approving again applies what is left; a third approval has nothing left to apply. Nothing is applied twice, and
 * after calm the revert check restores everything the plan changed. (The plan's offer and the alarm's OK, not under
 * test, run through the same handler in this JVM.)
 */
class ApprovalRetryChaosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_SCALING_POLICY = "application-autoscaling:PutScalingPolicy";
    private static final String REGISTER_SCALABLE_TARGET = "application-autoscaling:RegisterScalableTarget";
    private static final String UPDATE_CONTRIBUTOR_INSIGHTS = "dynamodb:UpdateContributorInsights";

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @AfterEach
    void clearFaultsAndReleaseHeldReplies() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    @Test
    void approvingAgain_afterAutoScalingAnswered500_appliesWhatIsLeft_andNothingTwice() throws Exception {
        // given a plan offered for approval: enable Contributor Insights, retune the read policy, raise MaxCapacity
        var incident = ChaosIncident.underProvisionedReads(aws, "approve-retry")
                .env("REMEDIATION_MODE", "approve")
                .env("REVERT_AFTER_CALM_MINUTES", "1");
        Instant alarmAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode offered = incident.handle(incident.alarm(dir, alarmAt));
        assertEquals("AWAITING_APPROVAL", offered.path("outcome").asText(), offered.toString());
        String planId = offered.path("approval").path("planId").asText();
        incident.published();
        // and Application Auto Scaling answering 500 to this table's PutScalingPolicy and RegisterScalableTarget
        // (InternalServiceException: both operations' error in the API model, application-autoscaling 2016-02-06)
        for (String operation : List.of(PUT_SCALING_POLICY, REGISTER_SCALABLE_TARGET)) {
            aws.failNext(operation, LocalAws.ALWAYS, 500, "InternalServiceException", "injected: service unavailable",
                    LocalAws.literal("\"table/" + incident.table + "\""));
        }

        // when a person approves the plan
        FunctionProcess.Exit first = incident.run("approve", planId);
        aws.clearFaults();

        // then Contributor Insights is enabled; the two others failed, and the finding says approving again retries
        assertEquals(0, first.code(), first.toString());
        JsonNode partial = JSON.readTree(first.stdout());
        assertEquals(List.of("EnableContributorInsights:APPLIED", "RetuneTargetTracking:FAILED",
                "RaiseMaxCapacity:FAILED"), results(partial), partial.toString());
        assertTrue(partial.path("headline").asText().contains("1 of 3 change(s) applied, 2 failed"),
                partial.path("headline").asText());
        String caveats = partial.path("caveats").toString();
        assertTrue(caveats.contains("2 change(s) of the plan are not applied yet") && caveats.contains(
                "approving plan " + planId + " again") && caveats.contains("applies what is left"), caveats);
        assertTrue(partial.path("actions").toString().contains("InternalServiceException"), partial.toString());
        assertEquals(List.of(partial.path("id").asText()), ids(incident.published()), "the finding is published");
        assertEquals("TargetValue 70.0, MaxCapacity 1000, Contributor Insights ENABLED", incident.settings());
        assertEquals("{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[FAILED], RetuneTargetTracking=[FAILED]}",
                incident.journalStatuses().toString());
        for (String type : List.of("RetuneTargetTracking", "RaiseMaxCapacity")) {
            var entry = incident.entry(type);
            assertTrue(entry.get("retryable").bool(), "a 500 is transient: " + entry);
            assertEquals(planId, entry.get("decisionPlanId").s());
            assertTrue(entry.get("note").s().contains("InternalServiceException"), entry.toString());
        }
        assertEquals("APPROVED", incident.planItem(planId).get("status").s());

        // when the person approves again, Application Auto Scaling answering
        aws.resetCalls();
        FunctionProcess.Exit second = incident.run("approve", planId);

        // then what failed is applied, and only that
        assertEquals(0, second.code(), second.toString());
        JsonNode rest = JSON.readTree(second.stdout());
        assertEquals(List.of("RetuneTargetTracking:APPLIED", "RaiseMaxCapacity:APPLIED"), results(rest),
                rest.toString());
        assertTrue(rest.path("skipped").toString().contains("Applied by an earlier approval"), rest.toString());
        assertEquals(Map.of(PUT_SCALING_POLICY, 1L, REGISTER_SCALABLE_TARGET, 1L, UPDATE_CONTRIBUTOR_INSIGHTS, 0L),
                writes(), aws.calls().toString());
        assertEquals("TargetValue 60.0, MaxCapacity 2000, Contributor Insights ENABLED", incident.settings());
        assertEquals("{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[FAILED, ACTIVE],"
                + " RetuneTargetTracking=[FAILED, ACTIVE]}", incident.journalStatuses().toString());
        assertEquals(List.of(rest.path("id").asText()), ids(incident.published()));

        // when the person approves a third time
        aws.resetCalls();
        FunctionProcess.Exit third = incident.run("approve", planId);

        // then it is refused: nothing is left to apply, and nothing is changed or published
        assertEquals(4, third.code(), third.toString());
        assertTrue(third.stderr().contains("nothing is left to apply"), third.toString());
        assertEquals(Map.of(PUT_SCALING_POLICY, 0L, REGISTER_SCALABLE_TARGET, 0L, UPDATE_CONTRIBUTOR_INSIGHTS, 0L),
                writes(), aws.calls().toString());
        assertEquals(List.of(), incident.published());

        // and once the alarm is OK and calm, the revert check restores everything the plan changed
        incident.handle(incident.ok(dir, alarmAt.plus(Duration.ofMinutes(5))));
        FunctionProcess.Exit check = incident.run("invoke", ChaosIncident.task(dir, "revert-check").toString());
        assertEquals(0, check.code(), check.toString());
        assertEquals("TargetValue 70.0, MaxCapacity 1000, Contributor Insights DISABLED", incident.settings());
        assertEquals("{EnableContributorInsights=[REVERTED], RaiseMaxCapacity=[FAILED, REVERTED],"
                + " RetuneTargetTracking=[FAILED, REVERTED]}", incident.journalStatuses().toString());
    }

    @Test
    void aChangeAwsRefusedForGood_isClosedWithAwsMessage_andApprovingAgainRetriesOnlyTheTransientOne()
            throws Exception {
        // given a plan offered for approval
        var incident = ChaosIncident.underProvisionedReads(aws, "approve-refused")
                .env("REMEDIATION_MODE", "approve")
                .env("REVERT_AFTER_CALM_MINUTES", "1");
        Instant alarmAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode offered = incident.handle(incident.alarm(dir, alarmAt));
        String planId = offered.path("approval").path("planId").asText();
        incident.published();
        // and Application Auto Scaling answering 500 to the retune, and refusing the MaxCapacity raise for good
        // (ValidationException: RegisterScalableTarget's client error in the API model)
        String scope = LocalAws.literal("\"table/" + incident.table + "\"");
        aws.failNext(PUT_SCALING_POLICY, LocalAws.ALWAYS, 500, "InternalServiceException",
                "injected: service unavailable", scope);
        aws.failNext(REGISTER_SCALABLE_TARGET, 1, 400, "ValidationException", "injected: MaxCapacity refused", scope);

        // when a person approves the plan
        FunctionProcess.Exit first = incident.run("approve", planId);
        aws.clearFaults();

        // then both failed; only the transient failure is left to approve again
        assertEquals(0, first.code(), first.toString());
        JsonNode partial = JSON.readTree(first.stdout());
        assertEquals(List.of("EnableContributorInsights:APPLIED", "RetuneTargetTracking:FAILED",
                "RaiseMaxCapacity:FAILED"), results(partial), partial.toString());
        assertTrue(partial.path("caveats").toString().contains("1 change(s) of the plan are not applied yet"),
                partial.path("caveats").toString());
        assertTrue(incident.entry("RetuneTargetTracking").get("retryable").bool());
        assertEquals(false, incident.entry("RaiseMaxCapacity").get("retryable").bool());

        // when the person approves again, Application Auto Scaling answering
        aws.resetCalls();
        FunctionProcess.Exit second = incident.run("approve", planId);

        // then the retune is applied; the refused raise is closed with AWS's message and not tried again
        assertEquals(0, second.code(), second.toString());
        JsonNode rest = JSON.readTree(second.stdout());
        assertEquals(List.of("RetuneTargetTracking:APPLIED"), results(rest), rest.toString());
        String skipped = rest.path("skipped").toString();
        assertTrue(skipped.contains("AWS refused it for good") && skipped.contains("injected: MaxCapacity refused"),
                skipped);
        assertEquals(Map.of(PUT_SCALING_POLICY, 1L, REGISTER_SCALABLE_TARGET, 0L, UPDATE_CONTRIBUTOR_INSIGHTS, 0L),
                writes(), aws.calls().toString());
        assertEquals("TargetValue 60.0, MaxCapacity 1000, Contributor Insights ENABLED", incident.settings());

        // when the person approves a third time, then nothing is left to apply
        FunctionProcess.Exit third = incident.run("approve", planId);
        assertEquals(4, third.code(), third.toString());
        assertTrue(third.stderr().contains("nothing is left to apply"), third.toString());

        // and after calm the revert check restores what was applied; the refused raise never changed anything
        incident.handle(incident.ok(dir, alarmAt.plus(Duration.ofMinutes(5))));
        assertEquals(0, incident.run("invoke", ChaosIncident.task(dir, "revert-check").toString()).code());
        assertEquals("TargetValue 70.0, MaxCapacity 1000, Contributor Insights DISABLED", incident.settings());
        assertEquals("{EnableContributorInsights=[REVERTED], RaiseMaxCapacity=[FAILED],"
                + " RetuneTargetTracking=[FAILED, REVERTED]}", incident.journalStatuses().toString());
    }

    private static List<String> results(JsonNode finding) {
        var results = new ArrayList<String>();
        finding.path("actions").forEach(a -> results.add(a.path("type").asText() + ":" + a.path("status").asText()));
        return results;
    }

    private static List<String> ids(List<JsonNode> findings) {
        return findings.stream().map(f -> f.path("id").asText()).toList();
    }

    private Map<String, Long> writes() {
        return Map.of(PUT_SCALING_POLICY, aws.calls(PUT_SCALING_POLICY),
                REGISTER_SCALABLE_TARGET, aws.calls(REGISTER_SCALABLE_TARGET),
                UPDATE_CONTRIBUTOR_INSIGHTS, aws.calls(UPDATE_CONTRIBUTOR_INSIGHTS));
    }
}
