package dev.hpr.remediator.handler;

import static dev.hpr.remediator.handler.MorningPeak.demand;
import static dev.hpr.remediator.handler.MorningPeak.historyStart;
import static dev.hpr.remediator.handler.MorningPeak.perMinuteSums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableWarmThroughputDescription;

/**
 * An on-demand table whose reads and writes both peak past their warm throughput every morning: the forecast offers a
 * read raise and a write raise, each its own plan, and approving one never makes the other stale: both are applied.
 */
class WarmThroughputBothOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalAws aws = LocalAws.shared();

    @BeforeEach
    void clean() {
        aws.clearFaults();
        aws.resetCalls();
    }

    @Test
    void aReadAndAWritePeakPastWarmThroughput_areOfferedAsTwoPlans_andApprovingBothAppliesBoth() throws Exception {
        // given an on-demand table (warm throughput 12,000 read / 4,000 write units/s) with a daily morning peak of
        // 15,000 read and 6,000 write units/s
        var incident = new Incident(aws, "warm-both").onDemandTable(Map.of()).withStateTable()
                .env("FORECAST", "on").env("REMEDIATION_MODE", "apply");
        Instant start = historyStart();
        var history = new MetricHistory(aws);
        history.seedDynamoDb(incident.table, null, "ConsumedReadCapacityUnits", start,
                perMinuteSums(demand(start, 300, 15_000)));
        history.seedDynamoDb(incident.table, null, "ConsumedWriteCapacityUnits", start,
                perMinuteSums(demand(start, 100, 6_000)));
        assertEquals(12_000L, warm(incident).readUnitsPerSecond());
        assertEquals(4_000L, warm(incident).writeUnitsPerSecond());

        // when the forecast runs
        JsonNode summary = JSON.readTree(incident.invoke("{\"task\":\"forecast\"}"));

        // then each operation's raise is offered as its own plan, concerning only that operation
        JsonNode read = entry(summary, "read");
        JsonNode write = entry(summary, "write");
        assertEquals("OFFERED", read.path("outcome").asText(), read.toString());
        assertEquals("OFFERED", write.path("outcome").asText(), write.toString());
        assertEquals("WarmThroughput 12000 read units/s", read.path("changes").get(0).path("before").asText());
        assertEquals("WarmThroughput 16500 read units/s", read.path("changes").get(0).path("after").asText());
        assertEquals("WarmThroughput 4000 write units/s", write.path("changes").get(0).path("before").asText());
        assertEquals("WarmThroughput 6600 write units/s", write.path("changes").get(0).path("after").asText());
        String readPlan = read.path("approval").path("planId").asText();
        String writePlan = write.path("approval").path("planId").asText();
        assertNotEquals(readPlan, writePlan);
        assertEquals(0, aws.calls("dynamodb:UpdateTable"), "nothing applied without approval");

        // when a person approves the read raise, then the write raise
        JsonNode readDecided = approve(incident, readPlan);
        assertAppliedAlone(readDecided);
        assertEquals(16_500L, warm(incident).readUnitsPerSecond());
        assertEquals(4_000L, warm(incident).writeUnitsPerSecond(), "the read raise leaves writes as they were");
        JsonNode writeDecided = approve(incident, writePlan);

        // then the write raise is neither stale (reads changed, not writes) nor in the read raise's cooldown: it is
        // applied, and the read raise is kept
        assertAppliedAlone(writeDecided);
        assertEquals("WarmThroughput 6600 write units/s", writeDecided.path("actions").get(0).path("after").asText());
        assertEquals(16_500L, warm(incident).readUnitsPerSecond(), "the write raise keeps the read raise");
        assertEquals(6_600L, warm(incident).writeUnitsPerSecond());
        assertEquals(2, aws.calls("dynamodb:UpdateTable"), "one UpdateTable per approved raise");
    }

    /** The approval's one change was applied, nothing skipped. */
    private static void assertAppliedAlone(JsonNode decided) {
        assertEquals(1, decided.path("actions").size(), decided.toString());
        assertEquals("APPLIED", decided.path("actions").get(0).path("status").asText(), decided.toString());
        assertEquals(0, decided.path("skipped").size(), decided.toString());
    }

    private static JsonNode approve(Incident incident, String planId) throws Exception {
        return JSON.readTree(incident.invoke("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}"));
    }

    private static TableWarmThroughputDescription warm(Incident incident) {
        return aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().warmThroughput();
    }

    /** The summary's entry for the table's {@code operation} ("read" or "write"). */
    private static JsonNode entry(JsonNode summary, String operation) {
        for (JsonNode r : summary.path("tables").get(0).path("resources")) {
            if (operation.equals(r.path("operation").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + operation + " entry in " + summary);
    }
}
