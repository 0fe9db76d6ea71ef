package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.iam.IamPermission.Scope;
import dev.hpr.remediator.aws.IamPermissions;
import org.junit.jupiter.api.Test;

/**
 * The function's policy (listed protection: {@code -c tables=orders,sessions}) grants exactly what the function's
 * adapters declare, each on its scope's resources, but for the scopes only tagged protection uses.
 */
class FunctionPolicyTest {

    private static final String ARN = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:%s";

    /**
     * The only actions the role has beyond the declared ones, each added for the infrastructure around the
     * function rather than for a call the function makes.
     */
    private static final Map<String, String> NOT_DECLARED_BY_THE_FUNCTION = Map.of(
            "logs:CreateLogStream", "LogGroup.grantWrite: Lambda writes the function's JSON logs with its role",
            "logs:PutLogEvents", "LogGroup.grantWrite: Lambda writes the function's JSON logs with its role",
            "sqs:SendMessage", "OnFailureQueue: Lambda sends failed alarm events to the dead-letter queue with the role",
            "kms:Decrypt", "sns:Publish to the KMS-encrypted findings topic (the topic's key, through SNS only)",
            "kms:GenerateDataKey", "sns:Publish to the KMS-encrypted findings topic (the topic's key, through SNS only)");

    /** The Sid FunctionPolicy gives each scope's statement. */
    private static final Map<Scope, String> SID = Map.of(
            Scope.PROTECTED_TABLES, "ProtectedTables",
            Scope.PROTECTED_TABLES_AND_INDEXES, "ProtectedTablesAndIndexes",
            Scope.DYNAMODB_INSIGHT_RULES, "DynamoDbContributorInsightsRules",
            Scope.CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE, "ContributorInsightsServiceLinkedRole",
            Scope.FINDINGS_TOPIC, "FindingsTopic",
            Scope.ANY_RESOURCE, "NoResourceLevelPermissions",
            Scope.DYNAMODB_SCALABLE_TARGETS, "DynamoDbScalableTargets",
            Scope.TARGET_TRACKING_ALARMS, "TargetTrackingAlarms",
            Scope.STATE_TABLE, "StateTable",
            Scope.TABLES_BY_TAG, "TablesByTag");

    /** Scopes listed protection grants nothing for: tagged protection's (TaggedIamSimulationTest). */
    private static final Set<Scope> TAGGED_ONLY = EnumSet.of(Scope.TABLES_BY_TAG);

    private final List<Map<String, Object>> statements = functionRoleStatements();

    @Test
    void policy_grantsExactlyTheDeclaredActions_plusTheListedInfrastructureOnes() {
        Set<String> declared = IamPermissions.required().stream().filter(p -> !TAGGED_ONLY.contains(p.scope()))
                .map(IamPermission::action).collect(Collectors.toCollection(TreeSet::new));
        Set<String> granted = statements.stream().flatMap(s -> actions(s).stream())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(granted);
        assertEquals(Set.of(), missing, "declared by the function but not granted");

        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(declared);
        assertEquals(new TreeSet<>(NOT_DECLARED_BY_THE_FUNCTION.keySet()), extra,
                "granted but not declared (add a justified entry to NOT_DECLARED_BY_THE_FUNCTION, or drop the grant)");
    }

    @Test
    void everyScope_isDeclaredByTheFunction_andCoveredHere() {
        Set<Scope> declared = IamPermissions.required().stream().map(IamPermission::scope)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        assertEquals(EnumSet.allOf(Scope.class), declared, "a scope no adapter declares: drop it, or register the "
                + "adapter's PERMISSIONS in IamPermissions.required()");
        assertEquals(EnumSet.allOf(Scope.class), EnumSet.copyOf(SID.keySet()), "a scope this test does not check");
    }

    @Test
    void eachScope_getsOneStatement_withExactlyItsDeclaredActions() {
        var declaredByScope = new LinkedHashMap<Scope, Set<String>>();
        for (IamPermission p : IamPermissions.required()) {
            if (TAGGED_ONLY.contains(p.scope())) {
                assertTrue(statementOrNull(SID.get(p.scope())) == null, p + " is granted in listed protection");
                continue;
            }
            declaredByScope.computeIfAbsent(p.scope(), s -> new TreeSet<>()).add(p.action());
        }
        declaredByScope.forEach((scope, actions) -> {
            Set<String> granted = new TreeSet<>(actions(statement(SID.get(scope))));
            if (scope == Scope.TARGET_TRACKING_ALARMS && statementOrNull("TargetTrackingAlarmReads") != null) {
                granted.addAll(actions(statement("TargetTrackingAlarmReads")));
            }
            assertEquals(actions, granted, "scope " + scope);
        });
    }

