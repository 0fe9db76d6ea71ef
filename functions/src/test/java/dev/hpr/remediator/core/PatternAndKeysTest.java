package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.diagnosis.KeyPattern;
import dev.hpr.remediator.core.diagnosis.Pattern;
import dev.hpr.remediator.core.diagnosis.PatternKind;
import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.model.ResourceRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternAndKeysTest {

    private static Pattern pattern(String runs) {
        return Pattern.classify(Scenario.runs(runs, 60), 5);
    }

    @Test
    void classify_isConsistent_whenThrottlingCoversMostOfItsSpan() {
        Pattern p = pattern("0x50, 10x3, 0x1, 10x6");

        assertEquals(PatternKind.CONSISTENT, p.kind());
        assertFalse(p.selfHealed());
    }

    @Test
    void classify_isIntermittent_forPeriodicSpikes() {
        // a burst: 0 -> 200 -> 0, three times
        Pattern p = pattern("0x10, 200x2, 0x15, 200x2, 0x15, 200x2, 0x14");

        assertEquals(PatternKind.INTERMITTENT, p.kind());
        assertEquals(3, p.episodes());
        assertTrue(p.selfHealed(), "stopped 14 minutes ago");
    }

    @Test
    void classify_isIntermittent_forOneMinuteSpikeFarAboveTheRest() {
        assertEquals(PatternKind.INTERMITTENT, pattern("0x10, 5x1, 0x10, 300x1, 0x10, 4x1, 0x27").kind());
    }

    @Test
    void classify_isSporadic_forScatteredSimilarBlips() {
        assertEquals(PatternKind.SPORADIC, pattern("0x10, 5x1, 0x10, 6x1, 0x10, 4x1, 0x27").kind());
    }

    @Test
    void classify_isNone_andNotSelfHealed_withoutThrottling() {
        Pattern p = pattern("0x60");

        assertEquals(PatternKind.NONE, p.kind());
        assertFalse(p.selfHealed());
    }

    @Test
    void selfHealed_dependsOnTheQuietMinutes() {
        assertFalse(pattern("0x40, 50x16, 0x4").selfHealed());
        assertTrue(pattern("0x40, 50x15, 0x5").selfHealed());
    }

    private static List<HotKeys.HotKey> keys(Object... keyValue) {
        var list = new java.util.ArrayList<HotKeys.HotKey>();
        for (int i = 0; i < keyValue.length; i += 2) {
            list.add(new HotKeys.HotKey((String) keyValue[i], ((Number) keyValue[i + 1]).doubleValue(), 0));
        }
        return list;
    }

    @Test
    void classify_namesCelebrity_whenOneKeyHasThreeTimesTheNext() {
        assertEquals(KeyPattern.DOMINANT, HotKeys.classify(keys("user#celebrity", 300, "user#2", 100)));
        assertEquals(KeyPattern.SPREAD, HotKeys.classify(keys("user#celebrity", 299, "user#2", 100, "user#9", 90)));
    }

    @Test
    void classify_namesTemporal_forDatesEpochsAndSequentialIds() {
        assertEquals(KeyPattern.TEMPORAL, HotKeys.classify(keys("events#2026-11-23", 500, "events#2026-11-22", 5)));
        assertEquals(KeyPattern.TEMPORAL, HotKeys.classify(keys("log#1763866800", 50, "log#1763866860", 45)));
        assertEquals(KeyPattern.TEMPORAL,
                HotKeys.classify(keys("booking#100231", 50, "booking#100232", 48, "booking#100233", 47)));
        assertEquals(KeyPattern.SPREAD,
                HotKeys.classify(keys("user#12345", 50, "user#67890", 48, "user#24680", 47)));
    }

    @Test
    void of_ranksContributorsAndComputesShares() {
        var report = new RuleReport(ResourceRef.table("t"), "DynamoDBContributorInsights-PKT-t-1",
                List.of(new RuleReport.Contributor(List.of("b"), 25), new RuleReport.Contributor(List.of("a"), 75),
                        new RuleReport.Contributor(List.of("zero"), 0)));

        HotKeys hot = HotKeys.of(report).orElseThrow();

        assertEquals("a", hot.top().key());
        assertEquals(0.75, hot.top().share(), 1e-9);
        assertEquals(2, hot.keys().size());
    }
}
