package dev.hpr.remediator.chaos;

import static dev.hpr.remediator.chaos.ForecastChaosTest.Fault.JOURNAL_WRITE_FAILS;
import static dev.hpr.remediator.chaos.ForecastChaosTest.Fault.KILLED_AFTER_AWS_APPLIED;
import static dev.hpr.remediator.chaos.ForecastChaosTest.Fault.KILLED_BEFORE_AWS_ASKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.remediator.handler.MorningPeak;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import dev.hpr.testfixtures.TableIncident;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The forecast's changes under chaos, between two steps of the journal: the forecast task ({@code forecast}, FORECAST=on,
 * apply mode) and the approval of a warm throughput raise it offered ({@code approve PLAN_ID}), each run through the
 * real CLI in a JVM of its own against the local AWS failing as AWS fails, then run again as the next schedule (or
 * the person approving again) would. Afterwards AWS holds each of our scheduled actions once (someone else's is never
 * touched), every journal entry is settled from what AWS holds (adopted, or closed as never applied), and what was
 * printed and published says so. Whatever step a run stops at, a scheduled raise never stands without its restore
 * (a raise alone would hold MinCapacity up every day until the next run).
 *
 * <p>Each forecast table is provisioned, under write auto scaling (MinCapacity 5, MaxCapacity 2000, target 70), with
 * 14 days of per-minute history: a daily 09:00-09:30 UTC write peak of 500 units/s replayed through target tracking
 * as AWS documents it, so it throttles every morning. The forecast schedules a MinCapacity raise before 09:00 and a
 * restore after 09:30. The steps not under test (the warm throughput plan offered, the run after the next one) run
 * through the same handler in this JVM.
 */
class ForecastChaosTest {

    /** What goes wrong while the forecast writes one of its two scheduled actions (the row's). */
    enum Fault {
        /** PutScheduledAction is applied, and the function is killed before AWS's answer reaches it. */
        KILLED_AFTER_AWS_APPLIED,
        /** The journal's write of the change's intent answers 500, however often tried. */
        JOURNAL_WRITE_FAILS,
        /** The change's intent is written, and the function is killed before that write's answer reaches it: the
         *  intent stands, AWS is never asked. */
        KILLED_BEFORE_AWS_ASKED
    }

