package dev.hpr.remediator.aws;

import java.util.List;

/** Reads every metric the diagnosis needs in one batched GetMetricData call. */
public final class CloudWatchMetrics {

    /** GetMetricData has no resource-level permissions. */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("cloudwatch:GetMetricData", IamPermission.Scope.ANY_RESOURCE));
}
