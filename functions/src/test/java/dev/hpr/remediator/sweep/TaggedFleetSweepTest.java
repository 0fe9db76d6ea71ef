package dev.hpr.remediator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.remediator.logging.Log;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Tagged protection's sweep at the default per-region table quota, against the local AWS: 2,500 tables with 2 GSIs
 * each; 2,496 tagged {@code hot-partition-remediator=apply}, one tagged {@code off}, three untagged. Ten tagged
 * tables throttle past the detection rule (hot keys), and so do the {@code off} table and an untagged one, which are
 * never read. The deployment runs in dry-run, so the calls are the sweep's own reads plus the per-table Contributor
 * Insights status the plan needs (the changes an apply deployment would add are the alarm path's, per table).
 *
 * <p>The goals of issue 12, asserted on the counted calls: at most 50 AWS calls, and no metric requested for a quiet
 * table (the Metrics Insights triage analyses only ThrottledRequests metrics, which quiet tables do not publish).
 */
class TaggedFleetSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 2_500;
    private static final int GSIS = 2;
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
    void sweep_of2500Tables_readsOnlyTheThrottlingTaggedOnes_within50Calls() throws Exception {
        long setupStarted = System.nanoTime();
        var throttling = new ArrayList<String>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        var throttledRequests = new ArrayList<MetricDatum>();
        for (int i = 0; i < TABLES; i++) {
            String name = String.format("fleet-%04d", i);
            TableIncident table = TableIncident.provisioned(aws, name, 1000, 200, GSIS);
            String tag = i == 7 ? "off" : i == 999 || i == 1999 || i == 2499 ? null : "apply";
            if (tag != null) {
                String arn = "arn:aws:dynamodb:" + aws.region() + ":123456789012:table/" + name;
                aws.dynamoDb().tagResource(b -> b.resourceArn(arn).tags(Tag.builder()
                        .key("hot-partition-remediator").value(tag).build()));
            }
            boolean throttles = i % 250 == 3 || i == 7 || i == 999;
            if (throttles) {
                table.hotKeyWrites(null, 5);
                for (int m = 1; m <= 5; m++) {
                    throttledRequests.add(LocalAws.dynamoDbDatum("ThrottledRequests", 180,
                            now.minus(m, ChronoUnit.MINUTES), "TableName", name, "Operation", "PutItem"));
                }
                if (tag != null && tag.equals("apply")) {
                    throttling.add(name);
                }
            }
        }
        aws.putDynamoDbMetrics(throttledRequests);
        String topicArn = aws.sns().createTopic(b -> b.name("tagged-fleet-findings")).topicArn();
        long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;
        var env = Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "dry-run", "PROTECTION", "tagged",
                "AWS_REGION", aws.region(), "AWS_ENDPOINT_URL", aws.endpoint().toString());
        aws.resetCalls();

        long started = System.nanoTime();
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream("{\"task\":\"sweep\"}".getBytes(StandardCharsets.UTF_8)), out, null);
        long sweepMillis = (System.nanoTime() - started) / 1_000_000;
        var calls = new TreeMap<>(aws.calls());
        JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));

        // every protected table is checked; only the ten throttling ones were read in full and diagnosed
        assertEquals(TABLES - 4, summary.path("tablesChecked").asInt());
        assertEquals(10, throttling.size());
        assertEquals(10, summary.path("detected").asInt(), summary.path("detected").toString());
        var detected = new ArrayList<String>();
        summary.path("tables").forEach(t -> {
            if (t.path("detected").asBoolean()) {
                detected.add(t.path("table").asText());
            }
        });
        assertEquals(throttling, detected);
        assertTrue(summary.toString().indexOf("\"fleet-0007\"") < 0 && summary.toString().indexOf("\"fleet-0999\"") < 0,
                "the off and untagged tables are not in the sweep");

        var expected = new TreeMap<String, Long>();
        expected.put("tagging:GetResources", 25L);                         // 2,497 tagged tables, 100 a call
        expected.put("monitoring:GetMetricData", 2L);                      // the triage, then 10 x 3 x 14 = 420 metrics
        expected.put("dynamodb:DescribeTable", 10L);                       // the throttling tagged tables only
        expected.put("dynamodb:DescribeContributorInsights", 10L);         // one throttled resource each
        expected.put("monitoring:DescribeInsightRules", 1L);               // the region's rule count, once a sweep
        assertEquals(expected, calls);
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total <= 50, "at most 50 AWS calls: " + total); // 48
        // metrics requested: 14 per table and GSI of the ten throttling tables; the triage analysed the 12
        // ThrottledRequests metrics of the region (quiet tables have none): 0 per quiet table
        System.out.printf("[benchmark] tagged sweep: %d tables x %d GSIs (10 throttling): set-up %d ms, sweep %d ms,"
                + " %d AWS calls: %s; metrics requested: %d by MetricStat (throttling tables only) + %d analysed by the"
                + " Metrics Insights triage; per quiet table: 0%n", TABLES, GSIS, setupMillis, sweepMillis, total, calls,
                10 * (1 + GSIS) * 14, throttledRequests.size() / 5);
    }
}
