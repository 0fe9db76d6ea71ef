package dev.hpr.remediator.aws;

import java.util.List;

/** Application Auto Scaling targets and target-tracking policies of a table and its GSIs. */
public final class ScalingPolicies {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("application-autoscaling:DescribeScalableTargets", IamPermission.Scope.ANY_RESOURCE),
            new IamPermission("application-autoscaling:DescribeScalingPolicies", IamPermission.Scope.ANY_RESOURCE),
            new IamPermission("application-autoscaling:PutScalingPolicy", IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS),
            new IamPermission("application-autoscaling:RegisterScalableTarget", IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS),
            // Updating a target-tracking policy replaces its CloudWatch alarms with the caller's permissions.
            new IamPermission("cloudwatch:DescribeAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS),
            new IamPermission("cloudwatch:PutMetricAlarm", IamPermission.Scope.TARGET_TRACKING_ALARMS),
            new IamPermission("cloudwatch:DeleteAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS));
}
