package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Template assertions on the app as {@code cdk synth -c protection=tagged ...} builds it: no table named anywhere. */
class TaggedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Template template = SynthesizedApp.tagged().template;

    @Test
    void oneFleetAlarm_groupedByTable_noPerTableAlarm() {
        // the fleet alarm, and the dead-letter queue's and the function's own (by the function's metrics)
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", List.of(Map.of(
                        "Expression", "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation)"
                                + " GROUP BY TableName ORDER BY SUM() DESC",
                        "Period", 60, "ReturnData", true, "Id", Match.anyValue())),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 10,
                "EvaluationPeriods", 3,
                "DatapointsToAlarm", 2,
                "TreatMissingData", "notBreaching"));
        var alarms = template.findResources("AWS::CloudWatch::Alarm");
        long throttlingAlarms = alarms.values().stream()
                .filter(a -> JSON.valueToTree(a).toString().contains("ThrottledRequests")).count();
        assertEquals(1, throttlingAlarms, "one alarm over every table");
    }

    @Test
    void contributorStateChanges_reachTheAlias_throughEventBridge() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.cloudwatch"),
                        "detail-type", List.of("CloudWatch Alarm Contributor State Change"),
                        "resources", List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(
                                "RemediatorFleetThrottling.*"), "Arn")))),
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*")),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 3600),
                        "DeadLetterConfig", Match.anyValue())))));
    }

    @Test
    void function_protectsByTag() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PROTECTION", "tagged", "PROTECTED_TABLES", "", "REMEDIATION_MODE", "apply")))));
    }

    @Test
    void tableActions_areConditionedOnTheProtectionTag() {
        JsonNode policies = JSON.valueToTree(template.findResources("AWS::IAM::Policy"));
        var tagged = new java.util.ArrayList<JsonNode>();
        policies.forEach(p -> p.path("Properties").path("PolicyDocument").path("Statement").forEach(st -> {
            if (st.path("Sid").asText().startsWith("TaggedTables")) {
                tagged.add(st);
            }
        }));
        assertEquals(2, tagged.size(), tagged.toString());
        for (JsonNode st : tagged) {
            assertEquals("[\"apply\",\"approve\",\"dry-run\"]", st.path("Condition").path("StringEqualsIgnoreCase")
                    .path("aws:ResourceTag/hot-partition-remediator").toString(), st.toString());
            assertTrue(st.path("Resource").toString().contains(":table/*"), st.toString());
        }
    }

    @Test
    void fleetDashboard_andAlarmsOnTheRemediatorsOwnErrors() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = JSON.valueToTree(template.findResources("AWS::CloudWatch::Dashboard")).toString();
        assertTrue(body.contains("GROUP BY TableName ORDER BY SUM() DESC LIMIT 20"), "throttling by table, top first");
        assertTrue(body.contains("WriteKeyRangeThroughputThrottleEvents"), "throttling by cause");
        for (String own : List.of("Findings", "ActionsApplied", "ActionsFailed", "ActionsSkipped",
                "PlansAwaitingApproval", "SweepDuration", "TablesChecked")) {
            assertTrue(body.contains(own), "the remediator's " + own);
        }
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors",
                "Namespace", "AWS/Lambda", "Threshold", 0));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ActionsFailed",
                "Namespace", "HotPartitionRemediator", "Threshold", 0));
    }
}
