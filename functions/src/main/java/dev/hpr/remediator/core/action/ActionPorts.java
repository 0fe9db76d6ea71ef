package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;

/**
 * The AWS calls actions make, in the domain's terms; the adapters implement them ({@code aws/}). Each method throws
 * {@link ActionFailedException} when AWS refuses the call.
 */
public interface ActionPorts {

    ContributorInsights contributorInsights();

    AutoScaling autoScaling();

    Tables tables();

    /** DynamoDB UpdateTable. */
    interface Tables {
        /**
         * Sets a table's or GSI's on-demand maximum for one operation ({@code OnDemandThroughput}); {@code -1} is "no
         * maximum". Nothing else of the table is sent.
         */
        void updateOnDemandMaximum(ResourceRef resource, OperationType operation, long maximum);

        /**
         * Raises one operation of a table's or GSI's {@code WarmThroughput} (UpdateTable; a GSI through its
         * {@code GlobalSecondaryIndexUpdates} entry); the other operation's is not sent, so it stays as it is.
         * Warm throughput can never be lowered.
         */
        void raiseWarmThroughput(ResourceRef resource, OperationType operation, long unitsPerSecond);
    }

    /** DynamoDB UpdateContributorInsights. */
    interface ContributorInsights {
        /** Enables it in this mode; returns the status AWS reports (FAILED is returned, not thrown). */
        String enable(ResourceRef resource, String mode);

        /** Disables it; returns the status AWS reports. */
        String disable(ResourceRef resource);
    }

    /** Application Auto Scaling. */
    interface AutoScaling {
        /**
         * What Application Auto Scaling's permission validation checks of the caller of PutScalingPolicy and
         * RegisterScalableTarget on a DynamoDB target, though the function never calls them: that it could
         * UpdateTable the table and manage the alarms target tracking creates (Application Auto Scaling User Guide,
         * "Permissions validation for API calls on target resources").
         */
        List<IamPermission> VALIDATED_PERMISSIONS = List.of(
                IamPermission.onProtectedTables("dynamodb:UpdateTable"),
                new IamPermission("cloudwatch:DescribeAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS),
                new IamPermission("cloudwatch:PutMetricAlarm", IamPermission.Scope.TARGET_TRACKING_ALARMS),
                new IamPermission("cloudwatch:DeleteAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS));

        /** A write's own permission and the validated ones. */
        static List<IamPermission> permissions(IamPermission write) {
            var all = new java.util.ArrayList<IamPermission>();
            all.add(write);
            all.addAll(VALIDATED_PERMISSIONS);
            return List.copyOf(all);
        }

        /**
         * Writes a target-tracking policy read earlier in this invocation back with these values, every other field
         * as it was read.
         */
        void writeTargetTracking(ResourceRef resource, OperationType operation, String policyName, PolicyValues values);

        /** RegisterScalableTarget on an existing target: MinCapacity and MaxCapacity. */
        void registerCapacity(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity);

        /** PutScheduledAction setting only MinCapacity, for one of the forecast's own names (created or replaced). */
        void putScheduledMinCapacity(ResourceRef resource, OperationType operation, String name, String schedule,
                                     int minCapacity);

        /** DeleteScheduledAction of one of the forecast's own names. */
        void deleteScheduledAction(ResourceRef resource, OperationType operation, String name);
    }
}
