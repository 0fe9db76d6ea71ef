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
 * the page says what it measured. Sections 6 (the bill, with the daily forecast's fleet cost) and 7 (the forecast's
 * backtest) are recorded in blocks of their own, each read from its first line.
 */
class CostAndSpeedFiguresTest {

    private static String benchmark;
    private static String run;
    private static String page;

    @BeforeAll
    static void read() throws IOException {
        Path docs = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("docs");
        benchmark = Files.readString(docs.resolve("benchmark.md"));
        int start = benchmark.indexOf("hot-partition-remediator benchmark, ");
        assertTrue(start > 0, "docs/benchmark.md holds no recorded run");
        run = benchmark.substring(start, benchmark.indexOf("```", start));
        page = Files.readString(docs.resolve("cost-and-speed.md")).replaceAll("\\s+", " ");
    }

    /** The whitespace-separated cells of the run's first line starting with {@code label}, after it. */
    private static List<String> row(String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(.*)$").matcher(run);
        assertTrue(m.find(), "no row '" + label + "' in the recorded run");
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    /** A recorded output block of benchmark.md, from its line starting with {@code heading} to the block's end. */
    private static String recorded(String heading) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(heading)).matcher(benchmark);
        assertTrue(m.find(), "docs/benchmark.md records no '" + heading + "'");
        return benchmark.substring(m.start(), benchmark.indexOf("```", m.start()));
    }

    /** The cells (separated by two spaces or more) of the first line of {@code text} starting with {@code label}. */
    private static List<String> cells(String text, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s.*$").matcher(text);
        assertTrue(m.find(), "no row '" + label + "' in\n" + text);
        return Arrays.asList(m.group().trim().split("\\s{2,}"));
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
    void forecastBacktest_throttledMinutesAndCapacity_areTheRecordedOnes_withDynamoDbsAlarm() {
        String section = recorded(Benchmark.BACKTEST_HEADING);
        int second = section.indexOf("Forecast backtest: ", section.indexOf("Forecast backtest: ") + 1);
        assertTrue(second > 0, "two backtest tables in the recorded section 7");
        String dynamoDbs = section.substring(0, second);
        assertTrue(dynamoDbs.contains("(DynamoDB's)"), dynamoDbs);
        for (String trace : List.of("daily 09:00-09:30 write peak", "weekday 13:00-14:00 write peak",
                "daily peak, 25% higher in the replayed week")) {
            List<String> row = cells(dynamoDbs, trace);
            List<String> last = row.subList(row.size() - 6, row.size());   // throttled r, f, change; cu-h r, f, change
            assertOnPage(trace + ": " + last.get(0) + " → " + last.get(1) + " throttled minutes, " + last.get(5)
                    + " capacity-unit-hours");
        }
        for (String trace : List.of("flat table", "one-off spike")) {
            assertTrue(cells(dynamoDbs, trace).get(1).startsWith("nothing ("), trace + " scheduled something");
        }
        assertOnPage("flat table and one-off spike: nothing scheduled, nothing changed");
    }

    @Test
    void dailyForecastsFleetCost_isTheRecordedOne() {
        String bill = recorded("6. Monthly AWS bill");
        String forecast = bill.substring(bill.indexOf("forecast: tables"));
        List<String> row = cells(forecast, "2,500");
        assertOnPage(row.get(4) + " a month in CloudWatch and " + row.get(2) + " API calls a run for the tables that"
                + " never throttled");
    }

    @Test
    void recordedBacktest_isWhatTheBenchmarkPrintsNow() {
        // given the backtest is pure and deterministic (fixed seeds), section 7 as recorded must be today's output
        var out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Benchmark.forecastBacktest();
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(printed, recorded(Benchmark.BACKTEST_HEADING).strip(), "docs/benchmark.md's section 7 is not what"
                + " the backtest prints now: paste the output of ForecastBacktest (with section 7's first line) into"
                + " docs/benchmark.md, and the figures into docs/cost-and-speed.md");
    }
}
