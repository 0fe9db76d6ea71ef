package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import dev.hpr.testfixtures.TableIncident;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Issue 20's point 7 against the local AWS, in tagged protection: {@value #QUIET} tagged tables that never throttled,
 * three whose 14-day history holds a daily 09:00 write peak that throttles every morning, and one quiet table where
 * a schedule of ours still stands. The forecast describes and reads per minute only those four; a quiet table costs
 * no call of its own: the run's calls are the Tagging API's pages, the hourly first look (2 metrics a table, 300 a
 * GetMetricData call), ListMetrics of the GSIs' throttle events (one page a metric name for the region: the quiet
 * tables' GSIs consumed capacity but never throttled, so none is listed), one DescribeScheduledActions page for the
 * region, and a fixed number per table looked at.
 * Its own local AWS (the Tagging API lists every tagged table of the region).
 */
class ForecastFleetCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUIET = 600;
    private static final String TAG = "hot-partition-remediator";
    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static void tag(String table) {
        aws.dynamoDb().tagResource(b -> b.resourceArn("arn:aws:dynamodb:" + aws.region() + ":123456789012:table/"
                + table).tags(Tag.builder().key(TAG).value("apply").build()));
    }

    /**
     * A tagged provisioned table under write auto scaling (MinCapacity 5, MaxCapacity 2000, target 70%) whose history
     * is the peak replayed through target tracking: consumed units and throttle events, the latter under both names
     * DynamoDB publishes them (WriteThrottleEvents counts every write throttle event, the provisioned ones among them).
     */
    private static Incident peakTable(int i) {
        var incident = new Incident(aws, "fleet-peak-" + i).provisionedTable(5, 5, Map.of(TAG, "apply"))
                .autoScaling(null, "Write", 5, 2000, 70, 60, 300);
        Instant start = MorningPeak.historyStart();
        MorningPeak.seedServedWrites(aws, incident.table, null, start, MorningPeak.demand(start, 3, 500),
                new Serving.TargetTracking(5, 2000, 70), "WriteProvisionedThroughputThrottleEvents",
                "WriteThrottleEvents");
        return incident;
    }

    private static List<String> scheduledNames(String table) {
        return aws.autoScaling().describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + table)).scheduledActions().stream().map(ScheduledAction::scheduledActionName)
                .sorted().toList();
    }

    @Test
    void taggedForecast_ofQuietFleet_costsNoCallPerQuietTable_andStillSchedulesTheThreePeaks() throws Exception {
        // given 600 quiet tagged tables, one of them under one of our schedules from an earlier run
        long setupStarted = System.nanoTime();
        var quiet = new ArrayList<String>();
        var history = new MetricHistory(aws);
        Instant lastHour = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        double[] consumed = new double[60];
        java.util.Arrays.fill(consumed, 120);
        for (int i = 0; i < QUIET; i++) {
            String name = String.format("fleet-quiet-%04d", i);
            TableIncident.provisioned(aws, name, 5, 5, i % 10 == 0 ? 1 : 0);
            tag(name);
            quiet.add(name);
            if (i % 10 == 0) {
                // its GSI has metrics of its own, but never a throttle event: nothing ListMetrics lists for it
                history.seedDynamoDb(name, "gsi0", "ConsumedWriteCapacityUnits", lastHour, consumed);
            }
        }
        String leftover = quiet.get(QUIET / 2);
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + leftover).scalableDimension("dynamodb:table:WriteCapacityUnits")
                .minCapacity(5).maxCapacity(100));
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(leftover + "-write").resourceId("table/" + leftover)
                .scalableDimension("dynamodb:table:WriteCapacityUnits")
                .policyType("TargetTrackingScaling").targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))));
        for (String[] action : List.of(new String[] {"hpr-forecast-write-daily-0900-raise", "cron(45 8 * * ? *)", "50"},
                new String[] {"hpr-forecast-write-daily-0900-restore", "cron(45 9 * * ? *)", "5"})) {
            aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId("table/" + leftover).scalableDimension("dynamodb:table:WriteCapacityUnits")
                    .scheduledActionName(action[0]).schedule(action[1])
                    .scalableTargetAction(t -> t.minCapacity(Integer.parseInt(action[2]))));
        }
        // and three tagged tables with a daily 09:00 peak that throttles every morning
        var peaks = new ArrayList<Incident>();
        for (int i = 0; i < 3; i++) {
            peaks.add(peakTable(i));
        }
        Incident first = peaks.get(0).withStateTable().env("PROTECTION", "tagged").env("FORECAST", "on");
        first.env.remove("PROTECTED_TABLES");
        long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;
        aws.resetCalls();

        // when the daily forecast runs
        long started = System.nanoTime();
        JsonNode summary = JSON.readTree(first.invoke("{\"task\":\"forecast\"}"));
        long runMillis = (System.nanoTime() - started) / 1_000_000;
        var calls = new TreeMap<>(aws.calls());

        // then every tagged table is in the summary; the quiet ones were only looked at hourly
        var byTable = new TreeMap<String, JsonNode>();
        summary.path("tables").forEach(t -> byTable.put(t.path("table").asText(), t));
        assertEquals(QUIET + 3, byTable.size(), summary.path("tables").size() + " tables");
        assertEquals(QUIET - 1, summary.path("tablesQuiet").asInt(), summary.toString().substring(0, 300));
        assertEquals(3, summary.path("tablesThrottled").asInt());
        for (String name : quiet) {
            if (!name.equals(leftover)) {
                JsonNode t = byTable.get(name);
                assertEquals("hourly", t.path("checked").asText(), t.toString());
                assertEquals("LEFT_ALONE", t.path("outcome").asText(), t.toString());
            }
        }
        // the three peaks are scheduled: a raise before 09:00 and a restore at 09:30, the end
        for (Incident peak : peaks) {
            JsonNode write = null;
            for (JsonNode r : byTable.get(peak.table).path("resources")) {
                if ("write".equals(r.path("operation").asText())) {
                    write = r;
                }
            }
            assertTrue(write != null && "SCHEDULED".equals(write.path("outcome").asText()),
                    String.valueOf(byTable.get(peak.table)));
            assertEquals(List.of("hpr-forecast-write-daily-0900-raise", "hpr-forecast-write-daily-0900-restore"),
                    scheduledNames(peak.table));
        }
        // our schedule on the quiet table, whose history shows no peak, is removed: its raise now, its restore (kept
        // so that it brings MinCapacity back should the raise have fired) by the next run
        assertEquals(List.of("hpr-forecast-write-daily-0900-restore"), scheduledNames(leftover));

        // and the calls: nothing per quiet table
        int looked = 4;
        long tagPages = (QUIET + 3 + 99) / 100;
        long coarseCalls = ((QUIET + 3) * 2L + 299) / 300;
        // ReadThrottleEvents and WriteThrottleEvents of the region's GSIs: one page each (no GSI throttled)
        long listMetricsCalls = 2;
        assertEquals(tagPages, calls.get("tagging:GetResources"), calls.toString());
        assertEquals(listMetricsCalls, calls.get("monitoring:ListMetrics"), calls.toString());
        assertEquals(looked, calls.get("dynamodb:DescribeTable"), "only the tables looked at are described: " + calls);
        // the hourly first look, then one batched hourly read of the four tables' resources, then per minute only
        // the four resources that throttled or carry our schedule (2 metrics of 20,160 points: one call each)
        assertEquals(coarseCalls + 1 + looked, calls.get("monitoring:GetMetricData"), calls.toString());
        // one page for the region, then the four tables' own scalable targets
        assertEquals(1 + looked, calls.get("application-autoscaling:DescribeScheduledActions"), calls.toString());
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        long perLookedAt = 30;
        long forTheFleet = tagPages + coarseCalls + listMetricsCalls + 1;
        assertTrue(forTheFleet <= 100, "at most 100 calls a run for the tables that never throttled: " + forTheFleet);
        assertTrue(total <= forTheFleet + perLookedAt * looked,
                "calls bounded by the pages plus a fixed number per table looked at: " + total + " " + calls);
        System.out.printf("[benchmark] tagged forecast: %d quiet tables + 3 peaks + 1 with our schedule: set-up %d ms,"
                + " run %d ms, %d AWS calls (%d for the fleet, whatever throttled): %s%n", QUIET - 1, setupMillis,
                runMillis, total, forTheFleet, calls);
    }

    @Test
    void firstLookFailing_namesEveryTableFailed_andDescribesOrChangesNothing() throws Exception {
        // given tagged tables, one with a throttling 09:00 peak, and GetMetricData refused
        Incident peak = peakTable(9).withStateTable().env("PROTECTION", "tagged").env("FORECAST", "on");
        peak.env.remove("PROTECTED_TABLES");
        TableIncident.provisioned(aws, "fleet-first-look-quiet", 5, 5, 0);
        tag("fleet-first-look-quiet");
        aws.resetCalls();
        aws.failNext("monitoring:GetMetricData", LocalAws.ALWAYS, 400, "InvalidParameterValue", "injected");
        JsonNode summary;
        try {
            // when the forecast runs
            summary = JSON.readTree(peak.invoke("{\"task\":\"forecast\"}"));
        } finally {
            aws.clearFaults();
            // the other test counts the tagged tables of this local AWS: leave none of these behind
            for (String table : List.of(peak.table, "fleet-first-look-quiet")) {
                aws.dynamoDb().deleteTable(b -> b.tableName(table));
            }
        }

        // then every tagged table is named FAILED with AWS's error, and none was described or scheduled
        assertEquals(0, aws.calls("application-autoscaling:DescribeScheduledActions"), "nothing read past the failure");
        assertTrue(summary.path("tables").size() >= 2, summary.toString());
        for (JsonNode t : summary.path("tables")) {
            assertEquals("FAILED", t.path("outcome").asText(), t.toString());
            assertTrue(t.path("reason").asText().contains("injected"), t.toString());
        }
        assertTrue(summary.path("reason").asText().startsWith("the first look failed"), summary.toString());
        assertEquals(0, aws.calls("dynamodb:DescribeTable"));
        assertEquals(0, aws.calls("application-autoscaling:PutScheduledAction"));
    }
}
