package dev.hpr.remediator.perf;

import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ./benchmark.sh}: measures, against a private local AWS (moto 5.2.1 + extensions), what the remediator costs.
 * It measures and prints; it asserts nothing (the budget is asserted by {@code ApiCallBudgetTest} and
 * {@code FleetSweepTest}). See {@code docs/benchmark.md} for what each number means.
 *
 * <ol>
 *   <li>AWS API calls per operation of one ALARM invocation on tables with 0, 1, 5 and 20 GSIs;
 *   <li>a cold local invoke of the jar beside a bare JVM start of the same jar, wall time and peak RSS, with and
 *       without {@code -XX:TieredStopAtLevel=1};
 *   <li>the first invocation in a fresh JVM with and without the SnapStart priming hook;
 *   <li>the warm per-invocation time of one handler over 50 invocations;
 *   <li>AWS API calls of fleet sweeps of 10, 50 and 200 tables, in total and per table;
 *   <li>the monthly bill, listed design against tagged design ({@link MonthlyBill}), with the daily forecast's share;
 *   <li>the forecast's backtest: throttled minutes and capacity-unit-hours, reactive against forecast, per recorded
 *       trace ({@link ForecastBacktest}; pure, no local AWS).
 * </ol>
 * and, first, the machine and the jar's size.
 */
public final class Benchmark {