    @Test
    void protectedTables_meanTheTables_andTheirIndexesOnlyForContributorInsights() {
        assertEquals(List.of(ARN.formatted("dynamodb", "table/orders"), ARN.formatted("dynamodb", "table/sessions")),
                resources(statement("ProtectedTables")));
        assertEquals(List.of(
                        ARN.formatted("dynamodb", "table/orders"), ARN.formatted("dynamodb", "table/orders/index/*"),
                        ARN.formatted("dynamodb", "table/sessions"), ARN.formatted("dynamodb", "table/sessions/index/*")),
                resources(statement("ProtectedTablesAndIndexes")));
        assertEquals(Set.of("dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights"),
                Set.copyOf(actions(statement("ProtectedTablesAndIndexes"))));
    }

    @Test
    void insightRuleReports_onlyOnTheProtectedTablesRules() {
        String millis = "?".repeat(13);
        assertEquals(Set.of(
                        ARN.formatted("cloudwatch", "insight-rule/DynamoDBContributorInsights-???-orders-" + millis),
                        ARN.formatted("cloudwatch", "insight-rule/DynamoDBContributorInsights-???-orders-*-" + millis),
                        ARN.formatted("cloudwatch", "insight-rule/DynamoDBContributorInsights-???-sessions-" + millis),
                        ARN.formatted("cloudwatch", "insight-rule/DynamoDBContributorInsights-???-sessions-*-" + millis)),
                Set.copyOf(resources(statement("DynamoDbContributorInsightsRules"))));
    }

