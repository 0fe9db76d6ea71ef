package dev.hpr.remediator.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/cost-and-speed.md states figures of the benchmark run recorded in docs/benchmark.md: each is read here from
 * that run's output and must appear on the page as written there. A new run pasted into benchmark.md fails this until
 * the page says what it measured.
 */
class CostAndSpeedFiguresTest {

    private static String run;
    private static String deployed;
    private static String page;

    @BeforeAll
    static void read() throws IOException {
        Path docs = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("docs");
        String benchmark = Files.readString(docs.resolve("benchmark.md"));
        int start = benchmark.indexOf("hot-partition-remediator benchmark, ");
        assertTrue(start > 0, "docs/benchmark.md holds no recorded run");
        run = benchmark.substring(start, benchmark.indexOf("```", start));
        // Section 7 is recorded apart, before and after the work on the deployed configuration: the last run is after.
        int last = benchmark.lastIndexOf("hot-partition-remediator benchmark, ");
        deployed = benchmark.substring(last, benchmark.indexOf("```", last));
        page = Files.readString(docs.resolve("cost-and-speed.md")).replaceAll("\\s+", " ");
    }

    /** The whitespace-separated cells of the run's first line starting with {@code label}, after it. */
    private static List<String> row(String label) {
        return row(run, label);
    }

    private static List<String> row(String recorded, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(.*)$").matcher(recorded);
        assertTrue(m.find(), "no row '" + label + "' in the recorded run");
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static void assertOnPage(String sentence) {
        assertTrue(page.contains(sentence), "docs/cost-and-speed.md should say: " + sentence);
    }

    @Test
    void apiCallsPerAlarmInvocation_areTheRecordedTotals_theSameForEveryGsiCount() {
        List<String> totals = row("total (= calls per table)");
        assertEquals(1, totals.subList(0, 4).stream().distinct().count(), "hot key totals differ by GSIs: " + totals);
        assertEquals(1, totals.subList(4, 8).stream().distinct().count(), "under-prov. totals differ: " + totals);
        assertOnPage(totals.get(0) + " calls for a hot key and " + totals.get(4) + " for the full under-provisioned fix");
    }

    @Test
    void fleetSweep_callsPerTable_andMetricCalls_areTheRecordedOnes() {
        int section = run.indexOf("5. AWS API calls of a fleet sweep");
        String sweep = run.substring(section);
        Matcher total = Pattern.compile("(?m)^total\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+)")
                .matcher(sweep);
        assertTrue(total.find(), "no sweep total row");
        assertOnPage(total.group(2) + ", " + total.group(4) + ", " + total.group(6) + " for 10, 50, 200 tables");
        Matcher metrics = Pattern.compile("(?m)^monitoring:GetMetricData\\s+\\d+\\s+[\\d.]+\\s+\\d+\\s+[\\d.]+\\s+(\\d+)")
                .matcher(sweep);
        assertTrue(metrics.find(), "no sweep GetMetricData row");
        assertOnPage(metrics.group(1) + " `GetMetricData` calls for 200 tables with 2 GSIs");
    }

    @Test
    void coldStart_snapStart_warm_andJar_areTheRecordedOnes() {
        List<String> bare = row("bare JVM: java -cp JAR Noop                     default");
        List<String> invoke = row("local invoke: java -jar JAR invoke              default");
        List<String> c1 = row("local invoke: java -jar JAR invoke  TieredStopAtLevel=1");
        assertOnPage(invoke.get(0) + " ms median wall time, " + invoke.get(3) + "× a bare JVM start of the same jar ("
                + bare.get(0) + " ms)");
        assertOnPage(c1.get(0) + " ms (" + c1.get(3) + "×)");
        List<String> unprimed = row("nothing (no SnapStart priming)");
        List<String> primed = row("CRaC beforeCheckpoint priming");
        assertOnPage("takes " + primed.get(0) + " ms median, against " + unprimed.get(0) + " ms without the hook");
        Matcher warm = Pattern.compile("(?m)^-+\\n(\\d+)\\s+([\\d.]+)\\s+([\\d.]+)\\s").matcher(
                run.substring(run.indexOf("4. Warm invocations")));
        assertTrue(warm.find(), "no warm row");
        assertOnPage(warm.group(2) + " ms median, " + warm.group(3) + " ms p95");
        Matcher jar = Pattern.compile("jar: .*, [\\d,]+ bytes \\(([\\d.]+) MiB\\)").matcher(run);
        assertTrue(jar.find(), "no jar size");
        assertOnPage("The jar** is " + jar.group(1) + " MiB");
    }

    @Test
    void deployedConfiguration_firstAfterPriming_againstWarm_isTheRecordedOne() {
        assertTrue(deployed.contains("7. The deployed configuration"), "the last recorded run is not section 7's");
        List<String> primed = row(deployed, "first after SnapStart priming (fresh JVM, 10 runs)");
        List<String> warm = row(deployed, "warm (one primed handler, 20 after its first)");
        assertOnPage("the first invocation takes " + primed.get(0) + " ms median, " + primed.get(3) + "× a warm one ("
                + warm.get(0) + " ms)");
    }
}
