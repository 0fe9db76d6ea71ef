package dev.hpr.remediator.iam;

import java.util.Objects;

/**
 * One IAM action the function calls, and what it may be scoped to. Declared next to the code that makes the call
 * (cloud-custodian style): a read adapter's {@code PERMISSIONS}, an action type's {@code PERMISSIONS}; the CDK
 * construct grants exactly their union ({@code dev.hpr.remediator.aws.IamPermissions}). No AWS SDK type here.
 */
public record IamPermission(String action, Scope scope) {

    /** What the deployment may scope an action to. */
    public enum Scope {
        /** The protected tables: {@code arn:…:table/T}, for actions that act on a table only. */
        PROTECTED_TABLES,
        /** The protected tables and their indexes ({@code arn:…:table/T/index/*}), for actions that take an IndexName. */
        PROTECTED_TABLES_AND_INDEXES,
        /** CloudWatch Contributor Insights rules that DynamoDB creates: {@code arn:…:insight-rule/DynamoDBContributorInsights*}. */
        DYNAMODB_INSIGHT_RULES,
        /** Only Contributor Insights' service-linked role, with {@code iam:AWSServiceName} = contributorinsights.dynamodb.amazonaws.com. */
        CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE,
        /** The findings topic. */
        FINDINGS_TOPIC,
        /** Actions with no resource-level permissions (CloudWatch GetMetricData, Application Auto Scaling Describe*): {@code *}. */
        ANY_RESOURCE,
        /**
         * Application Auto Scaling writes on DynamoDB scalable targets: resource {@code *} (scalable-target ARNs are opaque IDs),
         * conditioned on {@code application-autoscaling:service-namespace} where the service supports it; see the construct.
         */
        DYNAMODB_SCALABLE_TARGETS,
        /**
         * The CloudWatch alarms Application Auto Scaling creates for target tracking on the protected tables
         * ({@code arn:…:alarm:TargetTracking-table/T*}): PutScalingPolicy replaces them on the caller's permissions.
         */
        TARGET_TRACKING_ALARMS,
        /** The remediator's own state table (dedupe, locks, cooldowns, audit). */
        STATE_TABLE,
        /**
         * Finding the tables tagged for protection (Resource Groups Tagging API GetResources, which has no resource
         * types: {@code *}): granted in tagged protection only; listed protection names its tables.
         */
        TABLES_BY_TAG
    }

    public IamPermission {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(scope, "scope");
        if (!action.matches("[a-z0-9-]+:[A-Za-z]+")) {
            throw new IllegalArgumentException("not an IAM action: '" + action + "'");
        }
    }

    public static IamPermission onProtectedTables(String action) {
        return new IamPermission(action, Scope.PROTECTED_TABLES);
    }

    public static IamPermission onProtectedTablesAndIndexes(String action) {
        return new IamPermission(action, Scope.PROTECTED_TABLES_AND_INDEXES);
    }
}