    @Test
    void serviceLinkedRole_onlyContributorInsightsOwn() {
        Map<String, Object> statement = statement("ContributorInsightsServiceLinkedRole");
        assertEquals(List.of("iam:CreateServiceLinkedRole"), actions(statement));
        assertEquals(List.of("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
                + "contributorinsights.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBCloudWatchContributorInsights"),
                resources(statement));
        assertEquals(Map.of("StringEquals", Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com")),
                statement.get("Condition"));
    }

    @Test
    void publish_onlyToTheFindingsTopic_withItsKey() {
        assertEquals(List.of("${RemediatorFindingsTopic}"), resources(statement("FindingsTopic")).stream()
                .map(r -> r.replaceAll("[0-9A-F]{8}}$", "}")).toList());
        Map<String, Object> key = statement("FindingsTopicKey");
        assertEquals(List.of("${RemediatorFindingsTopicKey.Arn}"), resources(key).stream()
                .map(r -> r.replaceAll("[0-9A-F]{8}\\.Arn}$", ".Arn}")).toList());
        assertEquals(Set.of("kms:GenerateDataKey", "kms:Decrypt"), Set.copyOf(actions(key)));
        @SuppressWarnings("unchecked")
        var viaService = ((Map<String, Map<String, Object>>) key.get("Condition")).get("StringEquals").get("kms:ViaService");
        assertEquals("sns.${AWS::Region}.amazonaws.com", render(viaService), "the key only through SNS");
    }

    @Test
    void anyResource_onlyForActionsWithoutResourceLevelPermissions() {
        assertEquals(List.of("*"), resources(statement("NoResourceLevelPermissions")));
        // Each with its reason, checked against the Service Authorization Reference: ProtectionModeSimulation.
        assertEquals(IamPermissions.required().stream().filter(p -> p.scope() == Scope.ANY_RESOURCE)
                .map(IamPermission::action).collect(Collectors.toSet()),
                Set.copyOf(actions(statement("NoResourceLevelPermissions"))));
        long statementsOnStar = statements.stream().filter(s -> resources(s).contains("*")).count();
        assertEquals(1, statementsOnStar, "only one statement may use Resource *");
    }

    @Test
    void scalingWrites_onlyOnDynamoDbScalableTargets() {
        Map<String, Object> statement = statement("DynamoDbScalableTargets");
        assertEquals(List.of(ARN.formatted("application-autoscaling", "scalable-target/*")), resources(statement));
        assertEquals(Map.of("StringEquals", Map.of(
                "application-autoscaling:service-namespace", "dynamodb",
                "application-autoscaling:scalable-dimension", List.of(
                        "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
                        "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits"))),
                statement.get("Condition"));
    }

    @Test
    void targetTrackingAlarmWrites_onlyOnTheProtectedTablesAlarms_throughApplicationAutoScaling() {
        Map<String, Object> statement = statement("TargetTrackingAlarms");
        assertEquals(Set.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"), Set.copyOf(actions(statement)));
        var expected = new ArrayList<String>();
        for (String table : List.of("orders", "sessions")) {
            for (String kind : List.of("AlarmHigh", "AlarmLow", "ProvisionedCapacityHigh", "ProvisionedCapacityLow")) {
                expected.add(ARN.formatted("cloudwatch", "alarm:TargetTracking-table/" + table + "-" + kind
                        + "-????????-????-????-????-????????????"));
            }
            expected.add(ARN.formatted("cloudwatch", "alarm:TargetTracking-table/" + table + "/index/*"));
        }
        assertEquals(Set.copyOf(expected), Set.copyOf(resources(statement)));
        assertEquals(Map.of("StringEquals", Map.of("aws:CalledViaLast", "application-autoscaling.amazonaws.com")),
                statement.get("Condition"));

        Map<String, Object> reads = statement("TargetTrackingAlarmReads");
        assertEquals(List.of("cloudwatch:DescribeAlarms"), actions(reads));
        assertEquals(List.of(ARN.formatted("cloudwatch", "alarm:*")), resources(reads));
    }

    @Test
    void stateTable_itemReadsAndWrites_onTheStateTableAlone() {
        Map<String, Object> statement = statement("StateTable");
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:Query"), Set.copyOf(actions(statement)));
        assertEquals(List.of("${RemediatorStateTable.Arn}"), resources(statement).stream()
                .map(r -> r.replaceAll("[0-9A-F]{8}\\.Arn}$", ".Arn}")).toList(), "the table, no index");
    }

    @Test
    void updateTable_isGrantedOnTheProtectedTables_forApplicationAutoScalingsPermissionCheck() {
        assertTrue(actions(statement("ProtectedTables")).contains("dynamodb:UpdateTable"));
        long statementsWithUpdateTable = statements.stream()
                .filter(s -> actions(s).contains("dynamodb:UpdateTable")).count();
        assertEquals(1, statementsWithUpdateTable, "UpdateTable on the protected tables only, not the state table");
    }

    // ---- reading the synthesized policy ----

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> functionRoleStatements() {
        var template = SynthesizedApp.get().template;
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        var statements = new ArrayList<Map<String, Object>>();
        policies.forEach((id, policy) -> {
            var properties = (Map<String, Object>) policy.get("Properties");
            var roles = (List<Map<String, Object>>) properties.get("Roles");
            if (roles.stream().anyMatch(r -> String.valueOf(r.get("Ref")).startsWith("RemediatorRole"))) {
                var document = (Map<String, Object>) properties.get("PolicyDocument");
                statements.addAll((List<Map<String, Object>>) document.get("Statement"));
            }
        });
        assertTrue(!statements.isEmpty(), "no policy attached to the function's role");
        statements.forEach(s -> assertEquals("Allow", s.get("Effect"), "only Allow statements: " + s));
        return statements;
    }

    private Map<String, Object> statement(String sid) {
        Map<String, Object> statement = statementOrNull(sid);
        assertTrue(statement != null, "no statement " + sid + " in " + statements);
        return statement;
    }

    private Map<String, Object> statementOrNull(String sid) {
        return statements.stream().filter(s -> sid.equals(s.get("Sid"))).findFirst().orElse(null);
    }

    private static List<String> actions(Map<String, Object> statement) {
        return asList(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    private static List<String> resources(Map<String, Object> statement) {
        return asList(statement.get("Resource")).stream().map(FunctionPolicyTest::render).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of(value);
    }

    /** A resource as text: Fn::Join joined, Ref X as ${X}, Fn::GetAtt [X, A] as ${X.A}. */
    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        var map = (Map<String, Object>) value;
        if (map.containsKey("Fn::Join")) {
            var join = (List<Object>) map.get("Fn::Join");
            return ((List<Object>) join.get(1)).stream().map(FunctionPolicyTest::render)
                    .collect(Collectors.joining((String) join.get(0)));
        }
        if (map.containsKey("Ref")) {
            return "${" + map.get("Ref") + "}";
        }
        if (map.containsKey("Fn::GetAtt")) {
            var getAtt = (List<Object>) map.get("Fn::GetAtt");
            return "${" + getAtt.get(0) + "." + getAtt.get(1) + "}";
        }
        throw new IllegalArgumentException("cannot render " + value);
    }
}
