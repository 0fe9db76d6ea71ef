package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The tasks the alarm function runs besides alarm events: the CDK app's scheduled revert check, fleet sweep and forecast, and a
 * person's approval or rejection of a plan (see {@link Task}).
 */
public final class Tasks {

    private final Optional<Reverter> reverter;
    private final FleetSweep sweep;
    private final Optional<Approvals> approvals;
    private final FindingRenderer renderer;
    private final Clock clock;
    private final Log log;
    private final HealthMetrics health;
    private final Forecasts forecasts;

    public Tasks(Context context, Optional<Reverter> reverter, FleetSweep sweep, Forecasts forecasts,
                 Optional<Approvals> approvals, FindingRenderer renderer, HealthMetrics health) {
        this.health = health;
        this.forecasts = forecasts;
        this.reverter = reverter;
        this.sweep = sweep;
        this.approvals = approvals;
        this.renderer = renderer;
        this.clock = context.clock();
        this.log = context.log();
    }

    /** What a task did. {@code refused}: a decision that changed nothing, and why. */
    public record Result(String json, Optional<String> refused) {
    }

    /** The task's summary, as JSON. */
    public Result run(Task task, String invocationId, String via, Optional<String> approver) {
        log.info("task", "task", task.name(), "invocationId", invocationId);
        return task.run(new Task.Runner<>() {
            @Override
            public Result revertCheck() {
                List<Finding> findings = reverter.orElseThrow(() -> new IllegalStateException(
                        "the revert check needs a state table: STATE_TABLE_NAME is not set")).check(invocationId);
                var summary = JsonTree.NODES.objectNode().put("task", task.name()).put("invocationId", invocationId);
                var array = summary.putArray("findings");
                findings.forEach(health::finding);
                findings.forEach(f -> array.addObject().put("table", f.tableName()).put("outcome", f.outcome().name())
                        .put("headline", f.headline()).put("findingId", f.id()));
                return new Result(JsonTree.write(summary), Optional.empty());
            }

            @Override
            public Result sweep() {
                long started = System.nanoTime();
                SweepSummary summary = sweep.sweep(invocationId, clock.instant());
                health.sweep(summary, java.time.Duration.ofNanos(System.nanoTime() - started));
                return new Result(summary.json(), Optional.empty());
            }

            @Override
            public Result forecast() {
                return new Result(forecasts.run(invocationId), Optional.empty());
            }

            @Override
            public Result decide(Task.Decision decision) {
                Approvals decisions = approvals.orElseThrow(() -> new IllegalStateException(
                        "approvals need a state table: STATE_TABLE_NAME is not set"));
                Approvals.Outcome outcome = decision.approve()
                        ? decisions.approve(decision.planId(), via, approver, invocationId)
                        : decisions.reject(decision.planId(), via, approver, invocationId);
                if (outcome.finding().isPresent()) {
                    health.finding(outcome.finding().get());
                    return new Result(renderer.json(outcome.finding().get()), Optional.empty());
                }
                ObjectNode refusal = JsonTree.NODES.objectNode().put("task", task.name())
                        .put("planId", decision.planId()).put("outcome", "REFUSED")
                        .put("reason", outcome.refused().orElseThrow()).put("changed", "nothing");
                return new Result(JsonTree.write(refusal), outcome.refused());
            }
        });
    }
}
