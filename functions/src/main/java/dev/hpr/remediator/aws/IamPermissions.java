package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.iam.IamPermission;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The union of the IAM permissions the function declares: each read adapter's {@code PERMISSIONS}, and each action
 * type's (every type {@link Action} permits must declare its {@code PERMISSIONS}, or this fails). The CDK construct
 * builds the function's policy from this list and a test compares the synthesized policy with it.
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
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            all.addAll(declaredBy(type));
        }
        return List.copyOf(all);
    }

    /**
     * Calls the function's code makes that IAM never checks, so no statement grants them: only the local CLI's
     * {@link CallerIdentity} (STS GetCallerIdentity: "No permissions are required to perform this operation", AWS STS
     * API Reference).
     */
    public static List<String> needingNoPermission() {
        return List.of(CallerIdentity.IAM_ACTION);
    }

    /** An action type's {@code public static final List<IamPermission> PERMISSIONS}. */
    public static List<IamPermission> declaredBy(Class<?> actionType) {
        try {
            Field field = actionType.getField("PERMISSIONS");
            if (!Modifier.isStatic(field.getModifiers()) || !List.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException(actionType.getSimpleName() + ".PERMISSIONS is not a static List");
            }
            @SuppressWarnings("unchecked")
            List<IamPermission> permissions = (List<IamPermission>) field.get(null);
            return permissions;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("action type " + actionType.getSimpleName() + " declares no public static"
                    + " PERMISSIONS: every action type lists the IAM actions it needs", e);
        }
    }

    private static List<List<IamPermission>> declaredByAdapters() {
        var lists = new ArrayList<List<IamPermission>>();
        lists.add(CloudWatchMetrics.PERMISSIONS);
        lists.add(CloudWatchMetrics.LIST_PERMISSIONS);
        lists.add(InsightRuleReports.PERMISSIONS);
        lists.add(DynamoDbTables.PERMISSIONS);
        lists.add(ContributorInsights.PERMISSIONS);
        lists.add(ScalingPolicies.PERMISSIONS);
        lists.add(FindingTopic.PERMISSIONS);
        lists.add(StateTable.PERMISSIONS);
        lists.add(TaggedTables.PERMISSIONS);
        lists.add(FleetThrottling.PERMISSIONS);
        lists.add(InsightRules.PERMISSIONS);
        return lists;
    }
}
