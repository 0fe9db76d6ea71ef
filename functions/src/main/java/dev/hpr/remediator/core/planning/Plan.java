package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.action.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The changes to make, the changes offered to a person for approval, and the ones not made.
 *
 * <p>{@code actions} are applied in {@link RemediationMode#APPLY} and only published in
 * {@link RemediationMode#DRY_RUN}; none of them {@linkplain Action#needsApproval needs approval}, which this record
 * enforces. {@code forApproval} are stored and published with the finding, and applied only when a person approves
 * them: in {@link RemediationMode#APPROVE} every change is there; in apply mode the changes too bold for autopilot
 * are (raising an on-demand maximum, or MaxCapacity past its automatic ceiling).
 *
 * @param modeReason  where the mode came from: the deployment setting or the table's tag
 */
public record Plan(RemediationMode mode, String modeReason, List<Action> actions, List<Skip> skipped,
                   List<Action> forApproval) {

    public Plan {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(modeReason, "modeReason");
        actions = List.copyOf(actions);
        skipped = List.copyOf(skipped);
        forApproval = List.copyOf(forApproval);
        if (mode == RemediationMode.OFF && !(actions.isEmpty() && forApproval.isEmpty())) {
            throw new IllegalArgumentException("a plan in mode off has no actions");
        }
        if (mode == RemediationMode.APPROVE && !actions.isEmpty()) {
            throw new IllegalArgumentException("a plan in mode approve applies nothing without approval");
        }
        if (mode == RemediationMode.DRY_RUN && !forApproval.isEmpty()) {
            throw new IllegalArgumentException("a dry run offers nothing for approval");
        }
        for (Action action : actions) {
            if (action.needsApproval()) {
                throw new IllegalArgumentException("'" + action.description() + "' needs approval: it may only be"
                        + " offered for approval");
            }
        }
    }

    /** A plan that offers nothing for approval. */
    public Plan(RemediationMode mode, String modeReason, List<Action> actions, List<Skip> skipped) {
        this(mode, modeReason, actions, skipped, List.of());
    }

    /** Whether a person is asked to approve something. */
    public boolean awaitsApproval() {
        return !forApproval.isEmpty();
    }

    /**
     * The same plan with what it offered for approval turned into skips: where no approval can be given (no state
     * table to keep the plan in).
     */
    public Plan withoutApproval(Skip.Code code, String reason) {
        var skips = new ArrayList<>(skipped);
        forApproval.forEach(a -> skips.add(Skip.of(a.resource(), a.description(), code, reason)));
        return new Plan(mode, modeReason, actions, skips, List.of());
    }
}
