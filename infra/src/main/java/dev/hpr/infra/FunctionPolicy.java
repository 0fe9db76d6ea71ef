package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.hpr.remediator.iam.IamPermission.Scope;
import dev.hpr.remediator.iam.IamPermission;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * The function's IAM policy, built from the permissions its adapters declare ({@code IamPermissions.required()}):
 * one statement per {@link Scope}, with the scope's resources and conditions. The mapping is an exhaustive
 * {@code switch}: a scope the function adds does not compile here until it is mapped.
 */
final class FunctionPolicy {

    static final String CONTRIBUTOR_INSIGHTS_SERVICE = "contributorinsights.dynamodb.amazonaws.com";
    static final String APPLICATION_AUTO_SCALING_SERVICE = "application-autoscaling.amazonaws.com";
    static final List<String> DYNAMODB_SCALABLE_DIMENSIONS = List.of(
            "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
            "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits");

    /**
     * Alarm reads CloudWatch authorizes against every alarm of the account ({@code alarm:*}) when the request names
     * no alarm, as Application Auto Scaling's permission check does ({@code DescribeAlarms} with MaxRecords=1).
     * Scoped to the target-tracking alarms alone, PutScalingPolicy would fail that check.
     */
    static final Set<String> ALARM_READS_ON_ALL_ALARMS = Set.of("cloudwatch:DescribeAlarms");

    /** The tag that protects a table in tagged mode, and the values that do (the function's TableProtection). */
    static final String PROTECTION_TAG = "hot-partition-remediator";
    static final List<String> PROTECTING_VALUES = List.of("apply", "approve", "dry-run");

    /** What the scopes resolve to in one deployment. */
    record Targets(Stack stack, Protection protection, List<ProtectedTable> tables, ITopic findingsTopic,
                   ITable stateTable) {
        boolean tagged() {
            return protection == Protection.TAGGED;
        }
    }

    private FunctionPolicy() {
    }

    /** The statements for the declared permissions, in declaration order of their scopes, plus the KMS ones. */
    static List<PolicyStatement> statements(List<IamPermission> permissions, Targets targets) {
        var actionsByScope = new LinkedHashMap<Scope, List<String>>();
        for (IamPermission permission : permissions) {
            actionsByScope.computeIfAbsent(permission.scope(), scope -> new ArrayList<>()).add(permission.action());
        }
        var statements = new ArrayList<PolicyStatement>();
        actionsByScope.forEach((scope, actions) -> statements.addAll(statementsFor(scope, actions, targets)));
        statements.addAll(keyStatements(targets));
        return statements;
    }

    private static List<PolicyStatement> statementsFor(Scope scope, List<String> actions, Targets t) {
        Stack stack = t.stack();
        if (t.tagged()) {
            Optional<List<PolicyStatement>> tagged = taggedStatementsFor(scope, actions, t);
            if (tagged.isPresent()) {
                return tagged.get();
            }
        }
        return switch (scope) {
            // Table-only actions (DescribeTable, ListTagsOfResource, UpdateTable) act on the table's ARN alone.
            case PROTECTED_TABLES -> List.of(allow("ProtectedTables", actions,
                    t.tables().stream().map(ProtectedTable::arn).toList()));
            // Contributor Insights takes an IndexName: the index ARNs too. Table names hold no '/', so
            // table/T/index/* is exactly T's indexes.
            case PROTECTED_TABLES_AND_INDEXES -> List.of(allow("ProtectedTablesAndIndexes", actions,
                    t.tables().stream().flatMap(table -> Stream.of(table.arn(), table.indexesArn())).toList()));
            case DYNAMODB_INSIGHT_RULES -> List.of(allow("DynamoDbContributorInsightsRules", actions,
                    t.tables().stream().flatMap(table -> insightRuleArns(stack, table.name()).stream()).toList()));
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE -> List.of(withCondition(
                    allow("ContributorInsightsServiceLinkedRole", actions, List.of(contributorInsightsRoleArn(stack))),
                    "StringEquals", Map.of("iam:AWSServiceName", CONTRIBUTOR_INSIGHTS_SERVICE)));
            case FINDINGS_TOPIC -> List.of(allow("FindingsTopic", actions,
                    List.of(t.findingsTopic().getTopicArn())));
            case ANY_RESOURCE -> List.of(allow("NoResourceLevelPermissions", actions, List.of("*")));
            case DYNAMODB_SCALABLE_TARGETS -> List.of(withCondition(
                    allow("DynamoDbScalableTargets", actions,
                            List.of(arn(stack, "application-autoscaling", "scalable-target", "*",
                                    ArnFormat.SLASH_RESOURCE_NAME))),
                    "StringEquals", Map.of(
                            "application-autoscaling:service-namespace", "dynamodb",
                            "application-autoscaling:scalable-dimension", DYNAMODB_SCALABLE_DIMENSIONS)));
            case TARGET_TRACKING_ALARMS -> targetTrackingAlarmStatements(actions, t);
            // The table itself only: it has no index, and the function reads and writes items by key.
            case STATE_TABLE -> List.of(allow("StateTable", actions, List.of(t.stateTable().getTableArn())));
            // Listed protection names its tables and never lists them by tag.
            case TABLES_BY_TAG -> List.of();
        };
    }

