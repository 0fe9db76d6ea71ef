package dev.hpr.remediator.handler;

import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.RemediationMode;
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
 * reported as planned.
 */
final class ActionRunner {

    private final Log log;

    ActionRunner(Log log) {
        this.log = log;
    }

    /** One result per action of the plan, in its order. */
    List<Finding.ActionResult> run(Plan plan, ActionPorts ports) {
        var results = new ArrayList<Finding.ActionResult>();
        for (Action action : plan.actions()) {
            if (plan.mode() != RemediationMode.APPLY) {
                results.add(Finding.ActionResult.planned(action));
                continue;
            }
            try {
                action.apply(ports);
                log.info("applied", "action", action.description(), "before", action.before(), "after", action.after());
                results.add(Finding.ActionResult.applied(action));
            } catch (ActionFailedException e) {
                log.error("action failed", "action", action.description(), "error", e.getMessage());
                results.add(Finding.ActionResult.failed(action, e.getMessage()));
            }
        }
        return results;
    }

    /** The ports of one invocation: the adapters' action calls. */
    record Ports(ActionPorts.ContributorInsights contributorInsights, ActionPorts.AutoScaling autoScaling)
            implements ActionPorts {
    }
}
