package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * Tagged protection's first look sees a GSI's throttling: DynamoDB's table-level ReadThrottleEvents and
 * WriteThrottleEvents exclude the table's GSIs, so the forecast lists the GSIs' own throttle metrics (ListMetrics:
 * only metrics with data in the past two weeks, and DynamoDB publishes throttle events only when non-zero). A tagged
 * table whose GSI alone throttled every morning at 09:00 for 14 days is read and forecast, its GSI's peak named and
 * scheduled; a quiet tagged table next to it (whose GSI consumed capacity but never throttled) and an untagged table
 * whose GSI throttled are not described. Its own local AWS: the Tagging API lists every tagged table of the region.
 */
class ForecastGsiThrottlingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORECAST = "{\"task\":\"forecast\"}";
    private static final Map<String, String> TAGGED = Map.of("hot-partition-remediator", "apply");
    private static final String GSI = "byCustomer";
    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    /**
     * A provisioned table with one GSI under write auto scaling (MinCapacity 5, MaxCapacity 2000, target 70%), whose
     * GSI's history is the morning peak replayed through target tracking: consumed units and throttle events under
     * both names DynamoDB publishes them (GSI dimensions). The table itself consumed a little and never throttled.
     */
    private static Incident gsiPeak(String prefix, Map<String, String> tags) {
        var incident = new Incident(aws, prefix).provisionedTable(5, 5, tags, GSI)
                .autoScaling(GSI, "Write", 5, 2000, 70, 60, 300);
        Instant start = MorningPeak.historyStart();
        MorningPeak.seedServedWrites(aws, incident.table, GSI, start, MorningPeak.demand(start, 3, 500),
                new Serving.TargetTracking(5, 2000, 70), "WriteProvisionedThroughputThrottleEvents",
                "WriteThrottleEvents");
        double[] tableConsumed = new double[MorningPeak.DAYS * 1440];
        java.util.Arrays.fill(tableConsumed, 60);
        new MetricHistory(aws).seedDynamoDb(incident.table, null, "ConsumedWriteCapacityUnits", start, tableConsumed);
        return incident;
    }

    /** A tagged table with a GSI that consumed capacity every minute of 14 days and never throttled. */
    private static Incident quiet(String prefix) {
        var incident = new Incident(aws, prefix).provisionedTable(5, 5, TAGGED, GSI);
        Instant start = MorningPeak.historyStart();
        double[] consumed = new double[MorningPeak.DAYS * 1440];
        java.util.Arrays.fill(consumed, 120);
        new MetricHistory(aws).seedDynamoDb(incident.table, GSI, "ConsumedWriteCapacityUnits", start, consumed);
        return incident;
    }

    private static List<ScheduledAction> scheduled(String resourceId) {
        return aws.autoScaling().describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId)).scheduledActions();
    }

    private static Map<String, JsonNode> byTable(JsonNode summary) {
        var byTable = new TreeMap<String, JsonNode>();
        summary.path("tables").forEach(t -> byTable.put(t.path("table").asText(), t));
        return byTable;
    }

    @Test
    void tableWhoseGsiAloneThrottled_isReadAndForecast_andTheQuietTableNextToItIsNotDescribed() throws Exception {
        // given a tagged table whose GSI alone throttled every morning at 09:00 for 14 days, a quiet tagged table
        // next to it, and an untagged table whose GSI throttled the same way
        Incident peak = gsiPeak("gsi-peak", TAGGED).withStateTable().env("PROTECTION", "tagged").env("FORECAST", "on");
        peak.env.remove("PROTECTED_TABLES");
        Incident quiet = quiet("gsi-quiet");
        Incident untagged = gsiPeak("gsi-untagged", Map.of());
        aws.resetCalls();

        // when the daily forecast runs
        JsonNode summary = JSON.readTree(peak.invoke(FORECAST));

        // then the table is read further on its GSI's throttling, which the table-level first look cannot see
        Map<String, JsonNode> tables = byTable(summary);
        assertEquals(List.of(quiet.table, peak.table).stream().sorted().toList(), List.copyOf(tables.keySet()),
                "the tagged tables, and only they: " + summary);
        assertEquals(1, summary.path("tablesThrottled").asInt(), summary.toString());
        assertEquals(1, summary.path("tablesQuiet").asInt(), summary.toString());
        JsonNode gsiWrite = null;
        for (JsonNode r : tables.get(peak.table).path("resources")) {
            if (("GSI " + GSI + " of " + peak.table).equals(r.path("resource").asText())
                    && "write".equals(r.path("operation").asText())) {
                gsiWrite = r;
            }
        }
        assertNotNull(gsiWrite, "the GSI's write capacity is forecast: " + tables.get(peak.table));
        assertEquals("SCHEDULED", gsiWrite.path("outcome").asText(), gsiWrite.toString());
        JsonNode named = gsiWrite.path("peaks").get(0);
        assertEquals("DAILY", named.path("recurrence").asText(), gsiWrite.toString());
        assertTrue(named.path("nextStart").asText().endsWith("T09:00:00Z"), named.toString());
        assertTrue(named.path("expectedUnitsPerSecond").asLong() >= 450, named.toString());
        assertEquals(List.of("hpr-forecast-write-daily-0900-raise", "hpr-forecast-write-daily-0900-restore"),
                scheduled("table/" + peak.table + "/index/" + GSI).stream()
                        .map(ScheduledAction::scheduledActionName).sorted().toList());
        assertEquals(List.of(), scheduled("table/" + untagged.table + "/index/" + GSI), "not protected: untouched");

        // and the quiet table was looked at only in the batches, its summary saying GSIs were checked too
        JsonNode quietEntry = tables.get(quiet.table);
        assertEquals("hourly", quietEntry.path("checked").asText(), quietEntry.toString());
        assertEquals("LEFT_ALONE", quietEntry.path("outcome").asText(), quietEntry.toString());
        assertTrue(quietEntry.path("reason").asText().contains("nor on any of its GSIs"), quietEntry.toString());
        assertEquals(1, aws.calls("dynamodb:DescribeTable"), "only the GSI-throttled table is described: "
                + aws.calls());
        // one ListMetrics a throttle metric name, for the whole region (one page: fewer than 500 GSIs throttled)
        assertEquals(2, aws.calls("monitoring:ListMetrics"), aws.calls().toString());
    }

    @Test
    void listMetricsFailing_failsTheFirstLook_namesEveryTableFailed_andDescribesOrChangesNothing() throws Exception {
        // given a tagged table whose GSI throttled every morning, and ListMetrics refused
        Incident peak = gsiPeak("gsi-refused", TAGGED).withStateTable().env("PROTECTION", "tagged")
                .env("FORECAST", "on");
        peak.env.remove("PROTECTED_TABLES");
        aws.resetCalls();
        aws.failNext("monitoring:ListMetrics", LocalAws.ALWAYS, 400, "InvalidParameterValue", "injected");

        JsonNode summary;
        try {
            // when the forecast runs
            summary = JSON.readTree(peak.invoke(FORECAST));
        } finally {
            aws.clearFaults();
            // the other test counts the tagged tables of this local AWS: leave none of these behind
            aws.dynamoDb().deleteTable(b -> b.tableName(peak.table));
        }

        // then every tagged table is named FAILED with AWS's error, and nothing was described or scheduled
        assertTrue(summary.path("reason").asText().startsWith("the first look failed"), summary.toString());
        assertTrue(summary.path("reason").asText().contains("cloudwatch:ListMetrics"), summary.toString());
        Map<String, JsonNode> tables = byTable(summary);
        assertTrue(tables.containsKey(peak.table), summary.toString());
        for (JsonNode t : tables.values()) {
            assertEquals("FAILED", t.path("outcome").asText(), t.toString());
            assertTrue(t.path("reason").asText().contains("injected"), t.toString());
        }
        assertEquals(0, aws.calls("dynamodb:DescribeTable"));
        assertEquals(0, aws.calls("application-autoscaling:PutScheduledAction"));
        assertEquals(List.of(), scheduled("table/" + peak.table + "/index/" + GSI));
    }
}
