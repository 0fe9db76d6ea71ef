package dev.hpr.remediator.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpr.remediator.json.JsonTree;
import java.util.Optional;

/**
 * The input the CDK app's scheduled rules send to the function: {@code {"task":"revert-check"}} or
 * {@code {"task":"sweep"}}. Anything else is an alarm event (or unusable).
 */
final class ScheduledTask {

    static final String REVERT_CHECK = "revert-check";
    static final String SWEEP = "sweep";

    private ScheduledTask() {
    }

    /** The task named by an object whose only field is a string {@code task}. */
    static Optional<String> of(String json) {
        try {
            JsonNode root = JsonTree.read(json);
            if (root != null && root.isObject() && root.size() == 1 && root.path("task").isTextual()) {
                return Optional.of(root.get("task").asText());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the alarm parser says so
        }
        return Optional.empty();
    }
}
