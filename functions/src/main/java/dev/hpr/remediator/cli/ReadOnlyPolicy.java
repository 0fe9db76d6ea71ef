package dev.hpr.remediator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.json.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The IAM policy document of {@code permissions --read-only}: one statement per scope of the permissions given (the
 * read adapters' own declarations, {@code ReadOnlyDiagnosis.PERMISSIONS}), each with the resources that scope
 * allows in any account and region. The scopes of writes have no mapping here: a write declared by a reader fails
 * the command instead of widening the policy.
 */
final class ReadOnlyPolicy {

    private ReadOnlyPolicy() {
    }

    /** @param tables the tables to limit the table actions to; empty: every table */
    static ObjectNode document(List<IamPermission> permissions, List<String> tables) {
        var actionsByScope = new LinkedHashMap<IamPermission.Scope, List<String>>();
        permissions.forEach(p -> actionsByScope.computeIfAbsent(p.scope(), s -> new ArrayList<>()).add(p.action()));
        ObjectNode policy = JsonTree.NODES.objectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        actionsByScope.forEach((scope, actions) -> {
            ObjectNode statement = statements.addObject();
            statement.put("Sid", sid(scope));
            statement.put("Effect", "Allow");
            ArrayNode list = statement.putArray("Action");
            actions.forEach(list::add);
            ArrayNode resources = statement.putArray("Resource");
            resources(scope, tables).forEach(resources::add);
        });
        return policy;
    }

    private static String sid(IamPermission.Scope scope) {
        var sid = new StringBuilder();
        for (String word : scope.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return sid.toString();
    }

    /**
     * Resource ARNs in IAM's formats (Service Authorization Reference: DynamoDB {@code table/${TableName}} and
     * {@code table/${TableName}/index/${IndexName}}; CloudWatch {@code insight-rule/${InsightRuleName}}, the rules
     * DynamoDB creates being named {@code DynamoDBContributorInsights-…}).
     */
    private static List<String> resources(IamPermission.Scope scope, List<String> tables) {
        List<String> named = tables.isEmpty() ? List.of("*") : tables;
        return switch (scope) {
            case PROTECTED_TABLES -> named.stream().map(ReadOnlyPolicy::tableArn).toList();
            case PROTECTED_TABLES_AND_INDEXES -> named.stream()
                    .flatMap(t -> List.of(tableArn(t), tableArn(t) + "/index/*").stream()).toList();
            case DYNAMODB_INSIGHT_RULES -> List.of("arn:aws:cloudwatch:*:*:insight-rule/DynamoDBContributorInsights-*");
            case ANY_RESOURCE -> List.of("*");
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE, FINDINGS_TOPIC, DYNAMODB_SCALABLE_TARGETS,
                 TARGET_TRACKING_ALARMS, STATE_TABLE, TABLES_BY_TAG ->
                    throw new IllegalArgumentException("scope " + scope + " is not one of a read-only diagnosis");
        };
    }

    private static String tableArn(String table) {
        return "arn:aws:dynamodb:*:*:table/" + table;
    }
}