    /**
     * Tagged mode, where no table is named at deploy time: attribute-based access control. DynamoDB's {@code table}
     * and {@code index} resource types support {@code aws:ResourceTag/${TagKey}} (Service Authorization Reference,
     * Amazon DynamoDB; an index is authorized with its table's tags), so the table actions are conditioned on the
     * protection tag. Where the resource carries no table tag, the pattern widens to every table's and docs/security.md
     * names the gap: DynamoDB's Contributor Insights rules (CloudWatch insight rules carry tags,
     * but DynamoDB creates its rules without the table's), and the alarms target tracking creates.
     */
    private static Optional<List<PolicyStatement>> taggedStatementsFor(Scope scope, List<String> actions, Targets t) {
        Stack stack = t.stack();
        String tables = arn(stack, "dynamodb", "table", "*", ArnFormat.SLASH_RESOURCE_NAME);
        return switch (scope) {
            case PROTECTED_TABLES -> Optional.of(List.of(taggedOnly(allow("TaggedTables", actions, List.of(tables)))));
            // GetResources has no resource types: "*". It lists the tags of whatever the request asks for.
            case TABLES_BY_TAG -> Optional.of(List.of(allow("TablesByTag", actions, List.of("*"))));
            case PROTECTED_TABLES_AND_INDEXES -> Optional.of(List.of(taggedOnly(allow("TaggedTablesAndIndexes", actions,
                    List.of(tables, tables + "/index/*")))));
            case DYNAMODB_INSIGHT_RULES -> Optional.of(List.of(allow("DynamoDbContributorInsightsRules", actions,
                    List.of(arn(stack, "cloudwatch", "insight-rule", "DynamoDBContributorInsights-*",
                            ArnFormat.SLASH_RESOURCE_NAME)))));
            case TARGET_TRACKING_ALARMS -> {
                List<String> writes = actions.stream().filter(a -> !ALARM_READS_ON_ALL_ALARMS.contains(a)).toList();
                List<String> reads = actions.stream().filter(ALARM_READS_ON_ALL_ALARMS::contains).toList();
                var statements = new ArrayList<PolicyStatement>();
                if (!writes.isEmpty()) {
                    statements.add(withCondition(allow("TargetTrackingAlarms", writes,
                                    List.of(alarmArn(stack, "TargetTracking-table/*"))),
                            "StringEquals", Map.of("aws:CalledViaLast", APPLICATION_AUTO_SCALING_SERVICE)));
                }
                if (!reads.isEmpty()) {
                    statements.add(allow("TargetTrackingAlarmReads", reads, List.of(alarmArn(stack, "*"))));
                }
                yield Optional.of(statements);
            }
            default -> Optional.empty();
        };
    }

    /**
     * Only resources tagged {@value #PROTECTION_TAG} = apply, approve or dry-run. IgnoreCase: the function reads the
     * tag's value case-insensitively ({@code Apply} protects), so IAM must not refuse what the function accepts.
     */
    private static PolicyStatement taggedOnly(PolicyStatement statement) {
        return withCondition(statement, "StringEqualsIgnoreCase",
                Map.of("aws:ResourceTag/" + PROTECTION_TAG, PROTECTING_VALUES));
    }

    /**
     * The rules DynamoDB creates for a table, {@code DynamoDBContributorInsights-<PKC|PKT|SKC|SKT>-<table>-<13-digit
     * creation millis>}, and for its GSIs, {@code …-<kind>-<table>-<index>-<millis>} (rule names: DynamoDB Developer
     * Guide, Contributor Insights; test-fixtures/README.md). A table's own pattern is exact; the GSIs' pattern also
     * matches the rules of a table named {@code <table>-<anything>} (rule names join table and index with '-'):
     * read-only, listed in docs/security.md.
     */
    static List<String> insightRuleArns(Stack stack, String table) {
        String millis = "?".repeat(13);
        return List.of(
                arn(stack, "cloudwatch", "insight-rule", "DynamoDBContributorInsights-???-" + table + "-" + millis,
                        ArnFormat.SLASH_RESOURCE_NAME),
                arn(stack, "cloudwatch", "insight-rule", "DynamoDBContributorInsights-???-" + table + "-*-" + millis,
                        ArnFormat.SLASH_RESOURCE_NAME));
    }

