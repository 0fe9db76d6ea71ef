package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.CodeFix;
import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeyDemand;
import dev.hpr.remediator.core.diagnosis.KeyPattern;
import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.PeakRates;
import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.diagnosis.Series;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.planning.Recommender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a hot key asked of its partition, from the measured metrics and its share, and the count it is given. */
class HotKeyDemandTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final Window WINDOW = Window.lastMinutes(Instant.parse("2026-11-23T03:00:20Z"), 60);

    /** Diagnoses an on-demand table "orders" from per-minute runs of metrics and one PKT rule's contributors. */
    private static Diagnosis diagnose(Map<String, String> metricRuns, Object... keyValues) {
        var series = new HashMap<MetricKey, Series>();
        metricRuns.forEach((metric, runs) -> {
            for (OperationType op : OperationType.values()) {
                for (MetricKind kind : MetricKind.values()) {
                    if (kind.metricName(op).equals(metric)) {
                        series.put(new MetricKey(ORDERS, op, kind), Scenario.runs(runs, WINDOW.periods()));
                    }
                }
            }
        });
        var contributors = new java.util.ArrayList<RuleReport.Contributor>();
        for (int i = 0; i < keyValues.length; i += 2) {
            contributors.add(new RuleReport.Contributor(List.of((String) keyValues[i]),
                    ((Number) keyValues[i + 1]).doubleValue()));
        }
        var table = new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PAY_PER_REQUEST, Optional.empty(), Optional.empty(), 0, false, List.of(), Map.of());
        return new Diagnoser(DefaultSettings.diagnosis()).diagnose(table, new MetricsSnapshot(WINDOW, series),
                List.of(new RuleReport(ORDERS, "DynamoDBContributorInsights-PKT-orders-1763866800000", contributors)));
    }

    /** The demo's orders incident: 54,000 WCU a minute consumed, 180 key-range throttles a minute for 20 minutes. */
    private static final Map<String, String> DEMO_ORDERS = Map.of(
            "ConsumedWriteCapacityUnits", "54000x60",
            "WriteKeyRangeThroughputThrottleEvents", "0x40, 180x20",
            "WriteThrottleEvents", "0x40, 180x20");

    private static HotKeyDemand demand(Diagnosis diagnosis) {
        return diagnosis.hotKeyDemand(diagnosis.primaryCause().orElseThrow()).orElseThrow();
    }

    private static Recommendation recommendation(Diagnosis diagnosis) {
        Plan nothing = new Plan(RemediationMode.APPLY, "test", List.of(), List.of());
        return new Recommender(key -> key).recommend(diagnosis, nothing).get(0);
    }

    @Test
    void demand_isTheKeysShareOfThePeakConsumedPlusThrottledRate() {
        // given the demo's celebrity key, with 94% of the throttled requests
        Diagnosis diagnosis = diagnose(DEMO_ORDERS,
                "customer#celebrity-42", 3300, "customer#1187", 120, "customer#2211", 90);

        // when
        HotKeyDemand demand = demand(diagnosis);

        // then 3300/3510 × (900 + 3) WCU/s, which 2 shards serve at half a partition each
        assertEquals(new PeakRates(900, true, 3), demand.peak());
        assertEquals(3300 / 3510.0, demand.share(), 1e-9);
        assertEquals(3300 / 3510.0 * 903, demand.unitsPerSecond(), 1e-9);
        assertEquals(2, demand.shardPlan().count());
    }

    @Test
    void throttledRate_isTheKeyRangeMetrics_notOtherCauses() {
        // given the partition's limit and provisioned capacity both throttled writes, in different amounts
        Diagnosis diagnosis = diagnose(Map.of(
                        "ConsumedWriteCapacityUnits", "600000x60",
                        "WriteKeyRangeThroughputThrottleEvents", "6000x60",
                        "WriteProvisionedThroughputThrottleEvents", "600x60",
                        "WriteThrottleEvents", "6600x60"),
                "customer#celebrity-42", 1000);

        // then only the key-range throttles count towards the key: 10,000 + 100 WCU/s, 21 shards
        assertEquals(new PeakRates(10_000, true, 100), demand(diagnosis).peak());
        assertEquals(21, demand(diagnosis).shardPlan().count());
    }

    @Test
    void temporalKeys_countTogether_forTheCurrentBucketTakesTheirTraffic() {
        // given minute keys each hot in its turn, and one unrelated key
        Diagnosis diagnosis = diagnose(Map.of(
                        "ConsumedWriteCapacityUnits", "120000x60",
                        "WriteKeyRangeThroughputThrottleEvents", "600x60"),
                "log#1763866800", 50, "log#1763866860", 45, "log#1763866920", 45, "user#7", 10);

        HotKeyDemand demand = demand(diagnosis);

        assertEquals(KeyPattern.TEMPORAL, demand.pattern());
        assertEquals(140 / 150.0, demand.share(), 1e-9);
        assertEquals(140 / 150.0 * 2_010, demand.unitsPerSecond(), 1e-9);
        assertEquals(4, demand.shardPlan().count());
    }

    @Test
    void writeShardRecommendation_namesShardedKey_theCount_andTheFormulasNumbers() {
        Diagnosis diagnosis = diagnose(DEMO_ORDERS,
                "customer#celebrity-42", 3300, "customer#1187", 120, "customer#2211", 90);

        Recommendation r = recommendation(diagnosis);

        assertEquals("Write-shard the hot key", r.title());
        assertEquals(List.of(CodeFix.ToolkitClass.SHARDED_KEY, CodeFix.ToolkitClass.SCATTER_GATHER),
                r.codeFix().orElseThrow().classes());
        assertEquals(2, r.codeFix().orElseThrow().plan().count());
        assertTrue(r.detail().contains("Shard it with dev.hpr.toolkit.ShardedKey into 2 shards"
                + " ('customer#celebrity-42#0'..'#1'"), r.detail());
        assertTrue(r.detail().contains("About 849 WCU/s at peak against 1,000 per partition at 50% headroom: 2 shards"
                + " (94% of the peak 900 consumed WCU/s plus 3 throttled writes/s of table orders"), r.detail());
        assertTrue(r.detail().contains("below one partition's 1,000 WCU/s"), r.detail());
    }

    @Test
    void withoutConsumedData_onlyThrottledRequestsCount_andTheRecommendationSaysSo() {
        Diagnosis diagnosis = diagnose(Map.of("WriteKeyRangeThroughputThrottleEvents", "0x40, 600x20"),
                "customer#celebrity-42", 1000);

        Recommendation r = recommendation(diagnosis);

        assertFalse(demand(diagnosis).peak().consumedMeasured());
        assertEquals(10, demand(diagnosis).unitsPerSecond(), 1e-9);
        assertEquals(2, r.codeFix().orElseThrow().plan().count());
        assertTrue(r.detail().contains("ConsumedWriteCapacityUnits had no data: only throttled writes are counted,"
                + " a floor."), r.detail());
    }

    @Test
    void aRateBeyondOneHundredShards_isGivenTheMaximum_andSaysWhatItAskedFor() {
        Diagnosis diagnosis = diagnose(Map.of(
                        "ConsumedWriteCapacityUnits", "6000000x60",
                        "WriteKeyRangeThroughputThrottleEvents", "6000x60"),
                "customer#celebrity-42", 1000);

        Recommendation r = recommendation(diagnosis);

        assertEquals(100, r.codeFix().orElseThrow().plan().count());
        assertTrue(r.detail().contains("The formula asks for 201; 100 is the most"), r.detail());
    }

    @Test
    void hotReadKey_namesTheCacheAndReplicas_countedForReads() {
        Diagnosis diagnosis = diagnose(Map.of(
                        "ConsumedReadCapacityUnits", "540000x60",
                        "ReadKeyRangeThroughputThrottleEvents", "60000x60"),
                "product#flash-123", 1000);

        Recommendation r = recommendation(diagnosis);

        assertEquals("Cache the hot read key", r.title());
        assertEquals(List.of(CodeFix.ToolkitClass.HOT_KEY_CACHE, CodeFix.ToolkitClass.READ_REPLICAS),
                r.codeFix().orElseThrow().classes());
        assertEquals(CodeFix.Counted.READ_REPLICAS, r.codeFix().orElseThrow().counted());
        assertEquals(7, r.codeFix().orElseThrow().plan().count(), "10,000 RCU/s over 1,500 per replica");
        assertTrue(r.detail().contains("dev.hpr.toolkit.ReadReplicas with 7 replicas"), r.detail());
    }

    @Test
    void keysOfSimilarWeightOnATable_getNoClassAndNoCount() {
        Diagnosis diagnosis = diagnose(DEMO_ORDERS, "user#12345", 50, "user#67890", 48, "user#24680", 47);

        Recommendation r = recommendation(diagnosis);

        assertEquals("Spread load across many similar keys", r.title());
        assertTrue(r.codeFix().isEmpty());
        assertTrue(r.detail().contains("no key to shard and no shard count to give"), r.detail());
        assertFalse(r.detail().contains("dev.hpr.toolkit"), r.detail());
    }
}
