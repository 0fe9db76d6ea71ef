package dev.hpr.remediator.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The union of the IAM permissions every adapter declares. The CDK construct builds the
 * function's policy from this list and a test compares the synthesized policy with it.
 */
public final class IamPermissions {

    private IamPermissions() {
    }

    /** Every permission the function needs, without duplicates, in declaration order. */
    public static List<IamPermission> required() {
        var all = new LinkedHashSet<IamPermission>();
        for (List<IamPermission> declared : declaredByAdapters()) {
            all.addAll(declared);
        }
        return List.copyOf(all);
    }

    private static List<List<IamPermission>> declaredByAdapters() {
        var lists = new ArrayList<List<IamPermission>>();
        lists.add(CloudWatchMetrics.PERMISSIONS);
        lists.add(InsightRuleReports.PERMISSIONS);
        lists.add(DynamoDbTables.PERMISSIONS);
        lists.add(ContributorInsights.PERMISSIONS);
        lists.add(ScalingPolicies.PERMISSIONS);
        lists.add(FindingTopic.PERMISSIONS);
        lists.add(DynamoDbStateStore.PERMISSIONS);
        return lists;
    }
}
