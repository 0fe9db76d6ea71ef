package dev.hpr.remediator.handler;

import dev.hpr.remediator.usecase.FleetSweep;
import dev.hpr.remediator.usecase.HealthMetrics;
import dev.hpr.remediator.usecase.SweepSummary;
import dev.hpr.remediator.logging.Log;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Lambda entry point of its own for the fleet sweep, for a deployment that runs the sweep as a separate function
 * (its own timeout and concurrency); the CDK app's default instead sends {@code {"task":"sweep"}} to the alarm
 * function, which runs the same {@link FleetSweep}. A scheduled EventBridge rule invokes it with a Scheduled Event (or
 * a constant input {@code {"task":"sweep"}}); {@code java -jar ... sweep} passes {@code {}}. It checks every table in
 * {@code PROTECTED_TABLES} (required, non-empty), remediates those whose throttling passes the detection rule, and
 * writes the {@link SweepSummary} JSON. Settings, SDK clients and the SnapStart hook are built once per container.
 *
 * <p>Any other input (an alarm event sent here by mistake) is refused before any AWS call. A failed metrics read
 * fails the invocation (nothing was changed; the next schedule tries again); a failure on one table does not.
 */
public final class SweepHandler implements RequestStreamHandler {

    private final FleetSweep sweep;
    private final Clock clock;
    private final Log log;
    private final HealthMetrics health;
    /** A strong reference: the CRaC context may hold its resources weakly. */
    private final SnapStartPriming priming;

    public SweepHandler() {
        this(System.getenv(), Clock.systemUTC(), Log.forRuntime());
    }

    /** @throws IllegalStateException for bad configuration, including an empty {@code PROTECTED_TABLES} */
    public SweepHandler(Map<String, String> env, Clock clock, Log log) {
        this(Wiring.fromEnvironment(env, clock, log));
    }

    SweepHandler(Wiring wiring) {
        if (wiring.settings.protectedTables().isEmpty() && !wiring.settings.tagged()) {
            throw new IllegalStateException("PROTECTED_TABLES is not set: a fleet sweep checks exactly the tables it"
                    + " lists; set it to the comma-separated names of the tables to sweep");
        }
        this.clock = wiring.clock;
        this.log = wiring.log;
        this.sweep = wiring.sweep;
        this.health = wiring.health;
        this.priming = SnapStartPriming.register(new SnapStartPriming(wiring));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        checkScheduledEvent(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        String sweepId = context != null && context.getAwsRequestId() != null
                ? context.getAwsRequestId() : UUID.randomUUID().toString();
        SweepSummary summary;
        Log.startRequest(sweepId);
        try {
            long started = System.nanoTime();
            summary = sweep.sweep(sweepId, clock.instant());
            health.sweep(summary, java.time.Duration.ofNanos(System.nanoTime() - started));
        } catch (AwsCallFailed e) {
            health.error("SweepFailed");
            log.error("sweep failed before any change", "sweepId", sweepId, "error", e.getMessage());
            throw e;
        } finally {
            Log.endRequest();
        }
        output.write(summary.json().getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    SnapStartPriming priming() {
        return priming;
    }

    /**
     * An EventBridge Scheduled Event, {@code {}}, a rule's constant input {@code {"task":"sweep"}}, or nothing;
     * anything else is refused.
     */
    static void checkScheduledEvent(String json) {
        if (json.isBlank()) {
            return;
        }
        JsonNode root;
        try {
            root = JsonTree.read(json);
        } catch (JsonProcessingException e) {
            throw new UnusableEventException("the sweep's input is not JSON: expected a Scheduled Event or {}");
        }
        if (root == null || !root.isObject()) {
            throw new UnusableEventException("the sweep's input is not a JSON object: expected a Scheduled Event or {}");
        }
        if (root.isEmpty() || "Scheduled Event".equals(root.path("detail-type").asText())
                || root.size() == 1 && "sweep".equals(root.path("task").asText())) {
            return;
        }
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        throw new UnusableEventException("the sweep takes an EventBridge Scheduled Event or {}, not this event (fields "
                + fields + "); alarm events go to the alarm handler (dev.hpr.remediator.handler.AlarmHandler)");
    }
}