    /**
     * Application Auto Scaling checks that the caller of PutScalingPolicy may manage the alarms target tracking
     * creates ({@code TargetTracking-table/T-AlarmHigh-<uuid>}, {@code TargetTracking-table/T/index/I-...}), calling
     * CloudWatch with the caller's credentials: the writes are limited to those names and to calls made through
     * Application Auto Scaling ({@code aws:CalledViaLast}), as AWS's own managed policies for target tracking do.
     */
    private static List<PolicyStatement> targetTrackingAlarmStatements(List<String> actions, Targets t) {
        List<String> writes = actions.stream().filter(a -> !ALARM_READS_ON_ALL_ALARMS.contains(a)).toList();
        List<String> reads = actions.stream().filter(ALARM_READS_ON_ALL_ALARMS::contains).toList();
        var statements = new ArrayList<PolicyStatement>();
        if (!writes.isEmpty()) {
            List<String> alarms = t.tables().stream()
                    .flatMap(table -> targetTrackingAlarmArns(t.stack(), table.name()).stream())
                    .toList();
            statements.add(withCondition(allow("TargetTrackingAlarms", writes, alarms),
                    "StringEquals", Map.of("aws:CalledViaLast", APPLICATION_AUTO_SCALING_SERVICE)));
        }
        if (!reads.isEmpty()) {
            statements.add(allow("TargetTrackingAlarmReads", reads, List.of(alarmArn(t.stack(), "*"))));
        }
        return statements;
    }

    /** The alarm kinds target tracking creates for a DynamoDB target (Application Auto Scaling User Guide). */
    static final List<String> TARGET_TRACKING_ALARM_KINDS = List.of("AlarmHigh", "AlarmLow", "ProvisionedCapacityHigh",
            "ProvisionedCapacityLow");

    /**
     * {@code TargetTracking-table/T-<kind>-<uuid>}: the table's alarms exactly (the UUID as its 36 characters), so
     * that {@code T-archive}'s do not match; and {@code TargetTracking-table/T/index/*}, which only T's GSIs' alarms
     * match (table names hold no '/').
     */
    static List<String> targetTrackingAlarmArns(Stack stack, String table) {
        String uuid = "????????-????-????-????-????????????";
        var arns = new ArrayList<String>();
        for (String kind : TARGET_TRACKING_ALARM_KINDS) {
            arns.add(alarmArn(stack, "TargetTracking-table/" + table + "-" + kind + "-" + uuid));
        }
        arns.add(alarmArn(stack, "TargetTracking-table/" + table + "/index/*"));
        return arns;
    }

    /**
     * KMS for what the declared permissions touch: Contributor Insights reads a table encrypted with a customer
     * managed key ({@code kms:Decrypt}); publishing to a topic encrypted with one needs a data key.
     */
    static List<PolicyStatement> keyStatements(Targets t) {
        var statements = new ArrayList<PolicyStatement>();
        List<String> tableKeys = t.tables().stream()
                .map(ProtectedTable::encryptionKey).flatMap(Optional::stream).map(IKey::getKeyArn).distinct().toList();
        if (!tableKeys.isEmpty()) {
            statements.add(allow("ProtectedTableKeys", List.of("kms:Decrypt"), tableKeys));
        }
        IKey topicKey = t.findingsTopic().getMasterKey();
        if (topicKey != null) {
            // What SNS needs of a publisher to an encrypted topic (SNS Developer Guide, "Encryption at rest": the
            // publisher needs kms:GenerateDataKey and kms:Decrypt), and only through SNS in the topic's region: the
            // stack's for a topic of its own, the hub's for an organisation's hub topic (its region is in its ARN).
            statements.add(withCondition(allow("FindingsTopicKey", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                    List.of(topicKey.getKeyArn())), "StringEquals",
                    Map.of("kms:ViaService", "sns." + t.findingsTopic().getEnv().getRegion() + ".amazonaws.com")));
        }
        return statements;
    }

    static String contributorInsightsRoleArn(Stack stack) {
        return stack.formatArn(ArnComponents.builder()
                .service("iam").region("").resource("role")
                .resourceName("aws-service-role/" + CONTRIBUTOR_INSIGHTS_SERVICE
                        + "/AWSServiceRoleForDynamoDBCloudWatchContributorInsights")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    private static String alarmArn(Stack stack, String alarmName) {
        return arn(stack, "cloudwatch", "alarm", alarmName, ArnFormat.COLON_RESOURCE_NAME);
    }

    private static String arn(Stack stack, String service, String resource, String name, ArnFormat format) {
        return stack.formatArn(ArnComponents.builder()
                .service(service).resource(resource).resourceName(name).arnFormat(format).build());
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    private static PolicyStatement withCondition(PolicyStatement statement, String operator, Map<String, ?> condition) {
        statement.addCondition(operator, condition);
        return statement;
    }
}
