package dev.hpr.remediator.perf;

import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.remediator.logging.Log;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The remediator's monthly AWS bill, listed design against tagged design, for 200 and 2,500 tables (2 GSIs each, 1%
 * throttling), computed from what one sweep of each design requested at the local AWS (metrics counted per
 * GetMetricData by the local AWS for the function's own User-Agent) and the prices below (docs/benchmark.md names
 * the pages and the date). The 200-table sweeps are measured; 2,500 scales the measured per-table figures (listed:
 * per table; tagged: per throttling table, the triage's per throttling table). Where AWS does not say how a Metrics
 * Insights query is billed, a range: low, the series it returned; high, every metric it analysed.
 */
final class MonthlyBill {

    /** CloudWatch pricing, us-east-1 (docs/benchmark.md: page and date). */
    static final double PER_1000_METRICS_REQUESTED = 0.01;
    /**
     * Other API requests (ListMetrics among them): per request, not per metric. The free tier's 1 million API requests
     * a month ("not applicable to GetMetricData and GetMetricWidgetImage") would cover the forecast's; not counted.
     */
    static final double PER_1000_API_REQUESTS = 0.01;
    static final double PER_ALARM_METRIC = 0.10;
    static final double PER_DASHBOARD = 3.00;
    static final double PER_CUSTOM_METRIC = 0.30;
    static final int SWEEPS_PER_MONTH = 30 * 24 * 4;   // every 15 minutes
    static final int OPERATIONS = 14;                   // ThrottledRequests per operation: at most 14 per table
    /** The function's EMF metrics (name x dimension value): 7 outcomes, 3 error kinds, 7 without dimension. */
    static final int OWN_CUSTOM_METRICS = 7 + 3 + 7;
    static final int OWN_STANDARD_ALARMS = 3;           // dead-letter queue, function errors, failed actions

    static final int THROTTLING_AT_200 = 2;

    private MonthlyBill() {
    }

    record Sweep(long calls, long metricStat, long insightsAnalysed, long insightsSeries) {
    }

    /** Sets up 200 tables with 2 GSIs, 2 of them throttling, runs one sweep of each design, prints the bill. */
    static Map<String, double[]> run(LocalAws aws) throws Exception {
        var totals = new java.util.LinkedHashMap<String, double[]>();
        int tables = 200;
        int throttling = THROTTLING_AT_200;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        var names = new ArrayList<String>();
        var datums = new ArrayList<MetricDatum>();
        for (int i = 0; i < tables; i++) {
            String name = String.format("bill-%03d", i);
            TableIncident t = TableIncident.provisioned(aws, name, 1000, 200, 2);
            String arn = "arn:aws:dynamodb:" + aws.region() + ":123456789012:table/" + name;
            aws.dynamoDb().tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("hot-partition-remediator")
                    .value("dry-run").build()));
            names.add(name);
            if (i % 100 == 42) {
                t.hotKeyWrites(null, 5);
                for (int m = 1; m <= 5; m++) {
                    datums.add(LocalAws.dynamoDbDatum("ThrottledRequests", 180, now.minus(m, ChronoUnit.MINUTES),
                            "TableName", name, "Operation", "PutItem"));
                }
            }
        }
        aws.putDynamoDbMetrics(datums);
        String topic = aws.sns().createTopic(b -> b.name("bill-findings")).topicArn();
        Sweep listed = sweep(aws, Map.of("PROTECTED_TABLES", String.join(",", names)), topic);
        Sweep tagged = sweep(aws, Map.of("PROTECTION", "tagged"), topic);

        System.out.println("6. Monthly AWS bill of the remediator (USD, us-east-1 prices of docs/benchmark.md), sweeps"
                + " every 15 minutes (" + SWEEPS_PER_MONTH + " a month), 2 GSIs a table, 1% of tables throttling all"
                + " month");
        System.out.printf(Locale.ROOT, "   measured, one sweep of %d tables (%d throttling): listed %d calls, %d metrics"
                        + " requested; tagged %d calls, %d metrics requested + a Metrics Insights triage that analysed"
                        + " %d metrics and returned %d series%n", tables, throttling, listed.calls(), listed.metricStat(),
                tagged.calls(), tagged.metricStat(), tagged.insightsAnalysed(), tagged.insightsSeries());
        var table = new TextTable(List.of("tables", "design", "alarms", "sweeps (GetMetricData)", "dashboard",
                "own metrics + alarms", "total per month", "calls per sweep"));
        for (int n : new int[] {200, 2500}) {
            double scale = n / (double) tables;
            int throttlingTables = Math.max(1, n / 100);
            // listed: one Metrics Insights alarm per table, each analysing that table's ThrottledRequests metrics
            // (low: 1, high: one per operation); sweeps: 14 metrics per table and GSI, every sweep
            double listedSweeps = listed.metricStat() * scale * SWEEPS_PER_MONTH / 1000 * PER_1000_METRICS_REQUESTED;
            Range listedAlarms = new Range(n * PER_ALARM_METRIC, n * OPERATIONS * PER_ALARM_METRIC);
            // tagged: one fleet alarm analysing the throttling tables' metrics; sweeps: the full metrics of the
            // throttling tables, and the triage (low: series returned; high: metrics analysed)
            double perThrottling = throttlingTables / (double) throttling;
            Range taggedAlarm = new Range(throttlingTables * PER_ALARM_METRIC,
                    throttlingTables * OPERATIONS * PER_ALARM_METRIC);
            double taggedFull = tagged.metricStat() * perThrottling * SWEEPS_PER_MONTH / 1000 * PER_1000_METRICS_REQUESTED;
            Range taggedSweeps = new Range(
                    taggedFull + tagged.insightsSeries() * perThrottling * SWEEPS_PER_MONTH / 1000 * PER_1000_METRICS_REQUESTED,
                    taggedFull + Math.max(tagged.insightsAnalysed() * perThrottling, throttlingTables * OPERATIONS)
                            * SWEEPS_PER_MONTH / 1000 * PER_1000_METRICS_REQUESTED);
            double own = OWN_CUSTOM_METRICS * PER_CUSTOM_METRIC + OWN_STANDARD_ALARMS * PER_ALARM_METRIC;
            Range listedTotal = listedAlarms.plus(listedSweeps + PER_DASHBOARD + own);
            Range taggedTotal = taggedAlarm.plus(taggedSweeps).plus(PER_DASHBOARD + own);
            totals.put("listed " + n, new double[] {listedTotal.low(), listedTotal.high()});
            totals.put("tagged " + n, new double[] {taggedTotal.low(), taggedTotal.high()});
            table.row(List.of(String.format("%,d", n), "listed" + (n > 200 ? " (not deployable: 200 Metrics Insights"
                            + " alarms a region)" : ""), listedAlarms.text(), money(listedSweeps), money(PER_DASHBOARD),
                    money(own), listedTotal.text(), String.format(Locale.ROOT, "%.0f", listed.calls() * scale)));
            table.row(List.of(String.format("%,d", n), "tagged", taggedAlarm.text(), taggedSweeps.text(),
                    money(PER_DASHBOARD), money(own), taggedTotal.text(), n == 200 ? Long.toString(tagged.calls())
                            : "48 (measured at 2,500 by TaggedFleetSweepTest, 10 throttling)"));
        }
        System.out.println(table.render());
        forecast(totals);
        System.out.println("   not in the table (the same in both designs, or under a cent): Lambda compute, CloudWatch"
                + " Logs ingestion, the state table, Contributor Insights rules ($0.50 a rule-month while an incident"
                + " lasts), SNS; tag:GetResources, DescribeTable and DescribeInsightRules are not billed.");
        System.out.println();
        return totals;
    }

    /**
     * The daily forecast's share in tagged protection ({@link ForecastFleetCost}: a model from GetMetricData's limits
     * and price, not measured here), for 200 and 2,500 tables with 2 GSIs.
     */
    static void forecast(Map<String, double[]> totals) {
        System.out.printf(Locale.ROOT, "   daily forecast, tagged protection (computed by ForecastFleetCost from"
                        + " GetMetricData's limits, not measured; the calls measured by ForecastFleetCallsTest): a run a"
                        + " day (%d a month), 2 GSIs a table; first look: 2 table-level throttle metrics a table, Period"
                        + " 3600 over 14 days (%d a call: 100,800 points), and the GSIs that throttled by ListMetrics (a"
                        + " page a metric name, 500 a page, $0.01 per 1,000 requests); our schedules found by"
                        + " DescribeScheduledActions"
                        + " pages; described, read hourly and per minute (one call a resource and operation, worst case)"
                        + " only the %.0f%% of tables that throttled or carry ours%n",
                ForecastFleetCost.RUNS_PER_MONTH,
                ForecastFleetCost.metricsPerCall(ForecastFleetCost.COARSE_PERIOD_SECONDS),
                ForecastFleetCost.BILL_FLAGGED_SHARE * 100);
        var table = new TextTable(List.of("forecast: tables", "metrics a run (first look + hourly + per minute)",
                "calls a run, never-throttled tables", "flagged tables' calls a run", "CloudWatch per month"));
        for (int n : new int[] {200, 2500}) {
            var cost = new ForecastFleetCost(n, 2, ForecastFleetCost.BILL_FLAGGED_SHARE);
            table.row(cost.row());
            totals.put("forecast " + n, new double[] {cost.dollarsPerMonth(), cost.callsForQuietTables()});
        }
        System.out.println(table.render());
    }

    private static Sweep sweep(LocalAws aws, Map<String, String> protection, String topic) throws Exception {
        var env = new java.util.HashMap<String, String>(protection);
        env.putAll(Map.of("FINDINGS_TOPIC_ARN", topic, "REMEDIATION_MODE", "dry-run", "AWS_REGION", aws.region(),
                "AWS_ENDPOINT_URL", aws.endpoint().toString()));
        aws.resetCalls();
        aws.functionMetrics(true);
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream("{\"task\":\"sweep\"}".getBytes()), out, null);
        long calls = aws.calls().values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> metrics = aws.functionMetrics(true);
        // the triage returns one series per throttling table of the region: here, the throttling tables
        return new Sweep(calls, metrics.getOrDefault("metricStat", 0L), metrics.getOrDefault("insightsAnalysed", 0L),
                THROTTLING_AT_200);
    }

    private record Range(double low, double high) {
        Range plus(double v) {
            return new Range(low + v, high + v);
        }

        Range plus(Range r) {
            return new Range(low + r.low, high + r.high);
        }

        String text() {
            return Math.abs(high - low) < 0.005 ? money(low) : money(low) + " - " + money(high);
        }
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "$%,.2f", v);
    }
}