    /**
     * A row: the fault and the scheduled action it hits; what AWS holds of ours and what the journal says right after
     * the faulted run; the changes the next run writes, the journal after it, and what it says it settled.
     */
    record Row(Fault fault, String hit, List<String> oursAfterFault, String journalAfterFault, int writtenNext,
               String journalAfterNextRun, String said) {
        @Override
        public String toString() {
            return fault + " on the " + hit.substring(hit.lastIndexOf('-') + 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_SCHEDULED_ACTION = "application-autoscaling:PutScheduledAction";
    private static final String DELETE_SCHEDULED_ACTION = "application-autoscaling:DeleteScheduledAction";
    private static final String UPDATE_TABLE = "dynamodb:UpdateTable";
    private static final String RAISE = "hpr-forecast-write-daily-0900-raise";
    private static final String RESTORE = "hpr-forecast-write-daily-0900-restore";
    /** Someone else's scheduled action on the same scalable target: never the forecast's to touch. */
    private static final String THEIRS = "nightly-import";
    private static final Pattern OUR_NAME = Pattern.compile("hpr-forecast-[a-z0-9-]+");

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @AfterEach
    void clearFaultsAndReleaseHeldReplies() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    static Stream<Row> scheduling() {
        String both = "{" + RAISE + "=[ACTIVE], " + RESTORE + "=[ACTIVE]}";
        String restoreActive = "{" + RESTORE + "=[ACTIVE]}";
        String adopted = "Found half-done and adopted: Schedule write scheduled action ";
        return Stream.of(
                new Row(KILLED_AFTER_AWS_APPLIED, RAISE, List.of(RAISE, RESTORE),
                        "{" + RAISE + "=[PENDING], " + RESTORE + "=[ACTIVE]}", 0, both, adopted + RAISE),
                new Row(KILLED_AFTER_AWS_APPLIED, RESTORE, List.of(RESTORE), "{" + RESTORE + "=[PENDING]}", 1, both,
                        adopted + RESTORE),
                new Row(JOURNAL_WRITE_FAILS, RAISE, List.of(RESTORE), restoreActive, 1, both, null),
                new Row(JOURNAL_WRITE_FAILS, RESTORE, List.of(), "{}", 2, both, null),
                new Row(KILLED_BEFORE_AWS_ASKED, RAISE, List.of(RESTORE), "{" + RAISE + "=[PENDING], " + RESTORE
                        + "=[ACTIVE]}", 1, "{" + RAISE + "=[NOT_APPLIED, ACTIVE], " + RESTORE + "=[ACTIVE]}",
                        "Found half-done and closed: Schedule write scheduled action " + RAISE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scheduling")
    void afterTheNextForecast_eachOfOurScheduledActionsStandsOnce_andTheJournalSaysWhatAwsHolds(Row row)
            throws Exception {
        // given a table whose writes throttle every morning 09:00-09:30, and someone's own scheduled action on it
        var incident = peakingTable("forecast-" + row.fault().ordinal(), 500);
        putTheirs(incident);
        aws.resetCalls();
        // the journal's writes of the hit action's entry (its intent, then its settling), and nothing else
        String journalItem = "(?=[\\s\\S]*" + LocalAws.literal("\"S\":\"ScheduleMinCapacity\"") + ")(?=[\\s\\S]*"
                + LocalAws.literal(row.hit() + " of table " + incident.table + "\"") + ")";

        // when the forecast runs under the fault
        FunctionProcess.Exit exit = switch (row.fault()) {
            case KILLED_AFTER_AWS_APPLIED -> {
                aws.holdReply(PUT_SCHEDULED_ACTION, 1, LocalAws.UNTIL_RELEASED, "(?=[\\s\\S]*" + tableScope(incident)
                        + ")(?=[\\s\\S]*" + LocalAws.literal("\"" + row.hit() + "\"") + ")");
                yield incident.killedWhenHeld(PUT_SCHEDULED_ACTION, "forecast");
            }
            case JOURNAL_WRITE_FAILS -> {
                aws.failNext("dynamodb:PutItem", LocalAws.ALWAYS, 500, "InternalServerError",
                        "injected: the state table is unavailable", journalItem);
                yield incident.run("forecast");
            }
            case KILLED_BEFORE_AWS_ASKED -> {
                aws.holdReply("dynamodb:PutItem", 1, LocalAws.UNTIL_RELEASED, journalItem);
                yield incident.killedWhenHeld("dynamodb:PutItem", "forecast");
            }
        };
        aws.clearFaults();
        aws.releaseHeldReplies();

        // then AWS holds what the row says (theirs untouched, no raise without its restore), and so does the journal
        assertEquals(withTheirs(row.oursAfterFault()), names(incident), exit.toString());
        assertEquals(row.journalAfterFault(), journal(incident), exit.toString());
        if (row.fault() == JOURNAL_WRITE_FAILS) {
            // the hit action was never asked of AWS; the run failed, saying why, so that Lambda retries it
            assertEquals(row.oursAfterFault().size(), aws.calls(PUT_SCHEDULED_ACTION), aws.calls().toString());
            assertEquals(1, exit.code(), exit.toString());
            assertTrue(exit.stderr().contains("Could not write the intent of \"Schedule write scheduled action "
                    + row.hit()), exit.toString());
            assertTrue(exit.stderr().contains("Nothing was changed; the invocation fails so that Lambda retries it"),
                    exit.toString());
            assertEquals(List.of(), incident.published(), "nothing published");
        } else {
            assertEquals(137, exit.code(), exit.toString());
            assertEquals("", exit.stdout(), exit.toString());
        }

        // when the forecast runs again (Lambda's retry, or the next day's schedule), the dead one's lock expired
        incident.awaitLockFree(Duration.ofSeconds(10));
        FunctionProcess.Exit next = incident.run("forecast");

        // then the half-done change is settled from what AWS holds, and only what is missing is written
        assertEquals(0, next.code(), next.toString());
        JsonNode write = write(next);
        assertEquals(row.writtenNext() == 0 ? "UNCHANGED" : "SCHEDULED", write.path("outcome").asText(),
                write.toString());
        assertEquals(withTheirs(List.of(RAISE, RESTORE)), names(incident));
        assertEquals(row.journalAfterNextRun(), journal(incident), next.toString());
        assertEquals(2, aws.calls(PUT_SCHEDULED_ACTION), "each of ours written once: " + aws.calls());
        assertEquals(0, aws.calls(DELETE_SCHEDULED_ACTION), aws.calls().toString());
        assertEquals(row.writtenNext(), write.path("results").size(), write.toString());
        write.path("results").forEach(r -> assertEquals("APPLIED", r.path("status").asText(), write.toString()));
        Map<String, ScheduledAction> byName = byName(incident);
        assertTrue(byName.get(RAISE).scalableTargetAction().minCapacity() >= 643, "500 units/s at 70%: " + byName);
        assertEquals(5, byName.get(RESTORE).scalableTargetAction().minCapacity(), byName.toString());
        assertEquals(4000, byName.get(THEIRS).scalableTargetAction().maxCapacity(), byName.toString());
        List<JsonNode> published = incident.published();
        assertEquals(1, published.size(), published.toString());
        if (row.said() != null) {
            assertTrue(next.stdout().contains(row.said()), row.said() + " in " + next.stdout());
            assertTrue(published.get(0).toString().contains(row.said()), row.said() + " in " + published);
            assertTrue(next.stderr().contains("journal entry settled by reconciliation"), next.toString());
        }

        // and a run after that changes nothing, and says nothing
        aws.resetCalls();
        JsonNode after = write(incident.handle(ChaosIncident.task(dir, "forecast")));
        assertEquals("UNCHANGED", after.path("outcome").asText(), after.toString());
        assertEquals(0, aws.calls(PUT_SCHEDULED_ACTION) + aws.calls(DELETE_SCHEDULED_ACTION), aws.calls().toString());
        assertEquals(row.journalAfterNextRun(), journal(incident));
        assertEquals(List.of(), incident.published(), "nothing new to say");
    }

    /**
     * A peak gone: the forecast removes our raise and restore. DeleteScheduledAction is applied and the function
     * killed before AWS's answer reaches it; the next run settles the removal as applied (it never deletes it again,
     * which AWS would answer with ObjectNotFoundException) and removes the other one. The raise goes first, whatever
     * order Application Auto Scaling lists them in (the restore is put first here, and is listed first): a restore
     * left alone sets the table's own MinCapacity, a raise left alone would hold it up every day.
     */
    @Test
    void aRemovalAppliedAndItsReplyLost_isSettledAsApplied_andNeverDeletedTwice() throws Exception {
        // given our restore and raise from an earlier forecast, someone's own action, and a history now flat
        var incident = peakingTable("forecast-gone", 0);
        putScheduledAction(incident, RESTORE, "cron(45 9 * * ? *)", 5);
        putScheduledAction(incident, RAISE, "cron(45 8 * * ? *)", 715);
        putTheirs(incident);
        assertEquals(List.of(RESTORE, RAISE, THEIRS), aws.autoScaling().describeScheduledActions(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + incident.table)).scheduledActions()
                .stream().map(ScheduledAction::scheduledActionName).toList(), "listed as put");
        aws.resetCalls();
        aws.holdReply(DELETE_SCHEDULED_ACTION, 1, LocalAws.UNTIL_RELEASED, tableScope(incident));

        // when the forecast removes the first of ours, and is killed before AWS's answer reaches it
        FunctionProcess.Exit killed = incident.killedWhenHeld(DELETE_SCHEDULED_ACTION, "forecast");
        aws.clearFaults();
        aws.releaseHeldReplies();

        // then the raise is gone, the restore stands, and the raise's removal is unsettled
        assertEquals(137, killed.code(), killed.toString());
        assertEquals(List.of(RESTORE, THEIRS), names(incident), killed.toString());
        assertEquals("{" + RAISE + "=[PENDING]}", journal(incident), killed.toString());

        // when the forecast runs again
        incident.awaitLockFree(Duration.ofSeconds(10));
        FunctionProcess.Exit next = incident.run("forecast");

        // then the removal is adopted, the restore removed, nothing deleted twice, nothing failed; theirs stands
        assertEquals(0, next.code(), next.toString());
        JsonNode write = write(next);
        assertEquals("SCHEDULED", write.path("outcome").asText(), write.toString());
        assertEquals(1, write.path("results").size(), write.toString());
        assertEquals("APPLIED", write.path("results").get(0).path("status").asText(), write.toString());
        assertFalse(next.stdout().contains("ObjectNotFoundException") || next.stderr().contains(
                "ObjectNotFoundException"), next.toString());
        assertEquals(List.of(THEIRS), names(incident));
        assertEquals("{" + RAISE + "=[ACTIVE], " + RESTORE + "=[ACTIVE]}", journal(incident), next.toString());
        assertEquals(2, aws.calls(DELETE_SCHEDULED_ACTION), "each of ours deleted once: " + aws.calls());
        assertEquals(0, aws.calls(PUT_SCHEDULED_ACTION), aws.calls().toString());
        String said = "Found half-done and adopted: Remove write scheduled action " + RAISE;
        assertTrue(next.stdout().contains(said), said + " in " + next.stdout());
        assertTrue(incident.published().toString().contains(said), "the finding says " + said);
    }

    /**
     * A warm throughput raise the forecast offered, approved: UpdateTable is applied and the function killed before
     * AWS's answer reaches it. Approving again settles the entry from what AWS holds (adopted) and applies nothing
     * twice; its refusal says nothing is left to apply, and that the raise was found half-done and adopted.
     */
    @Test
    void anApprovedWarmThroughputRaise_appliedAndItsReplyLost_isAdoptedByTheNextApproval_andNotAppliedTwice()
            throws Exception {
        // given an on-demand table (warm throughput 4,000 write units/s) with a daily 6,000 units/s morning peak,
        // and the raise the forecast offered for approval
        var incident = ChaosIncident.of(aws, "forecast-warm", table -> aws.dynamoDb().createTable(b -> b
                        .tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))))
                .env("FORECAST", "on").env("LOCK_SECONDS", "2");
        Instant start = MorningPeak.historyStart();
        new MetricHistory(aws).seedDynamoDb(incident.table, null, "ConsumedWriteCapacityUnits", start,
                MorningPeak.perMinuteSums(MorningPeak.demand(start, 100, 6000)));
        JsonNode offered = write(incident.handle(ChaosIncident.task(dir, "forecast")));
        assertEquals("OFFERED", offered.path("outcome").asText(), offered.toString());
        String planId = offered.path("approval").path("planId").asText();
        incident.published();
        aws.resetCalls();

        // when a person approves it, and the function is killed after DynamoDB applied the UpdateTable
        aws.holdReply(UPDATE_TABLE, 1, LocalAws.UNTIL_RELEASED, LocalAws.literal("\"" + incident.table + "\""));
        FunctionProcess.Exit killed = incident.killedWhenHeld(UPDATE_TABLE, "approve", planId);
        aws.clearFaults();
        aws.releaseHeldReplies();

        // then the raise is in force, and its entry unsettled
        assertEquals(137, killed.code(), killed.toString());
        assertEquals(6600L, warmWrite(incident));
        assertEquals("{RaiseWarmThroughput=[PENDING]}", incident.journalStatuses().toString());
        assertEquals("APPROVED", incident.planItem(planId).get("status").s());

        // when the person approves again
        incident.awaitLockFree(Duration.ofSeconds(10));
        FunctionProcess.Exit again = incident.run("approve", planId);

        // then the entry is adopted from what DynamoDB holds, nothing is applied twice, and the refusal says why
        assertEquals(4, again.code(), again.toString());
        assertTrue(again.stderr().contains("nothing is left to apply. Found half-done and adopted: Raise write warm"
                + " throughput of table " + incident.table), again.toString());
        assertEquals("{RaiseWarmThroughput=[ACTIVE]}", incident.journalStatuses().toString(), again.toString());
        assertTrue(incident.entry("RaiseWarmThroughput").get("note").s().startsWith("Adopted by reconciliation"),
                incident.entry("RaiseWarmThroughput").toString());
        assertEquals(1, aws.calls(UPDATE_TABLE), "applied once: " + aws.calls());
        assertEquals(6600L, warmWrite(incident));
        assertEquals(12000L, aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().warmThroughput()
                .readUnitsPerSecond(), "reads kept");
    }

    /**
     * A provisioned table under write auto scaling (5..2000, target 70) whose 14 days of per-minute history are what
     * CloudWatch records of a daily 09:00-09:30 UTC write peak of {@code peak} units/s (none: flat at 3 units/s)
     * replayed through target tracking: the peak throttles every morning.
     */
    private ChaosIncident peakingTable(String prefix, double peak) {
        var incident = ChaosIncident.of(aws, prefix, table -> TableIncident.provisioned(aws, table, 5, 5, 0)
                        .autoScaling(null, "Write", 5, 2000, 70))
                .env("FORECAST", "on").env("LOCK_SECONDS", "2");
        Instant start = MorningPeak.historyStart();
        MorningPeak.seedServedWrites(aws, incident.table, null, start, MorningPeak.demand(start, 3, peak),
                new Serving.TargetTracking(5, 2000, 70), "WriteProvisionedThroughputThrottleEvents");
        return incident;
    }

    private void putScheduledAction(ChaosIncident incident, String name, String schedule, int minCapacity) {
        aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .scheduledActionName(name).schedule(schedule).scalableTargetAction(t -> t.minCapacity(minCapacity)));
    }

    /**
     * The owner's own nightly action: it raises MaxCapacity only (an owner's MinCapacity schedule makes the forecast
     * leave the target alone, see ForecastEndToEndTest).
     */
    private void putTheirs(ChaosIncident incident) {
        aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .scheduledActionName(THEIRS).schedule("cron(0 2 * * ? *)")
                .scalableTargetAction(t -> t.maxCapacity(4000)));
    }

    /** The table's scheduled actions, by name, as Application Auto Scaling holds them now. */
    private Map<String, ScheduledAction> byName(ChaosIncident incident) {
        var byName = new TreeMap<String, ScheduledAction>();
        aws.autoScaling().describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table)).scheduledActions()
                .forEach(a -> byName.put(a.scheduledActionName(), a));
        return byName;
    }

    private List<String> names(ChaosIncident incident) {
        return List.copyOf(byName(incident).keySet());
    }

    private static List<String> withTheirs(List<String> ours) {
        return Stream.concat(ours.stream(), Stream.of(THEIRS)).sorted().toList();
    }

    /** The journal as {@code scheduled action -> [status, …]} (oldest first): one line a person can read. */
    private static String journal(ChaosIncident incident) {
        var statuses = new TreeMap<String, List<String>>();
        for (Map<String, AttributeValue> item : incident.journal()) {
            Matcher name = OUR_NAME.matcher(item.get("description").s());
            String key = name.find() ? name.group() : item.get("type").s();
            statuses.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(item.get("status").s());
        }
        return statuses.toString();
    }

    private static String tableScope(ChaosIncident incident) {
        return LocalAws.literal("\"table/" + incident.table + "\"");
    }

    private long warmWrite(ChaosIncident incident) {
        return aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().warmThroughput()
                .writeUnitsPerSecond();
    }

    /** The forecast summary's entry of the table's write capacity. */
    private static JsonNode write(FunctionProcess.Exit exit) {
        try {
            return write(JSON.readTree(exit.stdout()));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + exit, e);
        }
    }

    private static JsonNode write(JsonNode summary) {
        for (JsonNode r : summary.path("tables").path(0).path("resources")) {
            if ("write".equals(r.path("operation").asText())) {
                return r;
            }
        }
        throw new AssertionError("no write entry in " + summary);
    }
}
