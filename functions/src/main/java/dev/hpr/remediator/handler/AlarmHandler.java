package dev.hpr.remediator.handler;

import dev.hpr.remediator.usecase.Alarms;
import dev.hpr.remediator.usecase.Approvals;
import dev.hpr.remediator.usecase.HealthMetrics;
import dev.hpr.remediator.usecase.Invocation;
import dev.hpr.remediator.usecase.Task;
import dev.hpr.remediator.usecase.Tasks;
import dev.hpr.remediator.logging.Log;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
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

    private final Alarms alarms;
    private final Tasks tasks;
    private final Invocation invocation;
    private final dev.hpr.remediator.aws.CallerIdentity callerIdentity;
    private final FindingRenderer renderer;
    private final Log log;
    private final HealthMetrics health;
    /** A strong reference: the CRaC context may hold its resources weakly. */
    private final SnapStartPriming priming;

    public AlarmHandler() {
        this(System.getenv(), Clock.systemUTC(), Log.forRuntime());
    }

    public AlarmHandler(Map<String, String> env, Clock clock, Log log) {
        this(Wiring.fromEnvironment(env, clock, log));
    }

    AlarmHandler(Wiring wiring) {
        this.alarms = wiring.alarms;
        this.tasks = wiring.tasks;
        this.invocation = wiring.invocation;
        this.callerIdentity = wiring.callerIdentity;
        this.renderer = wiring.renderer;
        this.log = wiring.log;
        this.health = wiring.health;
        this.priming = SnapStartPriming.register(new SnapStartPriming(wiring));
    }

    /** What a person's decision on a plan did, for the local CLI: the finding's JSON, or why nothing was done. */
    public record Decision(String json, Optional<String> refused) {
    }

    /**
     * The local CLI's {@code approve PLAN_ID} and {@code reject PLAN_ID}: decides the plan as the Lambda task would,
     * recording the entry point {@code cli} and, as the approver, the caller identity of the credentials used.
     *
     * @throws UnusableEventException for a plan id that cannot be one
     */
    public Decision decide(String decision, String planId) {
        Task task = Task.decision(decision, planId);
        Log.startRequest(UUID.randomUUID().toString());
        try {
            Tasks.Result result = tasks.run(task, UUID.randomUUID().toString(), Approvals.VIA_CLI,
                    callerIdentity.arn());
            return new Decision(result.json(), result.refused());
        } finally {
            Log.endRequest();
        }
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
        invocation.begin(context == null ? null : context.getInvokedFunctionArn());
        try {
            output.write(handle(json, invocationId).getBytes(StandardCharsets.UTF_8));
            output.flush();
        } catch (UnusableEventException e) {
            health.error("UnusableEvent");
            throw e;
        } catch (RuntimeException e) {
            health.error(e.getClass().getSimpleName());
            throw e;
        } finally {
            Log.endRequest();
        }
    }

    private String handle(String json, String invocationId) {
        AlarmEvent event;
        try {
            Optional<Task> task = Task.of(json);
            if (task.isPresent()) {
                // A Lambda invoke does not say who invoked it: a decision through it has no known approver.
                return tasks.run(task.get(), invocationId, Approvals.VIA_LAMBDA, Optional.empty()).json();
            }
            event = AlarmEventParser.parse(json);
        } catch (UnusableEventException e) {
            log.error("unusable event; nothing changed", "error", e.getMessage());
            throw e;
        }
        log.info("alarm event", "alarm", event.alarmName(), "state", event.state(), "table", event.tableName(),
                "shape", event.shape().name());
        Finding finding = alarms.handle(event, invocationId);
        health.finding(finding);
        return renderer.json(finding);
    }
}
