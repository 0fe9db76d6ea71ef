package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.action.Action;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contributor Insights within the region's rule quota. DynamoDB's rules are CloudWatch Contributor Insights rules and
 * count against CloudWatch's per-region quota (100 by default); past it, DynamoDB reports FAILED with
 * LimitExceededException. So the plan enables rules only while the region has room, the most throttled resources
 * first, and says of the others what was not enabled and why. The revert disables the rules the remediator enabled,
 * which frees them.
 */
public final class InsightsQuota {

    private InsightsQuota() {
    }

    /**
     * The plan with its Contributor Insights enables cut to {@code room} rules, the most throttled resources first.
     *
     * @param room    rules the region can still take (quota minus the rules it has), at least 0
     * @param inUse   rules the region has now, for the reason text
     * @param quota   the region's quota, for the reason text
     * @return the plan and the rules its kept enables take
     */
    public static Result fit(Plan plan, Diagnosis diagnosis, int room, int inUse, int quota) {
        List<Action> enables = plan.actions().stream()
                .filter(a -> rules(a, diagnosis) > 0).toList();
        if (enables.isEmpty()) {
            return new Result(plan, 0);
        }
        Map<ResourceRef, Double> throttled = new HashMap<>();
        for (CauseFinding cause : diagnosis.causes()) {
            throttled.merge(cause.resource(), cause.throttleEvents(), Double::sum);
        }
        List<Action> byThrottling = enables.stream()
                .sorted(Comparator.comparingDouble((Action c) ->
                        -throttled.getOrDefault(c.resource(), 0.0)).thenComparing(c -> c.resource().label()))
                .toList();
        var refused = new ArrayList<Action>();
        int used = 0;
        for (Action c : byThrottling) {
            int needs = rules(c, diagnosis);
            if (used + needs <= room) {
                used += needs;
            } else {
                refused.add(c);
            }
        }
        if (refused.isEmpty()) {
            return new Result(plan, used);
        }
        var actions = new ArrayList<Action>(plan.actions());
        actions.removeAll(refused);
        var skipped = new ArrayList<>(plan.skipped());
        for (Action c : refused) {
            skipped.add(Skip.of(c.resource(), "Enable Contributor Insights", Skip.Code.RULE_QUOTA, String.format(
                    java.util.Locale.ROOT, "Not enabled: the region has %d of its %d Contributor Insights rules"
                            + " (CONTRIBUTOR_INSIGHTS_RULE_QUOTA) and %s needs %d more (%.0f throttled events, fewer"
                            + " than the resources that got rules first). Disable Contributor Insights on resources"
                            + " that no longer need it, or raise the quota (Service Quotas) and the setting.",
                    inUse, quota, c.resource().label(), rules(c, diagnosis),
                    throttled.getOrDefault(c.resource(), 0.0))));
        }
        return new Result(new Plan(plan.mode(), plan.modeReason(), actions, skipped), used);
    }

    private static int rules(Action action, Diagnosis diagnosis) {
        return action.insightRulesAdded(diagnosis.table().hasSortKey(action.resource()));
    }

    /** The plan within the quota, and the rules its enables take. */
    public record Result(Plan plan, int rulesTaken) {
    }
}
