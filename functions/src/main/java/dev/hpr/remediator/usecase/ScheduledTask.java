package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.json.JsonTree;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A task input, rather than an alarm event: what the CDK app's scheduled rules send ({@code {"task":"revert-check"}},
 * {@code {"task":"sweep"}}) and what a person sends to decide a plan ({@code {"task":"approve","planId":"…"}},
 * {@code {"task":"reject","planId":"…"}}: the chat button, the AWS CLI). An object with a string {@code task} and no
 * other field than {@code planId} is a task; anything else is an alarm event (or unusable).
 *
 * @param planId for approve and reject
 */
public record ScheduledTask(String name, Optional<String> planId) {

    static final String REVERT_CHECK = "revert-check";
    static final String SWEEP = "sweep";
    static final String APPROVE = "approve";
    static final String REJECT = "reject";
    private static final Set<String> FIELDS = Set.of("task", "planId");
    /** Plan IDs are UUIDs; anything longer or stranger is not one (and is not echoed into logs at length). */
    private static final java.util.regex.Pattern PLAN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * The task an input names, if it is one.
     *
     * @throws UnusableEventException for an unknown task, or an approve or reject without a usable {@code planId}
     */
    public static Optional<ScheduledTask> of(String json) {
        JsonNode root;
        try {
            root = JsonTree.read(json);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // not JSON: the alarm parser says so
        }
        if (root == null || !root.isObject() || !root.path("task").isTextual()) {
            return Optional.empty();
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                return Optional.empty();
            }
        }
        String name = root.get("task").asText();
        JsonNode planId = root.path("planId");
        if (APPROVE.equals(name) || REJECT.equals(name)) {
            return Optional.of(decision(name, planId.isTextual() ? planId.asText() : planId.isMissingNode() ? null
                    : JsonTree.write(planId)));
        }
        if (!REVERT_CHECK.equals(name) && !SWEEP.equals(name)) {
            // Refused before anything is logged or run: the caller logs it once, as any unusable event.
            throw new UnusableEventException("unknown task '" + name.substring(0, Math.min(80, name.length()))
                    + "': expected " + String.join(", ", REVERT_CHECK, SWEEP, APPROVE, REJECT));
        }
        return Optional.of(new ScheduledTask(name, Optional.empty()));
    }

    /**
     * An approve or reject of a plan.
     *
     * @throws UnusableEventException when the plan id is missing or cannot be one
     */
    public static ScheduledTask decision(String name, String planId) {
        if (planId == null || !PLAN_ID.matcher(planId).matches()) {
            throw new UnusableEventException("task '" + name + "' needs a planId (the id the finding gives), got "
                    + (planId == null ? "none" : "'" + planId.substring(0, Math.min(80, planId.length())) + "'"));
        }
        return new ScheduledTask(name, Optional.of(planId));
    }
}
