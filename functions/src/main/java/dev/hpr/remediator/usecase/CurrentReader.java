package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.Current;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a table's settings hold now, as far as some actions need it to be judged (undone, or found stale):
 * auto scaling only for the resources whose actions read it, Contributor Insights likewise; the table's description
 * is the caller's.
 */
public final class CurrentReader {

    private final ContributorInsights insights;
    private final DynamoDbTables tables;

    public CurrentReader(ContributorInsights insights, DynamoDbTables tables) {
        this.insights = insights;
        this.tables = tables;
    }

    /** @throws dev.hpr.remediator.aws.AwsCallFailed when a read fails */
    Current read(TableDescription table, List<Action> actions, ScalingPolicies policies) {
        List<ResourceRef> scheduledOnes = resources(actions, Action.Reads.SCHEDULED_ACTIONS);
        var scaled = new ArrayList<>(resources(actions, Action.Reads.AUTO_SCALING));
        scheduledOnes.stream().filter(r -> !scaled.contains(r)).forEach(scaled::add);
        ScalingState scaling = scaled.isEmpty() ? ScalingState.none() : policies.describe(scaled);
        // Every scaled resource's scheduled actions: a MaxCapacity restore is judged against our scheduled
        // MinCapacity too (a revert never restores a MaxCapacity below it).
        List<ScheduledCapacity> scheduled = scaling.targets().isEmpty() ? List.of()
                : policies.scheduledActions(scaled);
        List<WarmThroughputLevel> warm = resources(actions, Action.Reads.WARM_THROUGHPUT).isEmpty() ? List.of()
                : tables.warmThroughput(table.name());
        var statuses = new ArrayList<InsightsStatus>();
        for (ResourceRef resource : resources(actions, Action.Reads.CONTRIBUTOR_INSIGHTS)) {
            statuses.add(insights.describe(resource));
        }
        return new Current(table, scaling, statuses, scheduled, warm);
    }

    private static List<ResourceRef> resources(List<Action> actions, Action.Reads reads) {
        return actions.stream().filter(a -> a.reads() == reads).map(Action::resource).distinct().toList();
    }
}
