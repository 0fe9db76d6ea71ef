package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.DefaultSettings;
import dev.hpr.remediator.core.Scenario;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The picture and the links of a finding: sparklines drawn from recorded incidents' series (a burst that healed, a
 * plateau, scattered minutes), and console links built for the finding's region and partition.
 */
class SparklineAndLinksTest {

    private static Diagnosis recorded(String name) throws IOException {
        Scenario scenario = Scenario.load(Scenario.directory().resolve(name + ".json"));
        return new Diagnoser(DefaultSettings.diagnosis()).diagnose(scenario.table(), scenario.metrics(),
                scenario.reports());
    }

    @Test
    void aBurstThatHealed_isAShortPeakThenFlat() throws IOException {
        // orders WriteThrottleEvents "0x30, 200x3, 0x27"
        String line = Sparkline.draw(recorded("burst-self-healed").pattern().perMinute());
        assertEquals("▁".repeat(30) + "███" + "▁".repeat(27), line);
        assertEquals(line + " peak 200/min (60 min, 1 character per minute)",
                Sparkline.describe(recorded("burst-self-healed").pattern().perMinute()));
    }

    @Test
    void aPlateau_isFlatThenHigh() throws IOException {
        // sessions WriteThrottleEvents "0x45, 75x15"
        assertEquals("▁".repeat(45) + "█".repeat(15), Sparkline.draw(recorded("on-demand-maximum").pattern().perMinute()));
    }

    @Test
    void scatteredMinutes_keepTheirRelativeHeights() throws IOException {
        // orders ReadThrottleEvents "0x10, 30x1, 0x15, 25x1, 0x20, 40x1, 0x12": 30 and 25 of a 40 peak, in
        // sevenths rounded up (5.25 and 4.375 → 6 and 5)
        String line = Sparkline.draw(recorded("sporadic").pattern().perMinute());
        assertEquals(60, line.length());
        assertEquals('▇', line.charAt(10));
        assertEquals('▆', line.charAt(26));
        assertEquals('█', line.charAt(47));
        assertEquals(57, line.chars().filter(c -> c == '▁').count());
    }

    @Test
    void aLongWindow_isFoldedToSixtyCharacters_keepingThePeak() {
        var series = new java.util.ArrayList<Double>(java.util.Collections.nCopies(1440, 0.0));
        series.set(700, 9.0);
        String line = Sparkline.draw(series);
        assertEquals(60, line.length());
        assertEquals('█', line.charAt(29));
        assertTrue(Sparkline.describe(series).endsWith("(1440 min, 1 character per 24 minutes)"));
        assertEquals("", Sparkline.describe(java.util.Collections.nCopies(60, 0.0)), "nothing throttled, no line");
    }

    @Test
    void links_pointAtTheFindingsRegionAndResources() {
        Finding finding = SyntheticFindings.large(0, 2, 20, 1, 20, "x", false);
        List<ConsoleLinks.Link> links = ConsoleLinks.of(finding);
        String region = finding.region();
        String table = finding.tableName();
        assertEquals("https://" + region + ".console.aws.amazon.com/dynamodbv2/home?region=" + region + "#table?name="
                + table + "&tab=monitoring", links.get(0).url());
        assertTrue(links.get(1).url().endsWith("#table?name=" + table + "&tab=settings"));
        assertTrue(links.stream().anyMatch(l -> l.url().contains("/cloudwatch/home?region=" + region
                + "#contributorinsights:rules/DynamoDBContributorInsights-")), links.toString());
        finding.alarm().ifPresent(a -> assertTrue(links.get(links.size() - 1).url().endsWith(
                "#alarmsV2:alarm/" + a.name().replace(" ", "%20"))));
    }

    @Test
    void links_followThePartition() {
        assertEquals(Optional.of("https://console.amazonaws.cn"), ConsoleLinks.host("cn-north-1"));
        assertEquals(Optional.of("https://console.amazonaws-us-gov.com"), ConsoleLinks.host("us-gov-west-1"));
        assertEquals(Optional.of("https://eu-central-2.console.aws.amazon.com"), ConsoleLinks.host("eu-central-2"));
        assertEquals(Optional.empty(), ConsoleLinks.host("us-iso-east-1"));
        assertEquals(Optional.empty(), ConsoleLinks.host("not a region"));
    }
}
