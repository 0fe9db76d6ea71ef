package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.json.JsonTree;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The remediator's own health as CloudWatch Embedded Metric Format (EMF) lines: one JSON object per line, which
 * CloudWatch Logs turns into metrics of namespace {@value #NAMESPACE} (CloudWatch User Guide, "Specification: Embedded
 * metric format"; in Lambda, stdout reaches CloudWatch Logs without an agent). No PutMetricData call, so no
 * permission and no latency.
 *
 * <p>Written by hand with the Jackson the function already loads, not with Powertools for AWS Lambda's metrics
 * module: that module is an AspectJ-woven annotation processor with its own dependencies, loaded at start-up, and the
 * local invoke must stay within 20 times a bare JVM start (issue 8); a line of JSON needs none of it.
 *
 * <p>Metrics: {@code Findings} by {@code Outcome} (DIAGNOSED, REFUSED, ...), {@code ActionsApplied},
 * {@code ActionsFailed}, {@code ActionsSkipped}, {@code PlansAwaitingApproval} (a finding whose plan was stored for a
 * person to approve), {@code SweepDuration} (milliseconds), {@code TablesChecked}, and {@code Errors} by {@code Kind} (an
 * invocation that failed: unusable event, AWS failure, publish failure).
 */
public final class HealthMetrics {

    static final String NAMESPACE = "HotPartitionRemediator";

    private final Consumer<String> lines;
    private final Clock clock;

    public HealthMetrics(Consumer<String> lines, Clock clock) {
        this.lines = lines;
        this.clock = clock;
    }

    /** One finding: its outcome, and what became of its actions. */
    public void finding(Finding finding) {
        long applied = count(finding, Finding.ActionResult.Status.APPLIED);
        long failed = count(finding, Finding.ActionResult.Status.FAILED);
        boolean awaitingApproval = count(finding, Finding.ActionResult.Status.AWAITING_APPROVAL) > 0;
        emit(Map.of("Outcome", finding.outcome().name()), Map.of("Findings", 1.0), "Count");
        emit(Map.of(), Map.of(
                "ActionsApplied", (double) applied,
                "ActionsFailed", (double) failed,
                "ActionsSkipped", (double) finding.skipped().size(),
                "PlansAwaitingApproval", awaitingApproval ? 1.0 : 0.0), "Count");
    }

    /** One sweep: how long it took and how many tables it checked. */
    public void sweep(SweepSummary summary, Duration took) {
        emit(Map.of(), Map.of("SweepDuration", (double) took.toMillis()), "Milliseconds");
        emit(Map.of(), Map.of("TablesChecked", (double) summary.tables().size(),
                "ActionsApplied", (double) summary.changesApplied()), "Count");
    }

    /** An invocation that failed. */
    public void error(String kind) {
        emit(Map.of("Kind", kind), Map.of("Errors", 1.0), "Count");
    }

    private void emit(Map<String, String> dimensions, Map<String, Double> values, String unit) {
        ObjectNode root = JsonTree.NODES.objectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        dimensions.keySet().stream().sorted().forEach(set::add);
        ArrayNode metrics = directive.putArray("Metrics");
        values.keySet().stream().sorted().forEach(name -> metrics.addObject().put("Name", name).put("Unit", unit));
        dimensions.forEach(root::put);
        values.forEach(root::put);
        lines.accept(JsonTree.write(root));
    }

    private static long count(Finding finding, Finding.ActionResult.Status status) {
        return finding.results().stream().filter(r -> r.status() == status).count();
    }
}
