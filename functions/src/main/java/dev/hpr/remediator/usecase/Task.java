package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.json.JsonTree;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A task input, rather than an alarm event: what the CDK app's schedules send ({@code {"task":"revert-check"}},
 * {@code {"task":"sweep"}}, {@code {"task":"forecast"}}) and what a person sends to decide a plan ({@code {"task":"approve","planId":"…"}},
 * {@code {"task":"reject","planId":"…"}}: the chat button, the AWS CLI). An object with a string {@code task} and no
 * other field than {@code planId} is a task; anything else is an alarm event (or unusable).
 *
 * <p>Sealed, and run through {@link Runner}: a new kind of task is a new permitted record, and every runner must
 * answer it or the build fails.
 */
public sealed interface Task permits Task.RevertCheck, Task.Sweep, Task.Forecast, Task.Decision {

    String REVERT_CHECK = "revert-check";
    String SWEEP = "sweep";
    String FORECAST = "forecast";
    String APPROVE = "approve";
    String REJECT = "reject";

    /** Its name in the payload. */
    String name();

    <R> R run(Runner<R> runner);

    /** What runs each kind of task. */
    interface Runner<R> {
        R revertCheck();

        R sweep();

        R forecast();

        R decide(Decision decision);
    }

    /** The scheduled revert check. */
    record RevertCheck() implements Task {
        @Override
        public String name() {
            return REVERT_CHECK;
        }

        @Override
        public <R> R run(Runner<R> runner) {
            return runner.revertCheck();
        }
    }

    /** The scheduled fleet sweep. */
    record Sweep() implements Task {
        @Override
        public String name() {
            return SWEEP;
        }

        @Override
        public <R> R run(Runner<R> runner) {
            return runner.sweep();
        }
    }

    /** The daily forecast of recurring peaks ({@link Forecasts}). */
    record Forecast() implements Task {
        @Override
        public String name() {
            return FORECAST;
        }

        @Override
        public <R> R run(Runner<R> runner) {
            return runner.forecast();
        }
    }

    /** A person's approval or rejection of a plan. */
    record Decision(boolean approve, String planId) implements Task {
        /** Plan IDs are UUIDs; anything longer or stranger is not one (and is not echoed into logs at length). */
        private static final java.util.regex.Pattern PLAN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

        /** @throws UnusableEventException when the plan id is missing or cannot be one */
        public Decision {
            if (planId == null || !PLAN_ID.matcher(planId).matches()) {
                throw new UnusableEventException("task '" + (approve ? APPROVE : REJECT) + "' needs a planId (the id"
                        + " the finding gives), got " + (planId == null ? "none"
                        : "'" + planId.substring(0, Math.min(80, planId.length())) + "'"));
            }
        }

        @Override
        public String name() {
            return approve ? APPROVE : REJECT;
        }

        @Override
        public <R> R run(Runner<R> runner) {
            return runner.decide(this);
        }
    }

    /**
     * An approve or reject of a plan, by its name.
     *
     * @throws UnusableEventException when the name is neither, or the plan id is missing or cannot be one
     */
    static Decision decision(String name, String planId) {
        if (!APPROVE.equals(name) && !REJECT.equals(name)) {
            throw new UnusableEventException("a decision is " + APPROVE + " or " + REJECT + ", got '" + name + "'");
        }
        return new Decision(APPROVE.equals(name), planId);
    }

    /**
     * The task an input names, if it is one.
     *
     * @throws UnusableEventException for an unknown task, or an approve or reject without a usable {@code planId}
     */
    static Optional<Task> of(String json) {
        JsonNode root;
        try {
            root = JsonTree.read(json);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // not JSON: the alarm parser says so
        }
        if (root == null || !root.isObject() || !root.path("task").isTextual()) {
            return Optional.empty();
        }
        Set<String> fields = Set.of("task", "planId");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            if (!fields.contains(names.next())) {
                return Optional.empty();
            }
        }
        String name = root.get("task").asText();
        JsonNode planId = root.path("planId");
        return Optional.of(switch (name) {
            case REVERT_CHECK -> new RevertCheck();
            case SWEEP -> new Sweep();
            case FORECAST -> new Forecast();
            case APPROVE, REJECT -> decision(name, planId.isTextual() ? planId.asText() : planId.isMissingNode() ? null
                    : JsonTree.write(planId));
            // Refused before anything is logged or run: the caller logs it once, as any unusable event.
            default -> throw new UnusableEventException("unknown task '" + name.substring(0, Math.min(80,
                    name.length())) + "': expected " + String.join(", ", REVERT_CHECK, SWEEP, FORECAST, APPROVE, REJECT));
        });
    }
}