    static final String TIERED_C1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final int COLD_RUNS = 10;
    private static final int WARM_INVOCATIONS = 50;
    /** Section 7's first line starts so; docs/benchmark.md's recorded backtest is read from there. */
    static final String BACKTEST_HEADING = "7. The forecast's backtest";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The in-JVM handlers take credentials from the default chain, as in Lambda: the local AWS's, never real ones
        // (every client here points at the local AWS through AWS_ENDPOINT_URL in the handler's environment).
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        Path root = Path.of(System.getProperty("hpr.repoRoot", ".")).toAbsolutePath().normalize();
        Path built = root.resolve("functions/target/hot-partition-remediator.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("no jar at " + built + ": run ./benchmark.sh, which builds it");
        }
        System.out.println("hot-partition-remediator benchmark, " + Instant.now());
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "jar: %s, %,d bytes (%.1f MiB)%n%n", root.relativize(built), Files.size(built),
                Files.size(built) / 1048576.0);
        // The child JVMs run copies, so that a build running meanwhile in the same tree cannot change what is measured.
        Path work = Files.createTempDirectory("hpr-benchmark");
        Path jar = Files.copy(built, work.resolve("hot-partition-remediator.jar"));
        String probe = "dev/hpr/remediator/handler/FirstInvocationProbe.class";
        Path testClasses = work.resolve("probe");
        Files.createDirectories(testClasses.resolve(probe).getParent());
        try (var in = Benchmark.class.getClassLoader().getResourceAsStream(probe)) {
            Files.copy(Objects.requireNonNull(in, probe), testClasses.resolve(probe));
        }
        try (LocalAws aws = LocalAws.start()) {
            var scenarios = new ApiCallScenarios(aws, root);
            alarmCalls(scenarios);
            TableIncident steady = scenarios.hotKeyTable(2);
            Path event = Files.createTempFile("hpr-benchmark-event", ".json");
            Files.writeString(event, scenarios.alarmEvent(steady.name()));
            try {
                coldStart(scenarios, jar, event);
                firstInvocation(scenarios, jar, testClasses, event);
                warm(scenarios, event);
            } finally {
                Files.deleteIfExists(event);
            }
            sweepCalls(scenarios);
        }
        // The bill's sweeps in a local AWS of their own: the tagged triage reads the whole region's throttling.
        try (LocalAws bill = LocalAws.start()) {
            MonthlyBill.run(bill);
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        forecastBacktest();
    }

    /** Section 7: the forecast's backtest, the table {@link ForecastBacktest} prints. */
    static void forecastBacktest() {
        System.out.println(BACKTEST_HEADING + ": each trace's 14 days of history replayed under reactive target"
                + " tracking, the forecast made from what CloudWatch would have recorded, then 7 days replayed reactive"
                + " only and with the forecast's schedule (pure: no local AWS)");
        System.out.print(ForecastBacktest.table());
    }

    private static void alarmCalls(ApiCallScenarios scenarios) throws IOException {
        var counted = new ArrayList<ApiCallScenarios.Counted>();
        for (int gsis : new int[] {0, 1, 5, 20}) {
            counted.add(scenarios.alarm("hot key, " + gsis + " GSIs", scenarios.hotKeyTable(gsis)));
        }
        for (int gsis : new int[] {0, 1, 5, 20}) {
            counted.add(scenarios.alarm("under-prov., " + gsis + " GSIs", scenarios.underProvisionedTable(gsis)));
        }
        System.out.println("1. AWS API calls of one ALARM invocation, per operation (counted at the local AWS, retries"
                + " included)");
        System.out.println("   hot key: a key throttles the table's writes, Contributor Insights on (nothing to change);");
        System.out.println("   under-prov.: reads outgrow the table at MaxCapacity, Contributor Insights off (3 changes)");
        var header = new ArrayList<String>(List.of("operation \\ GSIs"));
        counted.forEach(c -> header.add((c.name().startsWith("hot") ? "hot " : "under ") + c.name().replaceAll("\\D", "")));
        var table = new TextTable(header);
        for (String op : ApiCallScenarios.operations(counted)) {
            var row = new ArrayList<String>(List.of(op));
            counted.forEach(c -> row.add(String.valueOf(c.calls().getOrDefault(op, 0L))));
            table.row(row);
        }
        table.rule();
        var totals = new ArrayList<String>(List.of("total (= calls per table)"));
        counted.forEach(c -> totals.add(String.valueOf(c.total())));
        table.row(totals);
        var millis = new ArrayList<String>(List.of("invocation ms (in-JVM, new handler)"));
        counted.forEach(c -> millis.add(String.valueOf(c.millis())));
        table.row(millis);
        System.out.println(table.render());
    }

    private static void sweepCalls(ApiCallScenarios scenarios) throws IOException {
        var counted = new ArrayList<ApiCallScenarios.Counted>();
        for (int tables : new int[] {10, 50, 200}) {
            counted.add(scenarios.sweep(tables));
        }
        System.out.println("5. AWS API calls of a fleet sweep, one invocation: tables with 2 GSIs, each with read and write"
                + " auto scaling;");
        System.out.println("   2 in every 10 throttle (a hot key with Contributor Insights on; reads outgrowing the table"
                + " at MaxCapacity)");
        var header = new ArrayList<String>(List.of("operation"));
        counted.forEach(c -> {
            header.add(c.tables() + " tables");
            header.add("per table");
        });
        var table = new TextTable(header);
        for (String op : ApiCallScenarios.operations(counted)) {
            var row = new ArrayList<String>(List.of(op));
            counted.forEach(c -> {
                long n = c.calls().getOrDefault(op, 0L);
                row.add(String.valueOf(n));
                row.add(String.format(Locale.ROOT, "%.3f", n / (double) c.tables()));
            });
            table.row(row);
        }
        table.rule();
        var totals = new ArrayList<String>(List.of("total"));
        counted.forEach(c -> {
            totals.add(String.valueOf(c.total()));
            totals.add(String.format(Locale.ROOT, "%.3f", c.total() / (double) c.tables()));
        });
        table.row(totals);
        var millis = new ArrayList<String>(List.of("sweep ms (local AWS)"));
        counted.forEach(c -> {
            millis.add(String.valueOf(c.millis()));
            millis.add(String.format(Locale.ROOT, "%.1f", c.millis() / (double) c.tables()));
        });
        table.row(millis);
        System.out.println(table.render());
        counted.forEach(c -> System.out.println("   " + c.name() + ": " + c.note()));
        System.out.println();
    }

    private static void coldStart(ApiCallScenarios scenarios, Path jar, Path event) throws Exception {
        var runs = new ProcessRuns();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var env = new HashMap<>(scenarios.env());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        var variants = new LinkedHashMap<String, List<String>>();
        variants.put("bare JVM: java -cp JAR Noop", List.of(javaBin, "-cp", jar.toString(), "dev.hpr.remediator.cli.Noop"));
        variants.put("local invoke: java -jar JAR invoke", List.of(javaBin, "-jar", jar.toString(), "invoke", event.toString()));
        var options = new LinkedHashMap<String, String>();
        options.put("default", "");
        options.put("TieredStopAtLevel=1", TIERED_C1);
        var wall = new LinkedHashMap<String, long[]>();
        var rss = new LinkedHashMap<String, long[]>();
        for (String v : variants.keySet()) {
            for (String o : options.keySet()) {
                wall.put(v + "|" + o, new long[COLD_RUNS]);
                rss.put(v + "|" + o, new long[COLD_RUNS]);
            }
        }
        // One untimed run of each to fill the page cache, then the runs interleaved so that noise spreads evenly.
        for (int i = -1; i < COLD_RUNS; i++) {
            for (var v : variants.entrySet()) {
                for (var o : options.entrySet()) {
                    var runEnv = new HashMap<>(env);
                    runEnv.put("JAVA_TOOL_OPTIONS", o.getValue());
                    ProcessRuns.Run run = runs.run(v.getValue(), runEnv);
                    if (run.exit() != 0) {
                        throw new IllegalStateException(v.getKey() + " exited " + run.exit() + ": " + run.stdout()
                                + run.stderr());
                    }
                    if (i >= 0) {
                        wall.get(v.getKey() + "|" + o.getKey())[i] = run.wallMillis();
                        rss.get(v.getKey() + "|" + o.getKey())[i] = run.peakRssKib();
                    }
                }
            }
        }
        System.out.println("2. Cold local invoke beside a bare JVM start of the same jar (" + COLD_RUNS + " runs each,"
                + " interleaved, after one untimed run; peak RSS by " + runs.method() + ")");
        System.out.println("   the invoke is a real ALARM invocation against the local AWS (hot key, 2 GSIs: 6 AWS calls);"
                + " JVM options via JAVA_TOOL_OPTIONS;");
        System.out.println("   ratios are to the bare JVM with default options");
        var table = new TextTable(List.of("command", "JVM options", "wall median ms", "min", "max",
                "x bare JVM", "peak RSS median MiB", "x bare JVM"));
        for (String v : variants.keySet()) {
            for (String o : options.keySet()) {
                long[] w = wall.get(v + "|" + o);
                long[] r = rss.get(v + "|" + o);
                long[] bareW = wall.get(variants.keySet().iterator().next() + "|default");
                long[] bareR = rss.get(variants.keySet().iterator().next() + "|default");
                table.row(List.of(v, o, String.valueOf(ProcessRuns.median(w)), String.valueOf(min(w)),
                        String.valueOf(max(w)),
                        String.format(Locale.ROOT, "%.2f", ProcessRuns.median(w) / (double) ProcessRuns.median(bareW)),
                        String.format(Locale.ROOT, "%.1f", ProcessRuns.median(r) / 1024.0),
                        String.format(Locale.ROOT, "%.2f", ProcessRuns.median(r) / (double) ProcessRuns.median(bareR))));
            }
        }
        System.out.println(table.render());
    }

    private static void firstInvocation(ApiCallScenarios scenarios, Path jar, Path testClasses, Path event)
            throws Exception {
        var runs = new ProcessRuns();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var env = new HashMap<>(scenarios.env());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("JAVA_TOOL_OPTIONS", "");
        String classpath = jar + File.pathSeparator + testClasses;
        var modes = List.of("cold", "prime");
        var first = new HashMap<String, long[]>();
        var primeMs = new long[COLD_RUNS];
        modes.forEach(m -> first.put(m, new long[COLD_RUNS]));
        for (int i = -1; i < COLD_RUNS; i++) {
            for (String mode : modes) {
                ProcessRuns.Run run = runs.run(List.of(javaBin, "-cp", classpath,
                        "dev.hpr.remediator.handler.FirstInvocationProbe", event.toString(), mode), env);
                if (run.exit() != 0) {
                    throw new IllegalStateException("probe exited " + run.exit() + ": " + run.stdout() + run.stderr());
                }
                String[] ms = run.stdout().trim().split(" ");
                if (i >= 0) {
                    first.get(mode)[i] = Long.parseLong(ms[2]);
                    if (mode.equals("prime")) {
                        primeMs[i] = Long.parseLong(ms[1]);
                    }
                }
            }
        }
        System.out.println("3. First invocation in a fresh JVM, handler already built (" + COLD_RUNS + " runs each):"
                + " with SnapStart, a restored container's first alarm");
        var table = new TextTable(List.of("before the first invocation", "first invocation median ms", "min", "max",
                "priming median ms"));
        table.row(List.of("nothing (no SnapStart priming)", String.valueOf(ProcessRuns.median(first.get("cold"))),
                String.valueOf(min(first.get("cold"))), String.valueOf(max(first.get("cold"))), "-"));
        table.row(List.of("CRaC beforeCheckpoint priming", String.valueOf(ProcessRuns.median(first.get("prime"))),
                String.valueOf(min(first.get("prime"))), String.valueOf(max(first.get("prime"))),
                String.valueOf(ProcessRuns.median(primeMs))));
        System.out.println(table.render());
    }

    private static void warm(ApiCallScenarios scenarios, Path event) throws IOException {
        byte[] bytes = Files.readAllBytes(event);
        var handler = new AlarmHandler(scenarios.env(), Clock.systemUTC(), Log.forRuntime());
        long firstStarted = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), null);
        long first = (System.nanoTime() - firstStarted) / 1_000_000;
        long[] micros = new long[WARM_INVOCATIONS];
        for (int i = 0; i < WARM_INVOCATIONS; i++) {
            long started = System.nanoTime();
            var out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(bytes), out, null);
            micros[i] = (System.nanoTime() - started) / 1_000;
            if (!out.toString(StandardCharsets.UTF_8).contains("\"DIAGNOSED\"")) {
                throw new IllegalStateException("warm invocation " + i + " did not diagnose: " + out);
            }
        }
        System.out.println("4. Warm invocations: one handler in one JVM (this benchmark's), the same ALARM event "
                + WARM_INVOCATIONS + " times after a first one");
        System.out.println("   each is the steady-state path end to end: parse, 6 AWS calls to the local AWS (moto's"
                + " latency included), diagnose, render, publish");
        var table = new TextTable(List.of("first ms", "median ms", "p95 ms", "min ms", "max ms"));
        table.row(List.of(String.valueOf(first), ms(ProcessRuns.median(micros)), ms(ProcessRuns.percentile(micros, 95)),
                ms(min(micros)), ms(max(micros))));
        System.out.println(table.render());
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static long min(long[] values) {
        long m = Long.MAX_VALUE;
        for (long v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static long max(long[] values) {
        long m = Long.MIN_VALUE;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Where the figures came from. */
    static final class Machine {
        static String describe() {
            long memKib = 0;
            String cpu = "unknown CPU";
            String load = "?";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        memKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: leave unknown
            }
            return String.format(Locale.ROOT, "machine: %d CPUs (%s), %.1f GiB memory, load average %s at start, %s %s;"
                    + " java %s (%s %s)", Runtime.getRuntime().availableProcessors(), cpu, memKib / 1048576.0, load,
                    System.getProperty("os.name"), System.getProperty("os.version"),
                    System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    System.getProperty("java.vm.version"));
        }
    }
}
