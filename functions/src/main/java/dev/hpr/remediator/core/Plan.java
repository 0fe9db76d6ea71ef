package dev.hpr.remediator.core;

import dev.hpr.remediator.core.action.Action;
import java.util.List;
import java.util.Objects;

/**
 * The changes to make and the ones not made. In {@link RemediationMode#DRY_RUN} the actions are published, not applied.
 *
 * @param modeReason  where the mode came from: the deployment setting or the table's tag
 */
public record Plan(RemediationMode mode, String modeReason, List<Action> actions, List<Skip> skipped) {

    public Plan {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(modeReason, "modeReason");
        actions = List.copyOf(actions);
        skipped = List.copyOf(skipped);
        if (mode == RemediationMode.OFF && !actions.isEmpty()) {
            throw new IllegalArgumentException("a plan in mode off has no actions");
        }
    }
}
