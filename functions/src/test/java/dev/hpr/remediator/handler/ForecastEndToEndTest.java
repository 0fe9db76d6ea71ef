package dev.hpr.remediator.handler;

import static dev.hpr.remediator.handler.MorningPeak.demand;
import static dev.hpr.remediator.handler.MorningPeak.historyStart;
import static dev.hpr.remediator.handler.MorningPeak.perMinuteSums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The forecast task against the local AWS, with 14 days of per-minute history seeded into CloudWatch: a daily
 * 09:00-09:30 UTC write peak that throttles every morning gets a MinCapacity raise before 09:00 and a restore at
 * 09:30, its end, once (a second run changes nothing) and without touching anyone else's scheduled action; a flat table gets
 * nothing; forecast-only and a dry run change nothing and still name the peak; an on-demand table's peak past its
 * warm throughput is offered for approval and applied only when approved. Every test asserts AWS's state.
 */
class ForecastEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORECAST = "{\"task\":\"forecast\"}";
    private static LocalAws aws = LocalAws.shared();

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void clean() {
        aws.clearFaults();
        aws.resetCalls();
    }

    /**
     * A provisioned table under write auto scaling (MinCapacity 5, MaxCapacity 2000, target 70%) whose history is
     * what CloudWatch records of the demand replayed through target tracking as AWS documents it: the morning peak
     * throttles every day while the table scales out.
     */
    static Incident provisioned(String prefix, double peak) {
        return provisioned(prefix, peak, 2000);
    }

    static Incident provisioned(String prefix, double peak, int maxCapacity) {
        var incident = new Incident(aws, prefix).provisionedTable(5, 5, Map.of())
                .autoScaling(null, "Write", 5, maxCapacity, 70, 60, 300)
                .withStateTable();
        Instant start = historyStart();
        MorningPeak.seedServedWrites(aws, incident.table, null, start, demand(start, 3, peak),
                new Serving.TargetTracking(5, maxCapacity, 70), "WriteProvisionedThroughputThrottleEvents");
        return incident;
    }

    static List<ScheduledAction> scheduled(Incident incident) {
        return aws.autoScaling().describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table)).scheduledActions();
    }

    private static long scheduleWrites() {
        return aws.calls("application-autoscaling:PutScheduledAction")
                + aws.calls("application-autoscaling:DeleteScheduledAction");
    }

    /** The summary's entry for the table's write capacity. */
    static JsonNode write(JsonNode summary) {
        for (JsonNode r : summary.path("tables").get(0).path("resources")) {
            if ("write".equals(r.path("operation").asText())) {
                return r;
            }
        }
        throw new AssertionError("no write entry in " + summary);
    }

    /** The UTC time a {@code cron(M H * * ? *)} expression runs at. */
    private static LocalTime cronTime(String cron) {
        String[] fields = cron.substring("cron(".length()).split(" ");
        return LocalTime.of(Integer.parseInt(fields[1]), Integer.parseInt(fields[0]));
    }

    record Run(int exit, String stdout, String stderr) {
    }

    /** {@code java -jar hot-partition-remediator.jar forecast}, in a JVM of its own with the function's environment. */
    private static Run cli(Incident incident) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hpr.remediator.cli.Main", "forecast"));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(incident.env);
        builder.environment().remove("AWS_LAMBDA_FUNCTION_NAME");
        Process p = builder.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void dailyMorningPeak_getsARaiseBefore0900_andARestoreAtItsEnd0930_once_andNoOneElsesActionIsTouched()
            throws Exception {
        // given a daily 09:00-09:30 write peak of 500 units/s that throttles every morning, and someone's own action
        var incident = provisioned("forecast-daily", 500).env("FORECAST", "on");
        aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .scheduledActionName("nightly-import").schedule("cron(0 2 * * ? *)")
                .scalableTargetAction(t -> t.maxCapacity(4000)));
        aws.resetCalls();

        // when the forecast runs from the CLI
        Run run = cli(incident);

        // then it raised MinCapacity before 09:00 and restores it at the peak's end, 09:30 (target tracking keeps the
        // capacity until 15 low datapoints after the real end), each through the journal
        assertEquals(0, run.exit(), run.stderr());
        System.out.println("[forecast] java -jar hot-partition-remediator.jar forecast:\n" + run.stdout());
        JsonNode entry = write(JSON.readTree(run.stdout()));
        assertEquals("SCHEDULED", entry.path("outcome").asText(), entry.toString());
        JsonNode peak = entry.path("peaks").get(0);
        assertEquals("DAILY", peak.path("recurrence").asText());
        assertTrue(peak.path("nextStart").asText().endsWith("T09:00:00Z"), peak.toString());
        assertTrue(peak.path("nextEnd").asText().endsWith("T09:30:00Z"), peak.toString());
        assertTrue(peak.path("expectedUnitsPerSecond").asLong() >= 450, peak.toString());
        var byName = new TreeMap<String, ScheduledAction>();
        scheduled(incident).forEach(a -> byName.put(a.scheduledActionName(), a));
        assertEquals(List.of("hpr-forecast-write-daily-0900-raise", "hpr-forecast-write-daily-0900-restore",
                "nightly-import"), List.copyOf(byName.keySet()));
        ScheduledAction raise = byName.get("hpr-forecast-write-daily-0900-raise");
        ScheduledAction restore = byName.get("hpr-forecast-write-daily-0900-restore");
        assertTrue(cronTime(raise.schedule()).isBefore(LocalTime.of(9, 0)), raise.schedule());
        assertEquals("cron(30 9 * * ? *)", restore.schedule());
        assertTrue(raise.scalableTargetAction().minCapacity() >= 643, "500 units/s at 70%: " + raise);
        assertEquals(null, raise.scalableTargetAction().maxCapacity(), "never a scheduled MaxCapacity");
        assertEquals(5, restore.scalableTargetAction().minCapacity());
        assertEquals(4000, byName.get("nightly-import").scalableTargetAction().maxCapacity());
        var journal = incident.changes();
        assertEquals(2, journal.size(), journal.toString());
        journal.forEach(c -> assertEquals("ACTIVE", c.get("status").s(), c.toString()));
        var messages = new ArrayList<JsonNode>();
        for (var m : incident.findings()) {
            messages.add(JSON.readTree(m.body()));
        }
        assertEquals(1, messages.size(), messages.toString());
        assertEquals("[HPR forecast] " + incident.table + ": schedule ahead of recurring peaks",
                messages.get(0).path("Subject").asText());
        JsonNode document = JSON.readTree(messages.get(0).path("Message").asText());
        assertEquals("hot-partition-remediator/forecast/v1", document.path("schema").asText(), document.toString());
        String finding = document.path("text").asText();
        assertTrue(finding.contains("every day " + cronTime(raise.schedule()) + " UTC MinCapacity 5 → "
                + raise.scalableTargetAction().minCapacity() + ", " + cronTime(restore.schedule()) + " back to 5"),
                finding);
        assertTrue(finding.contains("^ peak 09:00 UTC"), "the typical day's peak marked: " + finding);
        assertTrue(finding.contains("a month at $0.00065 per WCU-hour"), finding);
        var backtest = java.util.regex.Pattern.compile("Backtest on its own 14 days \\(in sample, target tracking as AWS"
                + " documents it\\): reactive ([0-9,]+) throttled minutes, ([0-9,]+) WCU-hours; with the schedule"
                + " ([0-9,]+) throttled minutes, ([0-9,]+) WCU-hours").matcher(finding);
        assertTrue(backtest.find(), finding);
        int reactiveThrottled = Integer.parseInt(backtest.group(1).replace(",", ""));
        int scheduledThrottled = Integer.parseInt(backtest.group(3).replace(",", ""));
        assertTrue(reactiveThrottled >= 14 && scheduledThrottled < reactiveThrottled / 10,
                "the schedule takes away the morning throttling of its own history: " + backtest.group());
        System.out.println("[forecast] the finding:\n" + finding);

        // when it runs again, it changes nothing
        aws.resetCalls();
        JsonNode again = write(JSON.readTree(incident.invoke(FORECAST)));
        assertEquals("UNCHANGED", again.path("outcome").asText(), again.toString());
        assertEquals(0, scheduleWrites());
        assertEquals(3, scheduled(incident).size());
        assertEquals(2, incident.changes().size());
        assertTrue(incident.findings().isEmpty(), "no finding when nothing changed");
    }

    @Test
    void whileOurRaiseIsInForce_theRestoreKeepsTheTablesMinimum_andAnOwnersNewMinimumIsFollowed() throws Exception {
        var incident = provisioned("forecast-owner-min", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        incident.invoke(FORECAST);
        int raised = byName(incident).get("hpr-forecast-write-daily-0900-raise").scalableTargetAction().minCapacity();

        // our raise is in force (at 09:10, the most recent, Application Auto Scaling set the target's MinCapacity to
        // it): nothing changes, the restore still brings back the table's own 5
        setMinCapacity(incident, raised);
        java.time.ZonedDateTime nineTen = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withHour(9).withMinute(10);
        if (nineTen.toInstant().isAfter(Instant.now())) {
            nineTen = nineTen.minusDays(1);
        }
        var inWindow = java.time.Clock.fixed(nineTen.toInstant(), java.time.ZoneOffset.UTC);
        JsonNode during = write(JSON.readTree(incident.invokeAt(FORECAST, inWindow)));
        assertEquals("UNCHANGED", during.path("outcome").asText(), during.toString());
        assertEquals(5, byName(incident).get("hpr-forecast-write-daily-0900-restore").scalableTargetAction()
                .minCapacity());

        // the same value outside the window may be a restore AWS has not run yet, or an owner who chose exactly our
        // raise's value: taken as ours, the safe side (the restore keeps 5, so the minimum is never stuck raised)
        var afterWindow = java.time.Clock.fixed(nineTen.plusHours(2).isAfter(java.time.ZonedDateTime.now(
                java.time.ZoneOffset.UTC)) ? nineTen.minusHours(2).toInstant() : nineTen.plusHours(2).toInstant(),
                java.time.ZoneOffset.UTC);
        JsonNode owners = write(JSON.readTree(incident.invokeAt(FORECAST, afterWindow)));
        assertEquals(5, byName(incident).get("hpr-forecast-write-daily-0900-restore").scalableTargetAction()
                .minCapacity(), owners.toString());

        // the owner sets the table's minimum to 10: the restore follows it, so it never lowers the owner's minimum
        setMinCapacity(incident, 10);
        JsonNode after = write(JSON.readTree(incident.invoke(FORECAST)));
        assertEquals("SCHEDULED", after.path("outcome").asText(), after.toString());
        assertEquals(10, byName(incident).get("hpr-forecast-write-daily-0900-restore").scalableTargetAction()
                .minCapacity());
    }

    @Test
    void anOwnersOwnMinCapacitySchedule_isNeverInterleaved_thePeakIsNamedAndNothingPut() throws Exception {
        // given a throttling morning peak, and the owner's own schedule: MinCapacity 100 from 08:00, 5 from 18:00
        var incident = provisioned("forecast-owners", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        for (var owner : List.of(Map.entry("owner-day", "cron(0 8 * * ? *)=100"),
                Map.entry("owner-night", "cron(0 18 * * ? *)=5"))) {
            String[] value = owner.getValue().split("=");
            aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                    .scheduledActionName(owner.getKey()).schedule(value[0])
                    .scalableTargetAction(t -> t.minCapacity(Integer.parseInt(value[1]))));
        }
        aws.resetCalls();

        // when the forecast runs
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        // then the peak is named, nothing is put (our restore would undo the owner's 100 until 18:00), and it says so
        assertEquals("LEFT_ALONE", entry.path("outcome").asText(), entry.toString());
        assertTrue(entry.path("reason").asText().contains("owner's own scheduled actions (owner-day, owner-night)"),
                entry.toString());
        assertEquals(1, entry.path("peaks").size(), entry.toString());
        assertEquals(0, scheduleWrites());
        assertTrue(text(incident).contains("Nothing scheduled: the owner's own scheduled actions"));
        incident.invoke(FORECAST);
        assertTrue(incident.findings().isEmpty(), "said once");
    }

    @Test
    void aRestoreAwsRefuses_keepsItsRaiseFromBeingPut() throws Exception {
        var incident = provisioned("forecast-step", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        aws.failNext("application-autoscaling:PutScheduledAction", LocalAws.ALWAYS, 400, "ValidationException",
                "refused", LocalAws.literal("hpr-forecast-write-daily-0900-restore"));
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("FAILED", entry.path("outcome").asText(), entry.toString());
        var statuses = new TreeMap<String, String>();
        entry.path("results").forEach(r -> statuses.put(r.path("description").asText().split(" ")[4],
                r.path("status").asText()));
        assertEquals(Map.of("hpr-forecast-write-daily-0900-restore", "FAILED",
                "hpr-forecast-write-daily-0900-raise", "NOT_ATTEMPTED"), statuses, entry.toString());
        assertTrue(scheduled(incident).isEmpty(), "no raise without its restore");
        aws.clearFaults();
    }

    @Test
    void anIncidentsMaxCapacityRaise_isNotScheduledUpTo_theOwnersMaximumCapsTheSchedule() throws Exception {
        // given a morning peak that needs about 715 on a target whose owner's MaxCapacity is 400, raised to 800 by an
        // incident (journaled ACTIVE: the revert check undoes it once the alarm has been calm long enough)
        var incident = provisioned("forecast-incident-max", 500, 400).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "apply");
        Instant at = Instant.now().minusSeconds(600);
        var raise = dev.hpr.remediator.core.action.MaxCapacityChange.raise(
                dev.hpr.remediator.core.model.ResourceRef.table(incident.table),
                dev.hpr.remediator.core.model.OperationType.WRITE, 5, 400, 800);
        var journal = new dev.hpr.remediator.aws.StateTable(aws::dynamoDb, incident.env.get("STATE_TABLE_NAME"))
                .store().journal();
        var intent = dev.hpr.remediator.core.state.ChangeRecord.intent(incident.table, "CHANGE#" + at
                + "#incident-finding#0", at, "orders-throttling", "incident-finding",
                dev.hpr.remediator.core.model.RemediationMode.APPLY, raise, java.util.Optional.empty(), "incident",
                java.util.OptionalInt.empty());
        journal.intend(intent, at);
        journal.settle(intent, intent.with(dev.hpr.remediator.core.state.ChangeRecord.Status.ACTIVE, "applied"));
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .maxCapacity(800));

        // when the forecast runs
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        // then the raise is capped at the owner's 400, not the incident's 800, and no raise past it is offered yet
        assertEquals("SCHEDULED", entry.path("outcome").asText(), entry.toString());
        assertEquals(400, byName(incident).get("hpr-forecast-write-daily-0900-raise").scalableTargetAction()
                .minCapacity(), entry.toString());
        assertTrue(entry.path("maxCapacity").asText().contains("by an incident's raise that the revert check will"
                + " undo"), entry.toString());
        assertTrue(entry.path("beyondMaxCapacity").isMissingNode(), entry.toString());
    }

    private static void setMinCapacity(Incident incident, int minCapacity) {
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .minCapacity(minCapacity));
    }

    @Test
    void aScalableTargetWithNoRoomForTwoMoreActions_getsNoneOfThem_andTheFindingSaysWhy() throws Exception {
        // given a throttling morning peak on a target whose owner keeps 199 scheduled actions (AWS allows 200)
        var incident = provisioned("forecast-full", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        for (int i = 0; i < 199; i++) {
            String name = String.format("owner-%03d", i);
            aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                    .scheduledActionName(name).schedule("cron(0 3 * * ? *)")
                    .scalableTargetAction(t -> t.maxCapacity(2000)));
        }
        aws.resetCalls();

        // when the forecast runs
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        // then neither the raise nor the restore is put (one alone would be worse than none), and it says why, once
        assertEquals("LEFT_ALONE", entry.path("outcome").asText(), entry.toString());
        assertTrue(entry.path("reason").asText().contains("holds 199 scheduled actions; 2 new ones would pass AWS's"
                + " 200 a target"), entry.toString());
        assertEquals(0, aws.calls("application-autoscaling:PutScheduledAction"));
        assertEquals(199, aws.autoScaling().describeScheduledActionsPaginator(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + incident.table))
                .scheduledActions().stream().count());
        assertTrue(text(incident).contains("Nothing scheduled: the scalable target holds 199"));
        incident.invoke(FORECAST);
        assertTrue(incident.findings().isEmpty(), "said once");
    }

    @Test
    void peakPastMaxCapacity_schedulesUpToMaxCapacity_andOffersAMaxCapacityRaiseForApproval() throws Exception {
        // given a daily morning peak of 500 write units/s (about 715 at 70%) on a target whose MaxCapacity is 400
        var incident = provisioned("forecast-beyond", 500, 400).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        aws.resetCalls();

        // when the forecast runs
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        // then the schedule is written, capped at MaxCapacity, and a MaxCapacity raise is offered, not applied
        assertEquals("SCHEDULED", entry.path("outcome").asText(), entry.toString());
        JsonNode beyond = entry.path("beyondMaxCapacity");
        assertEquals("OFFERED", beyond.path("outcome").asText(), entry.toString());
        int needed = beyond.path("neededCapacity").asInt();
        assertTrue(needed > 400, entry.toString());
        assertEquals("RaiseMaxCapacity", beyond.path("change").path("type").asText());
        assertEquals("MaxCapacity " + needed, beyond.path("change").path("after").asText());
        String planId = beyond.path("approval").path("planId").asText();
        assertEquals("PENDING", incident.planItem(planId).get("status").s());
        assertEquals(400, maxCapacity(incident), "never raised without approval");
        assertEquals(0, aws.calls("application-autoscaling:RegisterScalableTarget"));
        ScheduledAction raise = byName(incident).get("hpr-forecast-write-daily-0900-raise");
        assertEquals(400, raise.scalableTargetAction().minCapacity(), "capped at the current MaxCapacity");
        String finding = text(incident);
        assertTrue(finding.contains("MaxCapacity 400 → " + needed) && finding.contains("approve " + planId), finding);

        // when a person approves it, MaxCapacity is raised, and the next forecast schedules up to what the peak needs
        JsonNode decided = JSON.readTree(incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}"));
        assertTrue(decided.toString().contains("APPLIED"), decided.toString());
        assertEquals(needed, maxCapacity(incident));
        JsonNode after = write(JSON.readTree(incident.invoke(FORECAST)));
        assertEquals("SCHEDULED", after.path("outcome").asText(), after.toString());
        assertTrue(after.path("beyondMaxCapacity").isMissingNode(), after.toString());
        assertEquals(needed, byName(incident).get("hpr-forecast-write-daily-0900-raise").scalableTargetAction()
                .minCapacity());
    }

    @Test
    void peakPastMaxCapacity_inForecastOnly_namesTheRaise_andOffersNothing() throws Exception {
        var incident = provisioned("forecast-beyond-quiet", 500, 400).env("FORECAST", "forecast-only");
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("NOT_APPLIED", entry.path("beyondMaxCapacity").path("outcome").asText(), entry.toString());
        assertTrue(entry.path("beyondMaxCapacity").path("approval").isMissingNode(), entry.toString());
        assertEquals(400, maxCapacity(incident));
        assertTrue(scheduled(incident).isEmpty());
    }

    /** The one finding published: the text of its JSON document (what an SQS subscriber gets as Message). */
    static String text(Incident incident) throws Exception {
        var findings = incident.findings();
        assertEquals(1, findings.size(), findings.toString());
        return JSON.readTree(JSON.readTree(findings.get(0).body()).path("Message").asText()).path("text").asText();
    }

    static int maxCapacity(Incident incident) {
        return aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds("table/" + incident.table)).scalableTargets().stream()
                .filter(t -> t.scalableDimensionAsString().equals("dynamodb:table:WriteCapacityUnits"))
                .findFirst().orElseThrow().maxCapacity();
    }

    private static Map<String, ScheduledAction> byName(Incident incident) {
        var byName = new TreeMap<String, ScheduledAction>();
        scheduled(incident).forEach(a -> byName.put(a.scheduledActionName(), a));
        return byName;
    }

    @Test
    void approveMode_offersTheScheduleAsAPlan_andApprovingWritesIt() throws Exception {
        var incident = provisioned("forecast-approve", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "approve");
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("OFFERED", entry.path("outcome").asText(), entry.toString());
        String planId = entry.path("approval").path("planId").asText();
        assertEquals(0, scheduleWrites());
        assertTrue(scheduled(incident).isEmpty());
        assertEquals("PENDING", incident.planItem(planId).get("status").s());

        JsonNode decided = JSON.readTree(incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}"));

        assertTrue(decided.toString().contains("APPLIED"), decided.toString());
        assertEquals(List.of("hpr-forecast-write-daily-0900-raise", "hpr-forecast-write-daily-0900-restore"),
                scheduled(incident).stream().map(ScheduledAction::scheduledActionName).sorted().toList());
        assertEquals(2, incident.changes().size(), "each approved write journaled");
    }

    @Test
    void approvingASchedule_whoseRestoreAwsFailsForNow_putsNoRaise_andApprovingAgainPutsBoth() throws Exception {
        var incident = provisioned("forecast-approve-step", 500).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "approve");
        String planId = write(JSON.readTree(incident.invoke(FORECAST))).path("approval").path("planId").asText();
        aws.failNext("application-autoscaling:PutScheduledAction", LocalAws.ALWAYS, 500, "InternalServiceException",
                "unavailable", LocalAws.literal("hpr-forecast-write-daily-0900-restore"));

        String approve = "{\"task\":\"approve\",\"planId\":\"" + planId + "\"}";
        JsonNode first = JSON.readTree(incident.invoke(approve));

        assertTrue(first.toString().contains("not attempted: an earlier change of the plan failed"), first.toString());
        assertTrue(scheduled(incident).isEmpty(), "no raise without its restore: " + first);
        aws.clearFaults();

        JsonNode second = JSON.readTree(incident.invoke(approve));
        assertTrue(second.toString().contains("APPLIED"), second.toString());
        assertEquals(List.of("hpr-forecast-write-daily-0900-raise", "hpr-forecast-write-daily-0900-restore"),
                scheduled(incident).stream().map(ScheduledAction::scheduledActionName).sorted().toList());
    }

    @Test
    void approvingAgain_afterTheRestoreWasRefusedForGood_neverPutsTheRaiseAlone() throws Exception {
        var incident = provisioned("forecast-approve-refused", 500).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "approve");
        String planId = write(JSON.readTree(incident.invoke(FORECAST))).path("approval").path("planId").asText();
        aws.failNext("application-autoscaling:PutScheduledAction", LocalAws.ALWAYS, 400, "ValidationException",
                "refused", LocalAws.literal("hpr-forecast-write-daily-0900-restore"));
        String approve = "{\"task\":\"approve\",\"planId\":\"" + planId + "\"}";
        incident.invoke(approve);
        aws.clearFaults();

        JsonNode again = JSON.readTree(incident.invoke(approve));

        assertTrue(scheduled(incident).isEmpty(), "no raise without its restore: " + again);
        assertTrue(again.toString().contains("Its restore does not stand"), again.toString());
    }

    @Test
    void aPairNoLongerWanted_whoseRaiseHasFired_keepsItsRestoreUntilMinCapacityIsBack_whateverTheRuns()
            throws Exception {
        var incident = provisioned("forecast-window", 0).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        putOurs(incident, "hpr-forecast-write-daily-0900-raise", "cron(45 8 * * ? *)", 715);
        putOurs(incident, "hpr-forecast-write-daily-0900-restore", "cron(30 9 * * ? *)", 5);
        setMinCapacity(incident, 715);
        java.time.ZonedDateTime nine = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withHour(9).withMinute(0)
                .withSecond(0);
        if (nine.plusMinutes(31).toInstant().isAfter(Instant.now())) {
            nine = nine.minusDays(1);
        }

        // a run at 09:00 removes the raise, and keeps the restore; a second run at 09:05, and one at 09:30:05 before
        // AWS has run the restore, keep it too
        for (var at : List.of(nine, nine.plusMinutes(5), nine.plusMinutes(30).plusSeconds(5))) {
            JsonNode entry = write(JSON.readTree(incident.invokeAt(FORECAST,
                    java.time.Clock.fixed(at.toInstant(), java.time.ZoneOffset.UTC))));
            assertEquals(List.of("hpr-forecast-write-daily-0900-restore"), scheduled(incident).stream()
                    .map(ScheduledAction::scheduledActionName).toList(), at + ": " + entry);
            assertEquals(5, byName(incident).get("hpr-forecast-write-daily-0900-restore").scalableTargetAction()
                    .minCapacity(), at + ": " + entry);
        }

        // once AWS has run it (MinCapacity 5 again), the next run removes it
        setMinCapacity(incident, 5);
        incident.invoke(FORECAST);
        assertTrue(scheduled(incident).isEmpty());
    }

    @Test
    void aRaiseOfOursWithoutItsRestore_thatHasFired_isLeftForAPerson() throws Exception {
        var incident = provisioned("forecast-lone", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        putOurs(incident, "hpr-forecast-write-daily-0900-raise", "cron(45 8 * * ? *)", 715);
        setMinCapacity(incident, 715);
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("LEFT_ALONE", entry.path("outcome").asText(), entry.toString());
        assertTrue(entry.path("reason").asText().contains("stands without its restore"), entry.toString());
        assertEquals(0, scheduleWrites());
    }

    @Test
    void aPeakWhoseStartCrossesAQuarterHour_keepsItsStandingPair_noChurn() throws Exception {
        // given the pair an earlier run named after a 09:15 start estimate, close to what the forecast wants now
        var incident = provisioned("forecast-flip", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        putOurs(incident, "hpr-forecast-write-daily-0915-raise", "cron(47 8 * * ? *)", 700);
        putOurs(incident, "hpr-forecast-write-daily-0915-restore", "cron(30 9 * * ? *)", 5);
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("UNCHANGED", entry.path("outcome").asText(), entry.toString());
        assertEquals(0, scheduleWrites());
        assertEquals(List.of("hpr-forecast-write-daily-0915-raise", "hpr-forecast-write-daily-0915-restore"),
                scheduled(incident).stream().map(ScheduledAction::scheduledActionName).sorted().toList());
    }

    @Test
    void withoutAStateTable_theForecastChangesNothing_andSaysWhy() throws Exception {
        var incident = provisioned("forecast-nostate", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "apply")
                .env("STATE_TABLE_NAME", "");
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("NOT_APPLIED", entry.path("outcome").asText(), entry.toString());
        assertTrue(entry.path("reason").asText().contains("no state table"), entry.toString());
        assertEquals(0, scheduleWrites());
    }

    @Test
    void approvingAnOldPlan_afterTheOwnerRaisedTheMinimum_neverLowersIt() throws Exception {
        var incident = provisioned("forecast-old-plan", 500).env("FORECAST", "on").env("REMEDIATION_MODE", "approve");
        String planId = write(JSON.readTree(incident.invoke(FORECAST))).path("approval").path("planId").asText();
        setMinCapacity(incident, 20);

        JsonNode decided = JSON.readTree(incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}"));

        assertTrue(scheduled(incident).isEmpty(), "no restore to 5 under the owner's 20, no raise alone: " + decided);
        assertTrue(decided.toString().contains("MinCapacity is 20 now"), decided.toString());
    }

    @Test
    void aPolicyTargetBelow20_isForecastLikeAnyOther() throws Exception {
        var incident = provisioned("forecast-target15", 500, 4000).env("FORECAST", "on")
                .env("REMEDIATION_MODE", "apply");
        incident.autoScaling(null, "Write", 5, 4000, 15, 60, 300);

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("SCHEDULED", entry.path("outcome").asText(), entry.toString());
        assertTrue(byName(incident).get("hpr-forecast-write-daily-0900-raise").scalableTargetAction().minCapacity()
                > 715, "500 units/s at 15%: " + entry);
    }

    private static void putOurs(Incident incident, String name, String schedule, int minCapacity) {
        aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .scheduledActionName(name).schedule(schedule).scalableTargetAction(t -> t.minCapacity(minCapacity)));
    }

    @Test
    void flatTable_getsNothing() throws Exception {
        var incident = provisioned("forecast-flat", 0).env("FORECAST", "on");
        aws.resetCalls();

        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("LEFT_ALONE", entry.path("outcome").asText(), entry.toString());
        assertTrue(entry.path("reason").asText().contains("no throttle events"), entry.toString());
        assertEquals(0, scheduleWrites());
        assertTrue(scheduled(incident).isEmpty());
        assertTrue(incident.changes().isEmpty());
    }

    @Test
    void aPeakNoLongerSeen_hasOurScheduleRemoved_throughTheJournal_andNoOneElsesTouched() throws Exception {
        // given our raise and restore from an earlier forecast, someone's own action, and a history now flat
        var incident = provisioned("forecast-gone", 0).env("FORECAST", "on");
        for (var action : List.of(Map.entry("hpr-forecast-write-daily-0900-raise", "cron(45 8 * * ? *)=715"),
                Map.entry("hpr-forecast-write-daily-0900-restore", "cron(30 9 * * ? *)=5"),
                Map.entry("nightly-import", "cron(0 2 * * ? *)=max4000"))) {
            String[] value = action.getValue().split("=");
            aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId("table/" + incident.table).scalableDimension("dynamodb:table:WriteCapacityUnits")
                    .scheduledActionName(action.getKey()).schedule(value[0])
                    .scalableTargetAction(t -> {
                        if (value[1].startsWith("max")) {
                            t.maxCapacity(Integer.parseInt(value[1].substring(3)));
                        } else {
                            t.minCapacity(Integer.parseInt(value[1]));
                        }
                    }));
        }
        aws.resetCalls();

        aws.resetCalls();

        // the raise goes first; its restore stays, so that should the raise have fired it brings MinCapacity back
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        assertEquals("SCHEDULED", entry.path("outcome").asText(), entry.toString());
        assertEquals(1, entry.path("changes").size(), entry.toString());
        assertEquals("RemoveScheduledMinCapacity", entry.path("changes").get(0).path("type").asText());
        assertTrue(entry.path("deferred").asText().contains("stays until its raise is gone"), entry.toString());
        assertEquals(List.of("hpr-forecast-write-daily-0900-restore", "nightly-import"), scheduled(incident).stream()
                .map(ScheduledAction::scheduledActionName).sorted().toList());

        // and the next run removes the restore
        JsonNode next = write(JSON.readTree(incident.invoke(FORECAST)));
        assertEquals("SCHEDULED", next.path("outcome").asText(), next.toString());
        assertEquals(List.of("nightly-import"), scheduled(incident).stream().map(ScheduledAction::scheduledActionName)
                .toList());
        assertEquals(2, aws.calls("application-autoscaling:DeleteScheduledAction"));
        assertEquals(2, incident.changes().size(), "each removal journaled");
    }

    @Test
    void forecastOnly_andDryRun_changeNothing_andStillNameThePeak() throws Exception {
        for (var settings : List.of(Map.of("FORECAST", "forecast-only", "REMEDIATION_MODE", "apply"),
                Map.of("FORECAST", "on", "REMEDIATION_MODE", "dry-run"))) {
            var incident = provisioned("forecast-quiet", 500);
            settings.forEach(incident::env);
            aws.resetCalls();

            JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

            assertEquals("NOT_APPLIED", entry.path("outcome").asText(), settings + " " + entry);
            assertTrue(entry.path("peaks").get(0).path("nextStart").asText().endsWith("T09:00:00Z"), entry.toString());
            assertEquals("ScheduleMinCapacity", entry.path("changes").get(0).path("type").asText(), entry.toString());
            assertEquals(0, scheduleWrites(), settings.toString());
            assertTrue(scheduled(incident).isEmpty(), settings.toString());
            assertTrue(incident.changes().isEmpty(), settings.toString());
        }
    }

    @Test
    void onDemandPeakPastWarmThroughput_isOfferedForApproval_andAppliedOnlyWhenApproved() throws Exception {
        // given an on-demand table (warm throughput 4,000 write units/s) with a daily 6,000 units/s morning peak
        var incident = new Incident(aws, "forecast-warm").onDemandTable(Map.of()).withStateTable()
                .env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        Instant start = historyStart();
        new MetricHistory(aws).seedDynamoDb(incident.table, null, "ConsumedWriteCapacityUnits", start,
                perMinuteSums(demand(start, 100, 6000)));
        aws.resetCalls();

        // when the forecast runs
        JsonNode entry = write(JSON.readTree(incident.invoke(FORECAST)));

        // then the raise is offered, not applied
        assertEquals("OFFERED", entry.path("outcome").asText(), entry.toString());
        String planId = entry.path("approval").path("planId").asText();
        assertEquals("RaiseWarmThroughput", entry.path("changes").get(0).path("type").asText());
        assertTrue(entry.path("cost").asText().contains("cannot be lowered"), entry.toString());
        JsonNode price = entry.path("price");
        assertEquals(aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().tableArn().split(":")[3],
                price.path("region").asText(), entry.toString());
        assertTrue(price.path("oneTimeUsd").isNull(), "no figure invented: " + entry);
        String offered = text(incident);
        assertTrue(offered.contains("4,000 → 6,600 units/s in " + price.path("region").asText() + ": not computed")
                && offered.contains("https://aws.amazon.com/dynamodb/pricing/on-demand/"), offered);
        assertEquals(4000L, warmWrite(incident));
        assertEquals(0, aws.calls("dynamodb:UpdateTable"));
        assertEquals("PENDING", incident.planItem(planId).get("status").s());

        // when a person approves it, it is applied: 6,000 units/s and 10% margin
        JsonNode decided = JSON.readTree(incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}"));
        assertTrue(decided.toString().contains("APPLIED"), decided.toString());
        assertEquals(6600L, warmWrite(incident));
        assertEquals(12000L, aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().warmThroughput()
                .readUnitsPerSecond(), "reads kept");
    }

    static long warmWrite(Incident incident) {
        return aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().warmThroughput()
                .writeUnitsPerSecond();
    }
}
