package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.config.Settings;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.event.AlarmEventParser;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Lambda entry point for alarm events in all three shapes (the alarm's direct action, EventBridge, SNS). The
 * runtime builds it once per container, so settings and SDK clients are built once. Writes the finding JSON.
 *
 * <p>An unusable event (not JSON, another service's alarm, no table) is logged and thrown: retries cannot fix it,
 * but the failure reaches the on-failure destination, whose alarm tells a person. Nothing is changed for it.
 *
 * <p>With SnapStart, {@link SnapStartPriming} runs the invocation path once before the snapshot (a CRaC hook
 * registered here), without calling AWS.
 */
public final class AlarmHandler implements RequestStreamHandler {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Remediator remediator;
    private final FindingRenderer renderer = new FindingRenderer();
    private final Log log;
    /** A strong reference: the CRaC context may hold its resources weakly. */
    private final SnapStartPriming priming;

    public AlarmHandler() {
        this(System.getenv(), Clock.systemUTC(), Log.forRuntime());
    }

    public AlarmHandler(Map<String, String> env, Clock clock, Log log) {
        this.log = log;
        Settings settings = Settings.fromEnvironment(env);
        AwsClients clients = AwsClients.fromEnvironment(env);
        this.remediator = new Remediator(settings, clients, clock, log);
        this.priming = SnapStartPriming.register(new SnapStartPriming(settings, clients, log));
    }

    /** The SnapStart hook this handler registered (tests call it as the runtime would). */
    SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String invocationId = context != null && context.getAwsRequestId() != null
                ? context.getAwsRequestId() : UUID.randomUUID().toString();
        Log.startRequest(invocationId);
        try {
            handle(json, invocationId, output);
        } finally {
            Log.endRequest();
        }
    }

    private void handle(String json, String invocationId, OutputStream output) throws IOException {
        Optional<String> task = ScheduledTask.of(json);
        if (task.isPresent()) {
            output.write(runTask(task.get(), invocationId).getBytes(StandardCharsets.UTF_8));
            output.flush();
            return;
        }
        AlarmEvent event;
        try {
            event = AlarmEventParser.parse(json);
        } catch (UnusableEventException e) {
            log.error("unusable event; nothing changed", "error", e.getMessage());
            throw e;
        }
        log.info("alarm event", "alarm", event.alarmName(), "state", event.state(), "table", event.tableName(),
                "shape", event.shape().name());
        Finding finding = remediator.handle(event, invocationId);
        output.write(renderer.json(finding).getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    /** The scheduled tasks the CDK app's EventBridge rules send to this same function. */
    private String runTask(String task, String invocationId) {
        log.info("scheduled task", "task", task, "invocationId", invocationId);
        switch (task) {
            case ScheduledTask.REVERT_CHECK: {
                List<Finding> findings = new Reverter(remediator).check(invocationId);
                var summary = JSON.createObjectNode().put("task", task).put("invocationId", invocationId);
                var array = summary.putArray("findings");
                findings.forEach(f -> array.addObject().put("table", f.tableName()).put("outcome", f.outcome().name())
                        .put("headline", f.headline()).put("findingId", f.id()));
                return summary.toString();
            }
            case ScheduledTask.SWEEP:
                return new FleetSweep(remediator, remediator.clients().region().id(), log)
                        .sweep(invocationId, remediator.clock().instant()).json();
            default:
                throw new UnusableEventException("unknown scheduled task '" + task + "': expected "
                        + ScheduledTask.REVERT_CHECK + " or " + ScheduledTask.SWEEP);
        }
    }
}
