package dev.hpr.remediator.sweep;

import dev.hpr.remediator.logging.Log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet sweep against the local AWS: 200 protected tables with 2 GSIs each (and one protected table that does not
 * exist) checked in one invocation, as the schedule would. Five throttle past the detection rule (hot keys on a table
 * and on a GSI, reads outgrowing capacity); only those five are remediated, the four that changed something are
 * published, and the metrics of all 600
 * resources are read in ceil(600 × 14 / 500) = 17 GetMetricData calls.
 *
 * <p>A private local AWS: moto's GetMetricData costs queries × periods × stored datapoints, so the sweep must not
 * scan the shared instance's datapoints, and the call counts must not see other tests.
 */
class FleetSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 200;
    private static final String SCHEDULED_EVENT = "{\"task\":\"sweep\"}";

    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void sweep_of200TablesWith2Gsis_remediatesOnlyTheThrottledOnes_in17MetricCalls() throws Exception {
        // given 200 quiet tables with 2 GSIs each
        long setupStarted = System.nanoTime();
        var names = new ArrayList<String>();
        var tables = new HashMap<String, TableIncident>();
        for (int i = 0; i < TABLES; i++) {
            String name = String.format("fleet-%03d", i);
            tables.put(name, TableIncident.provisioned(aws, name, 1000, 200, 2));
            names.add(name);
        }
        // and five of them throttling past the detection rule
        tables.get("fleet-007").contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, LocalAws.Contributor.of(3300, "customer#celebrity-42"))
                .hotKeyWrites(null, 5);
        tables.get("fleet-042").hotKeyWrites(null, 5);
        tables.get("fleet-099").hotKeyWrites("gsi1", 5);
        tables.get("fleet-123").autoScaling(null, "Read", 100, 1000, 70).underProvisionedReads(null, 5);
        tables.get("fleet-187").autoScaling(null, "Read", 100, 1000, 70).underProvisionedReads(null, 5);
        // and one table below it (20 throttled events in the window: under the threshold of 50)
        tables.get("fleet-150").metric(null, "WriteKeyRangeThroughputThrottleEvents", 10, 2)
                .metric(null, "WriteThrottleEvents", 10, 2);
        names.add("fleet-gone"); // protected, but deleted
        String topicArn = aws.sns().createTopic(b -> b.name("fleet-findings")).topicArn();
        long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;
        var env = Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply",
                "PROTECTED_TABLES", String.join(",", names),
                "AWS_REGION", aws.region(), "AWS_ENDPOINT_URL", aws.endpoint().toString());
        aws.resetCalls();

        // when the schedule invokes the sweep
        long started = System.nanoTime();
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream(SCHEDULED_EVENT.getBytes(StandardCharsets.UTF_8)), out, null);
        long sweepMillis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Long> calls = aws.calls();
        JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));

        // then only the five throttling tables are remediated; the missing one is reported
        assertEquals(TABLES + 1, summary.path("tablesChecked").asInt());
        assertEquals(5, summary.path("detected").asInt(), summary.toString());
        assertEquals(5, summary.path("remediated").asInt());
        assertEquals("[\"fleet-gone\"]", summary.path("missing").toString());
        assertEquals(0, summary.path("failed").size(), summary.path("failed").toString());
        var remediated = new ArrayList<String>();
        for (JsonNode t : summary.path("tables")) {
            if ("REMEDIATED".equals(t.path("status").asText())) {
                remediated.add(t.path("table").asText());
                assertEquals("DIAGNOSED", t.path("outcome").asText());
                assertTrue(t.path("headline").asText().startsWith(t.path("table").asText() + ":"), t.toString());
            }
        }
        assertEquals(List.of("fleet-007", "fleet-042", "fleet-099", "fleet-123", "fleet-187"), remediated);
        assertTrue(summary.toString().contains("customer#celebrity-42"), "the hot key is named in fleet-007's headline");
        assertEquals("QUIET", status(summary, "fleet-150"));
        assertEquals(20.0, throttleEvents(summary, "fleet-150"));
        // Contributor Insights enabled on 4 resources (fleet-007's was on), a retune and a MaxCapacity raise on 2
        assertEquals(8, summary.path("changesApplied").asInt(), summary.toString());

        // and the calls: the metrics of 600 resources in 17 GetMetricData calls, per-table calls only where needed
        var expected = new TreeMap<String, Long>();
        expected.put("dynamodb:DescribeTable", (long) TABLES + 1);
        expected.put("dynamodb:ListTagsOfResource", (long) TABLES);
        expected.put("monitoring:GetMetricData", 17L);                          // ceil(200 × 3 × 14 / 500)
        expected.put("dynamodb:DescribeContributorInsights", 5L);               // one throttled resource each
        expected.put("monitoring:GetInsightRuleReport", 1L);                    // fleet-007's PKT rule
        expected.put("monitoring:DescribeInsightRules", 1L);                    // the region's rules, once a sweep
        expected.put("dynamodb:UpdateContributorInsights", 4L);                 // the other four
        expected.put("application-autoscaling:DescribeScalableTargets", 2L);    // the two under-provisioned
        expected.put("application-autoscaling:DescribeScalingPolicies", 2L);
        expected.put("application-autoscaling:PutScalingPolicy", 2L);
        expected.put("application-autoscaling:RegisterScalableTarget", 2L);
        // fleet-007 (a hot key, Insights already on) changed nothing: its finding is in the summary, not published
        // again every sweep; the four that changed something are published
        expected.put("sns:Publish", 4L);
        assertEquals(expected, calls);
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("fleet sweep: %d tables (+1 missing) x 2 GSIs: set-up %d ms, sweep %d ms, %d AWS calls"
                + " (%.2f per table): %s%n", TABLES, setupMillis, sweepMillis, total, total / (double) (TABLES + 1), calls);
    }

    private static String status(JsonNode summary, String table) {
        for (JsonNode t : summary.path("tables")) {
            if (table.equals(t.path("table").asText())) {
                return t.path("status").asText();
            }
        }
        return "absent";
    }

    private static double throttleEvents(JsonNode summary, String table) {
        for (JsonNode t : summary.path("tables")) {
            if (table.equals(t.path("table").asText())) {
                return t.path("throttleEvents").asDouble();
            }
        }
        return -1;
    }
}
