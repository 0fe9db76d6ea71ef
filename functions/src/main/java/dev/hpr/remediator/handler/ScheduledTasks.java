package dev.hpr.remediator.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The scheduled tasks the CDK app's EventBridge rules send to the alarm function: revert check and fleet sweep. */
final class ScheduledTasks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Reverter> reverter;
    private final FleetSweep sweep;
    private final Clock clock;
    private final Log log;
    private final HealthMetrics health;

    ScheduledTasks(Optional<Reverter> reverter, FleetSweep sweep, Clock clock, Log log, HealthMetrics health) {
        this.health = health;
        this.reverter = reverter;
        this.sweep = sweep;
        this.clock = clock;
        this.log = log;
    }

    /** The task's summary, as JSON. */
    String run(String task, String invocationId) {
        log.info("scheduled task", "task", task, "invocationId", invocationId);
        switch (task) {
            case ScheduledTask.REVERT_CHECK: {
                List<Finding> findings = reverter.orElseThrow(() -> new IllegalStateException(
                        "the revert check needs a state table: STATE_TABLE_NAME is not set")).check(invocationId);
                var summary = JSON.createObjectNode().put("task", task).put("invocationId", invocationId);
                var array = summary.putArray("findings");
                findings.forEach(health::finding);
                findings.forEach(f -> array.addObject().put("table", f.tableName()).put("outcome", f.outcome().name())
                        .put("headline", f.headline()).put("findingId", f.id()));
                return summary.toString();
            }
            case ScheduledTask.SWEEP: {
                long started = System.nanoTime();
                SweepSummary summary = sweep.sweep(invocationId, clock.instant());
                health.sweep(summary, java.time.Duration.ofNanos(System.nanoTime() - started));
                return summary.json();
            }
            default:
                throw new UnusableEventException("unknown scheduled task '" + task + "': expected "
                        + ScheduledTask.REVERT_CHECK + " or " + ScheduledTask.SWEEP);
        }
    }
}
