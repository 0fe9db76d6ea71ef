package dev.hpr.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * The fleet dashboard: the region's DynamoDB throttling by table and by cause (Metrics Insights widgets, the most
 * throttled tables first; a widget's query, like any Metrics Insights query, reads at most 3 hours and 500 series), and
 * the remediator's own health from the Embedded Metric Format lines the function writes (namespace
 * {@value #NAMESPACE}: findings by outcome, actions applied / failed / skipped, plans awaiting approval, sweep
 * duration, tables checked, errors).
 */
final class FleetDashboard {

    /** The function's EMF namespace (functions' HealthMetrics). */
    static final String NAMESPACE = "HotPartitionRemediator";
    static final int TOP = 20;
    private static final Duration PERIOD = Duration.minutes(5);

    /** The per-cause throttle metrics, read and write (aws-facts §1), one widget each pair. */
    static final Map<String, List<String>> CAUSES = Map.of(
            "Hot partition (key range)", List.of("ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents"),
            "Provisioned capacity", List.of("ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents"),
            "On-demand maximum", List.of("ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents"),
            "Account limit", List.of("ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents"));

    private FleetDashboard() {
    }

    static Dashboard create(Construct scope, String id) {
        Dashboard dashboard = Dashboard.Builder.create(scope, id)
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# DynamoDB throttling in this region\nEvery table, the most throttled first (Metrics Insights:"
                        + " the last 3 hours, at most " + TOP + " series a widget). Below: the hot-partition"
                        + " remediator's own health.")
                .width(24).height(2).build());
        dashboard.addWidgets(graph("Throttled requests by table (top " + TOP + ")", List.of(query("all",
                "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) GROUP BY TableName"
                        + " ORDER BY SUM() DESC LIMIT " + TOP)), 24));
        var causes = new java.util.ArrayList<IWidget>();
        CAUSES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            var metrics = new java.util.ArrayList<IMetric>();
            for (String metric : e.getValue()) {
                metrics.add(query(metric.startsWith("Read") ? "reads" : "writes", "SELECT SUM(" + metric
                        + ") FROM SCHEMA(\"AWS/DynamoDB\", TableName) GROUP BY TableName ORDER BY SUM() DESC LIMIT 10"));
            }
            causes.add(graph(e.getKey() + ": by table", metrics, 6));
        });
        dashboard.addWidgets(causes.toArray(IWidget[]::new));
        dashboard.addWidgets(
                graph("Findings by outcome", List.of(query("findings", "SELECT SUM(Findings) FROM SCHEMA(\""
                        + NAMESPACE + "\", Outcome) GROUP BY Outcome")), 8),
                graph("Actions", List.of(own("ActionsApplied", "Sum"), own("ActionsFailed", "Sum"),
                        own("ActionsSkipped", "Sum")), 8),
                graph("Errors by kind", List.of(query("errors", "SELECT SUM(Errors) FROM SCHEMA(\"" + NAMESPACE
                        + "\", Kind) GROUP BY Kind")), 8));
        dashboard.addWidgets(
                SingleValueWidget.Builder.create().title("Plans awaiting approval")
                        .metrics(List.of(own("PlansAwaitingApproval", "Sum"))).width(8).height(4).build(),
                graph("Sweep duration (ms)", List.of(own("SweepDuration", "Maximum")), 8),
                graph("Tables checked per sweep", List.of(own("TablesChecked", "Maximum")), 8));
        return dashboard;
    }

    /** A metric of the function's own EMF namespace, no dimension. */
    static Metric own(String name, String statistic) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic).period(PERIOD)
                .build();
    }

    private static IMetric query(String label, String sql) {
        return MathExpression.Builder.create().expression(sql).usingMetrics(Map.of()).label(label).period(PERIOD)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics, int width) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(width).height(6).build();
    }
}
