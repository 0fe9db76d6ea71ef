package dev.hpr.remediator.chaos;

import static dev.hpr.remediator.chaos.ChaosIncident.Protection.LISTED;
import static dev.hpr.remediator.chaos.ChaosIncident.Protection.TAGGED;
import static dev.hpr.remediator.chaos.JournalChaosTest.Fault.JOURNAL_WRITE_FAILS;
import static dev.hpr.remediator.chaos.JournalChaosTest.Fault.KILLED_AFTER_AWS_APPLIED;
import static dev.hpr.remediator.chaos.JournalChaosTest.Fault.KILLED_BEFORE_AWS_ASKED;
import static dev.hpr.remediator.chaos.JournalChaosTest.Fault.PUBLISH_FAILS;
import static dev.hpr.remediator.chaos.JournalChaosTest.MutatingPath.ALARM;
import static dev.hpr.remediator.chaos.JournalChaosTest.MutatingPath.APPROVAL;
import static dev.hpr.remediator.chaos.JournalChaosTest.MutatingPath.REVERT;
import static dev.hpr.remediator.chaos.JournalChaosTest.MutatingPath.SWEEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.chaos.ChaosIncident.Protection;
import dev.hpr.testfixtures.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, under chaos: each path that changes a table (an alarm, the fleet sweep, an approval, the revert
 * check) run through the real CLI in a JVM of its own, against the local AWS failing the way AWS fails in
 * production, then checked the way a user would: Lambda's retry (the same input again, the fault gone), the alarm
 * back to OK and calm, the revert check. At the end every value is back where it was, each setting was changed once
 * and restored once, and the journal (the state table's {@code CHANGE#} items) says so.
 *
 * <p>The journal and kill faults hit the path's second change (the read policy's retune, after Contributor Insights
 * was enabled and before MaxCapacity is raised; for the revert, the retune's restore, after MaxCapacity's and before
 * Contributor Insights'): so each run also shows that what came before the fault is kept and what comes after is not
 * lost. The publish fault hits the finding, after every change was made.
 *
 * <p>Every run under a fault, every retry and every revert check is the CLI in a JVM of its own. The steps not under
 * test (the plan offered before an approval, the remediation a revert starts from, the alarm's OK) run through the
 * same handler in this JVM ({@link ChaosIncident#handle}), which keeps the suite short.
 *
 * <p>Each row's retry is the same input again: Lambda's retry of a failed invocation, or, for a sweep that ended
 * with the table reported FAILED (a publish that failed), the next scheduled sweep.
 */
class JournalChaosTest {

    /** The path a change goes through. */
    enum MutatingPath { ALARM, SWEEP, APPROVAL, REVERT }

    /** What goes wrong while the path runs. */
    enum Fault {
        /** The journal's write for the retune (its intent, or its restore's) answers 500, however often tried. */
        JOURNAL_WRITE_FAILS,
        /** PutScalingPolicy is applied, and the function is killed before AWS's answer reaches it. */
        KILLED_AFTER_AWS_APPLIED,
        /** The retune's journal write is made, and the function is killed before its answer reaches it: the intent
         *  is written, AWS is never asked. */
        KILLED_BEFORE_AWS_ASKED,
        /** SNS answers 500 to every Publish: the finding cannot be published. */
        PUBLISH_FAILS
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_SCALING_POLICY = "application-autoscaling:PutScalingPolicy";
    private static final String REGISTER_SCALABLE_TARGET = "application-autoscaling:RegisterScalableTarget";
    private static final String UPDATE_CONTRIBUTOR_INSIGHTS = "dynamodb:UpdateContributorInsights";
    /** The PutItem of the retune's journal entry, and nothing else: {"type":{"S":"RetuneTargetTracking"}} is in that
     *  call's body only (a finding or a plan quoting the type carries it JSON-escaped). */
    private static final String RETUNE_JOURNAL_ITEM = LocalAws.literal("\"S\":\"RetuneTargetTracking\"");
    /** The table as the incident found it, and as the remediation leaves it. */
    private static final String AS_FOUND = "TargetValue 70.0, MaxCapacity 1000, Contributor Insights DISABLED";
    private static final String REMEDIATED = "TargetValue 60.0, MaxCapacity 2000, Contributor Insights ENABLED";
    private static final String ALL_ACTIVE =
            "{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[ACTIVE], RetuneTargetTracking=[ACTIVE]}";
    private static final String ALL_REVERTED =
            "{EnableContributorInsights=[REVERTED], RaiseMaxCapacity=[REVERTED], RetuneTargetTracking=[REVERTED]}";

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @AfterEach
    void clearFaultsAndReleaseHeldReplies() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    /**
     * Each row: the path, the fault, the protection mode, then what AWS holds and what the journal says right after
     * the faulted run (before any retry).
     */
    static Stream<Arguments> matrix() {
        String retuneOnly = "TargetValue 60.0, MaxCapacity 1000, Contributor Insights ENABLED";
        String insightsOnly = "TargetValue 70.0, MaxCapacity 1000, Contributor Insights ENABLED";
        String insightsActive = "{EnableContributorInsights=[ACTIVE]}";
        String retunePending = "{EnableContributorInsights=[ACTIVE], RetuneTargetTracking=[PENDING]}";
        String maxRestoredRetuneNot =
                "{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[REVERTED], RetuneTargetTracking=[ACTIVE]}";
        String retuneReverting =
                "{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[REVERTED], RetuneTargetTracking=[REVERTING]}";
        var rows = Stream.<Arguments>builder();
        for (MutatingPath path : new MutatingPath[] {ALARM, SWEEP, APPROVAL}) {
            rows.add(Arguments.of(path, JOURNAL_WRITE_FAILS, LISTED, insightsOnly, insightsActive));
            rows.add(Arguments.of(path, KILLED_AFTER_AWS_APPLIED, LISTED, retuneOnly, retunePending));
            rows.add(Arguments.of(path, PUBLISH_FAILS, LISTED, REMEDIATED, ALL_ACTIVE));
        }
        rows.add(Arguments.of(ALARM, KILLED_AFTER_AWS_APPLIED, TAGGED, retuneOnly, retunePending));
        rows.add(Arguments.of(ALARM, KILLED_BEFORE_AWS_ASKED, LISTED, insightsOnly, retunePending));
        rows.add(Arguments.of(APPROVAL, KILLED_BEFORE_AWS_ASKED, LISTED, insightsOnly, retunePending));
        rows.add(Arguments.of(REVERT, KILLED_BEFORE_AWS_ASKED, LISTED, retuneOnly, retuneReverting));
        for (Protection protection : Protection.values()) {
            rows.add(Arguments.of(REVERT, JOURNAL_WRITE_FAILS, protection, retuneOnly, maxRestoredRetuneNot));
            rows.add(Arguments.of(REVERT, KILLED_AFTER_AWS_APPLIED, protection, insightsOnly, retuneReverting));
            rows.add(Arguments.of(REVERT, PUBLISH_FAILS, protection, AS_FOUND, ALL_REVERTED));
        }
        return rows.build();
    }

    @ParameterizedTest(name = "{0} path, {1}, {2} protection")
    @MethodSource("matrix")
    void afterTheRetryCalmAndTheRevertCheck_everyValueIsBack_andTheJournalSaysSo(MutatingPath path, Fault fault,
            Protection protection, String settingsAfterFault, String journalAfterFault) throws Exception {
        // given an under-provisioned table, and what the path needs before it runs
        var incident = ChaosIncident.underProvisionedReads(aws, path.name().toLowerCase() + "-" + fault.ordinal(),
                        protection)
                .env("LOCK_SECONDS", "2")
                .env("REVERT_AFTER_CALM_MINUTES", "1")
                .env("REMEDIATION_MODE", path == APPROVAL ? "approve" : "apply");
        aws.resetCalls();
        Instant alarmAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        String[] input = prepare(path, incident, alarmAt);
        String before = incident.settings();
        long policyWritesBefore = aws.calls(PUT_SCALING_POLICY);

        // when the path runs under the fault
        inject(fault, incident);
        FunctionProcess.Exit exit = runUnder(fault, incident, input);
        aws.clearFaults();
        aws.releaseHeldReplies();

        // then what AWS holds and what the journal says are as the row says
        assertEquals(settingsAfterFault, incident.settings(), exit.toString());
        assertEquals(journalAfterFault, incident.journalStatuses().toString(), exit.toString());
        assertFaultedRun(path, fault, exit, incident, before, policyWritesBefore);

        // when Lambda retries the failed invocation (the same input, the fault gone, the dead one's lock expired;
        // for a sweep that ended, the next schedule)
        incident.awaitLockFree(Duration.ofSeconds(10));
        FunctionProcess.Exit retry = incident.run(input);

        // then the path is done: every change made once (the half-done one adopted or closed), or every restore
        assertRetry(path, fault, retry, incident);
        assertEquals(path == REVERT ? AS_FOUND : REMEDIATED, incident.settings(), retry.toString());
        assertEquals(journal(path == REVERT ? ALL_REVERTED : ALL_ACTIVE, path, fault),
                incident.journalStatuses().toString(), retry.toString());

        // when the alarm goes OK, stays calm past REVERT_AFTER_CALM_MINUTES, and the revert check runs
        if (path != REVERT) {
            calm(incident, alarmAt);
            FunctionProcess.Exit check = incident.run("invoke", ChaosIncident.task(dir, "revert-check").toString());
            assertEquals(0, check.code(), check.toString());
        }

        // then every value is back where it was, each setting was changed once and restored once, and the journal
        // says each change was reverted
        assertEquals(AS_FOUND, incident.settings());
        assertEquals(journal(ALL_REVERTED, path, fault), incident.journalStatuses().toString());
        assertEquals(2, aws.calls(PUT_SCALING_POLICY), aws.calls().toString());
        assertEquals(2, aws.calls(REGISTER_SCALABLE_TARGET), aws.calls().toString());
        assertEquals(2, aws.calls(UPDATE_CONTRIBUTOR_INSIGHTS), aws.calls().toString());
    }

    /**
     * The first failure: AWS applied the retune (or its restore) and the journal's record of AWS's answer
     * fails. The invocation goes on (the change is made and reported); the entry stays unsettled, counts for the
     * cooldown, and the next invocation to hold the table's lock settles it from what AWS holds: a later alarm adopts
     * the retune (and changes nothing inside its cooldown), a later revert check records the restore.
     */
    @ParameterizedTest(name = "{0} path")
    @EnumSource(value = MutatingPath.class, names = {"ALARM", "REVERT"})
    void aRecordThatFailsAfterAwsAnswered_leavesTheEntryUnsettled_andTheNextHolderOfTheLockSettlesIt(
            MutatingPath path) throws Exception {
        // given an under-provisioned table (remediated and calm, for the revert), and the state table answering 500
        // to the write that records AWS's answer to the retune (ACTIVE) or to its restore (REVERTED)
        var incident = ChaosIncident.underProvisionedReads(aws, path.name().toLowerCase() + "-settle")
                .env("LOCK_SECONDS", "2")
                .env("REVERT_AFTER_CALM_MINUTES", "1");
        aws.resetCalls();
        Instant alarmAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        String[] input = prepare(path, incident, alarmAt);
        String settled = path == ALARM ? "ACTIVE" : "REVERTED";
        aws.failNext("dynamodb:PutItem", LocalAws.ALWAYS, 500, "InternalServerError",
                "injected: the state table is unavailable", "(?=[\\s\\S]*" + RETUNE_JOURNAL_ITEM + ")(?=[\\s\\S]*"
                        + LocalAws.literal("\"S\":\"" + settled + "\"") + ")");

        // when the path runs
        FunctionProcess.Exit exit = incident.run(input);
        aws.clearFaults();

        // then the change (or restore) is made and the invocation ends normally; the retune's entry is unsettled
        assertEquals(0, exit.code(), exit.toString());
        assertTrue(exit.stderr().contains("could not settle a journal entry"), exit.toString());
        assertEquals(path == ALARM ? REMEDIATED : AS_FOUND, incident.settings());
        assertEquals(path == ALARM
                        ? "{EnableContributorInsights=[ACTIVE], RaiseMaxCapacity=[ACTIVE], RetuneTargetTracking=[PENDING]}"
                        : "{EnableContributorInsights=[REVERTED], RaiseMaxCapacity=[REVERTED],"
                                + " RetuneTargetTracking=[REVERTING]}",
                incident.journalStatuses().toString(), exit.toString());
        incident.published();

        // when the table is next touched under its lock: the alarm again (another state change), or the next check
        FunctionProcess.Exit next = path == ALARM
                ? incident.run("invoke", incident.alarm(dir, alarmAt.plus(Duration.ofMinutes(1))).toString())
                : incident.run(input);

        // then the entry is settled from what AWS holds; a new alarm changes nothing inside the adopted cooldown
        assertEquals(0, next.code(), next.toString());
        assertEquals(path == ALARM ? ALL_ACTIVE : ALL_REVERTED, incident.journalStatuses().toString(), next.toString());
        assertEquals(path == ALARM ? 1 : 2, aws.calls(PUT_SCALING_POLICY), aws.calls().toString());
        if (path == ALARM) {
            JsonNode finding = readJson(next.stdout());
            assertTrue(finding.path("caveats").toString().contains("Found half-done and adopted"), next.toString());
            assertTrue(finding.path("skipped").toString().contains("Cooldown"), next.toString());
            // and after calm the revert check restores it
            calm(incident, alarmAt);
            assertEquals(0, incident.run("invoke", ChaosIncident.task(dir, "revert-check").toString()).code());
        }
        assertEquals(AS_FOUND, incident.settings());
        assertEquals(ALL_REVERTED, incident.journalStatuses().toString());
        assertEquals(2, aws.calls(PUT_SCALING_POLICY), aws.calls().toString());
        assertEquals(2, aws.calls(REGISTER_SCALABLE_TARGET), aws.calls().toString());
        assertEquals(2, aws.calls(UPDATE_CONTRIBUTOR_INSIGHTS), aws.calls().toString());
    }

    /**
     * The journal expected once the path is done: {@code settled}, but where the retune's intent was written and AWS
     * never asked, that entry is closed NOT_APPLIED and the retry's own entry follows it (a restore that never took
     * effect is instead ACTIVE again, and the same revert check restores it).
     */
    private static String journal(String settled, MutatingPath path, Fault fault) {
        return fault == KILLED_BEFORE_AWS_ASKED && path != REVERT
                ? settled.replace("RetuneTargetTracking=[", "RetuneTargetTracking=[NOT_APPLIED, ") : settled;
    }

    /** The alarm back to OK 5 minutes after it went to ALARM, 5 minutes ago: calm past REVERT_AFTER_CALM_MINUTES. */
    private void calm(ChaosIncident incident, Instant alarmAt) {
        JsonNode ok = incident.handle(incident.ok(dir, alarmAt.plus(Duration.ofMinutes(5))));
        assertEquals("NOT_IN_ALARM", ok.path("outcome").asText(), ok.toString());
    }

    /** Runs what the path needs before the faulted run; returns the faulted run's input (the retry's too). */
    private String[] prepare(MutatingPath path, ChaosIncident incident, Instant alarmAt) throws Exception {
        String alarm = incident.alarm(dir, alarmAt).toString();
        switch (path) {
            case ALARM:
                return new String[] {"invoke", alarm};
            case SWEEP:
                return new String[] {"invoke", ChaosIncident.task(dir, "sweep").toString()};
            case APPROVAL: {
                JsonNode finding = incident.handle(Path.of(alarm));
                assertEquals("AWAITING_APPROVAL", finding.path("outcome").asText(), finding.toString());
                assertEquals(AS_FOUND, incident.settings());
                incident.published();
                return new String[] {"approve", finding.path("approval").path("planId").asText()};
            }
            case REVERT: {
                JsonNode remediated = incident.handle(Path.of(alarm));
                assertEquals("DIAGNOSED", remediated.path("outcome").asText(), remediated.toString());
                assertEquals(REMEDIATED, incident.settings());
                calm(incident, alarmAt);
                incident.published();
                return new String[] {"invoke", ChaosIncident.task(dir, "revert-check").toString()};
            }
            default:
                throw new IllegalArgumentException(path.name());
        }
    }

    private void inject(Fault fault, ChaosIncident incident) {
        switch (fault) {
            case JOURNAL_WRITE_FAILS:
                aws.failNext("dynamodb:PutItem", LocalAws.ALWAYS, 500, "InternalServerError",
                        "injected: the state table is unavailable", RETUNE_JOURNAL_ITEM);
                break;
            case KILLED_AFTER_AWS_APPLIED:
                aws.holdReply(PUT_SCALING_POLICY, 1, LocalAws.UNTIL_RELEASED,
                        LocalAws.literal("\"table/" + incident.table + "\""));
                break;
            case KILLED_BEFORE_AWS_ASKED:
                aws.holdReply("dynamodb:PutItem", 1, LocalAws.UNTIL_RELEASED, RETUNE_JOURNAL_ITEM);
                break;
            case PUBLISH_FAILS:
                aws.failNext("sns:Publish", LocalAws.ALWAYS, 500, "InternalError", "injected: SNS is unavailable");
                break;
            default:
                throw new IllegalArgumentException(fault.name());
        }
    }

    private FunctionProcess.Exit runUnder(Fault fault, ChaosIncident incident, String[] input) {
        String held = fault == KILLED_AFTER_AWS_APPLIED ? PUT_SCALING_POLICY
                : fault == KILLED_BEFORE_AWS_ASKED ? "dynamodb:PutItem" : null;
        if (held == null) {
            return incident.run(input);
        }
        return incident.killedWhenHeld(held, input);
    }

    private static void assertFaultedRun(MutatingPath path, Fault fault, FunctionProcess.Exit exit,
                                         ChaosIncident incident, String before, long policyWritesBefore) {
        switch (fault) {
            case JOURNAL_WRITE_FAILS:
                // the retune (or its restore) was never asked of AWS, nor anything after it
                assertEquals(policyWritesBefore, incident.aws.calls(PUT_SCALING_POLICY), exit.toString());
                assertEquals(before.substring(0, before.indexOf(',')),
                        incident.settings().substring(0, before.indexOf(',')), "TargetValue never changed");
                assertFailedSaying(path, exit, "Could not write the intent of");
                assertTrue(exit.stderr().contains("Nothing was changed; the invocation fails so that Lambda retries"
                        + " it"), exit.toString());
                break;
            case KILLED_AFTER_AWS_APPLIED:
            case KILLED_BEFORE_AWS_ASKED:
                assertEquals(137, exit.code(), exit.toString());
                assertEquals("", exit.stdout(), exit.toString());
                break;
            case PUBLISH_FAILS:
                if (path == SWEEP) {
                    // one table's failure does not fail the fleet's sweep: its summary names the table and why
                    assertEquals(0, exit.code(), exit.toString());
                    JsonNode table = readJson(exit.stdout()).path("tables").path(0);
                    assertEquals("FAILED", table.path("status").asText(), exit.toString());
                    assertTrue(table.path("error").asText().contains("sns:Publish"), exit.toString());
                } else {
                    assertFailedSaying(path, exit, "sns:Publish");
                }
                break;
            default:
                throw new IllegalArgumentException(fault.name());
        }
    }

    /** The invocation failed (exit 1) and says why on stderr, so that Lambda retries it. */
    private static void assertFailedSaying(MutatingPath path, FunctionProcess.Exit exit, String why) {
        assertEquals(1, exit.code(), path + ": " + exit);
        assertTrue(exit.stderr().contains(why), exit.toString());
    }

    private static void assertRetry(MutatingPath path, Fault fault, FunctionProcess.Exit retry,
                                    ChaosIncident incident) throws Exception {
        var published = incident.published();
        if (path == APPROVAL && fault == PUBLISH_FAILS) {
            // every change was applied before the publish failed: approving again applies nothing twice
            assertEquals(4, retry.code(), retry.toString());
            assertTrue(retry.stderr().contains("nothing is left to apply"), retry.toString());
            return;
        }
        assertEquals(0, retry.code(), retry.toString());
        JsonNode out = JSON.readTree(retry.stdout());
        if (fault == KILLED_AFTER_AWS_APPLIED || fault == KILLED_BEFORE_AWS_ASKED) {
            // the retry found the half-done change, settled it from what AWS holds, and its finding says so
            String said = fault == KILLED_AFTER_AWS_APPLIED
                    ? path == REVERT ? "recorded as reverted" : "Found half-done and adopted"
                    : path == REVERT ? "never took effect; the revert check tries it again" : "Found half-done and closed";
            assertTrue(published.stream().anyMatch(f -> f.toString().contains(said)), said + " in " + published);
        }
        if (path == ALARM && fault == PUBLISH_FAILS) {
            assertEquals("DUPLICATE", out.path("outcome").asText(), retry.toString());
            assertEquals(1, published.size(), published.toString());
            assertEquals(3, published.get(0).path("actions").size(), "the original finding: " + published);
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
