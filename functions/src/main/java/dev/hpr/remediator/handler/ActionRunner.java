package dev.hpr.remediator.handler;

import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.StoredPlan;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ActionFailedException;
import dev.hpr.remediator.core.action.ActionPorts;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a plan's actions, each through its own {@link Action#apply} and the adapters' ports, each on its own: one
 * failure does not stop the others. Outside {@link RemediationMode#APPLY} nothing is applied: every action is
 * reported as planned. What the plan offers for approval is never applied here ({@link #run} reports it as awaiting
 * approval); only {@link #runApproved}, given a person's decision, applies it.
 */
final class ActionRunner {

    private final Log log;

    ActionRunner(Log log) {
        this.log = log;
    }

    /** One result per action of the plan, in its order, then one per action offered for approval (not applied). */
    List<Finding.ActionResult> run(Plan plan, ActionPorts ports) {
        var results = new ArrayList<Finding.ActionResult>();
        for (Action action : plan.actions()) {
            results.add(plan.mode() == RemediationMode.APPLY ? apply(action, ports)
                    : Finding.ActionResult.planned(action));
        }
        plan.forApproval().forEach(action -> results.add(Finding.ActionResult.awaitingApproval(action)));
        return results;
    }

    /** Applies the actions of a plan a person approved (the caller checked them against what AWS holds now). */
    List<Finding.ActionResult> runApproved(List<Action> actions, StoredPlan.Decision decision, ActionPorts ports) {
        if (!decision.approved()) {
            throw new IllegalArgumentException("plan " + decision.planId() + " was rejected, not approved");
        }
        return actions.stream().map(action -> apply(action, ports)).toList();
    }

    private Finding.ActionResult apply(Action action, ActionPorts ports) {
        try {
            action.apply(ports);
            log.info("applied", "action", action.description(), "before", action.before(), "after", action.after());
            return Finding.ActionResult.applied(action);
        } catch (ActionFailedException e) {
            log.error("action failed", "action", action.description(), "error", e.getMessage());
            return Finding.ActionResult.failed(action, e.getMessage());
        }
    }

    /** The ports of one invocation: the adapters' action calls. */
    record Ports(ActionPorts.ContributorInsights contributorInsights, ActionPorts.AutoScaling autoScaling,
                 ActionPorts.Tables tables) implements ActionPorts {
    }
}
