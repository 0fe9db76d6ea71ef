package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.aws.IamPermissions;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.iam.IamPermission.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven by a third-party IAM policy simulator ({@link IamSimulator}) over the role the app
 * synthesizes ({@code -c tables=orders,sessions}), resolved for one account and region:
 * <ul>
 *   <li>every call the function makes is allowed on what the deployment protects: each permission the code declares,
 *       and each call the functions module's end-to-end tests recorded at the local AWS (a call without a declared
 *       permission fails here);</li>
 *   <li>the same mutations on tables it does not protect ({@code payments}, and {@code orders-archive}, whose name
 *       starts with a protected table's) are denied, except the documented gaps where IAM cannot tell the tables
 *       apart (README, "Security"), each covered by a control its own test pins;</li>
 *   <li>every {@code Resource: "*"} statement is listed with the reason {@code *} is forced.</li>
 * </ul>
 */
class IamSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DDB = "arn:aws:dynamodb:us-east-1:111122223333:";
    private static final String CW = "arn:aws:cloudwatch:us-east-1:111122223333:";
    private static final String UUID = "0a1b2c3d-4e5f-4a1b-8c2d-3e4f5a6b7c8d";
    private static final String MILLIS = "1764462000000";
    private static final Map<String, Object> VIA_AUTO_SCALING =
            Map.of("aws:CalledViaLast", "application-autoscaling.amazonaws.com");
    private static final Map<String, Object> DYNAMODB_TARGET = Map.of(
            "application-autoscaling:service-namespace", "dynamodb",
            "application-autoscaling:scalable-dimension", "dynamodb:table:ReadCapacityUnits");

    /** Where IAM cannot deny a mutation on an unprotected table: the gap, as the README's security section names it. */
    static final String SCALABLE_TARGETS_GAP = "R1: no IAM condition key or ARN part names the table of a scalable"
            + " target (Service Authorization Reference, Application Auto Scaling); control: the function writes only"
            + " targets and policies it read for a protected table in the same invocation (ScalingPolicyGuardTest)";
    static final String GSI_RULES_GAP = "R3: DynamoDB names a GSI's rules <table>-<index>, so a protected table's GSI"
            + " rule pattern also matches a table named <table>-<anything>; read-only (top keys); control: the function"
            + " reads only the rules DescribeContributorInsights returns for a protected table";

    /** Each Resource "*" statement, and why "*" is forced. */
    static final Map<String, String> STAR_STATEMENTS = Map.of(
            "NoResourceLevelPermissions", "cloudwatch:GetMetricData, application-autoscaling:DescribeScalableTargets and"
                    + " DescribeScalingPolicies have no resource types (Service Authorization Reference): only \"*\"");

    private static IamSimulator simulator;
    private static JsonNode report;
    private static List<IamSimulator.Request> requests;

    @BeforeAll
    static void simulate() throws Exception {
        simulator = IamSimulator.of(SynthesizedApp.get().template.toJSON(),
                SynthesizedApp.buildDir().resolve("iam-simulation"));
        requests = new ArrayList<>();
        for (IamPermission p : IamPermissions.required()) {
            requests.addAll(allowed(p));
            requests.addAll(denied(p));
        }
        requests.addAll(infrastructure());
        requests.addAll(recordedCalls());
        report = simulator.simulate(requests);
    }

    @Test
    void everyRequest_isDecidedAsExpected_exceptTheDocumentedGaps() {
        var wrong = new ArrayList<String>();
        var gaps = new TreeSet<String>();
        for (JsonNode r : report.path("results")) {
            if (r.hasNonNull("gap")) {
                gaps.add(r.path("gap").asText());
            } else if (!r.path("ok").asBoolean()) {
                wrong.add(r.path("label").asText() + ": " + r.path("action").asText() + " " + r.path("resource").asText()
                        + " => " + r.path("result").asText() + " (expected " + r.path("expect").asText() + ") "
                        + r.path("validation") + " " + r.path("details"));
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " request(s) not as expected:\n" + String.join("\n", wrong));
        }
        assertEquals(new TreeSet<>(List.of(SCALABLE_TARGETS_GAP, GSI_RULES_GAP)), gaps,
                "the gaps that showed are exactly the documented ones");
    }

    @Test
    void thePolicies_useOnlyActionsConditionKeysAndResourcesThatExist() {
        assertEquals(List.of(), JSON.convertValue(report.path("policyProblems"), List.class));
    }

    @Test
    void everyResourceStarStatement_isListedWithItsReason() {
        var starred = new TreeMap<String, String>();
        simulator.resolved.path("policies").forEach(policy -> policy.path("policy").path("Statement").forEach(s -> {
            boolean star = s.path("Resource").isTextual() ? "*".equals(s.path("Resource").asText())
                    : contains(s.path("Resource"), "*");
            if (star) {
                starred.put(s.path("Sid").asText("(no Sid)"), s.path("Action").toString());
            }
        }));
        assertEquals(STAR_STATEMENTS.keySet(), starred.keySet(), "Resource \"*\" statements: " + starred);
        starred.forEach((sid, actions) -> System.out.println("[iam] Resource * in " + sid + " " + actions + ": "
                + STAR_STATEMENTS.get(sid)));
    }

    @Test
    void everyCallTheFunctionMade_hasADeclaredPermission_andWasSimulated() throws Exception {
        Map<String, Long> recorded = recorded();
        assertTrue(recorded.size() >= 10, "the end-to-end tests recorded few calls: " + recorded);
        var simulated = new LinkedHashSet<String>();
        requests.stream().filter(r -> r.label().startsWith("recorded ")).forEach(r -> simulated.add(r.action()));
        for (String call : recorded.keySet()) {
            assertTrue(simulated.contains(iamAction(call))
                    || IamPermissions.needingNoPermission().contains(iamAction(call)),
                    call + " was recorded but not simulated");
        }
    }

    // ---- the requests ----

    /** What the permission allows, on what the deployment protects. */
    private static List<IamSimulator.Request> allowed(IamPermission p) {
        String a = p.action();
        String label = "declared " + a;
        return switch (p.scope()) {
            case PROTECTED_TABLES -> List.of(
                    IamSimulator.Request.allowed(label, a, DDB + "table/orders", Map.of()),
                    IamSimulator.Request.allowed(label, a, DDB + "table/sessions", Map.of()));
            case PROTECTED_TABLES_AND_INDEXES -> List.of(
                    IamSimulator.Request.allowed(label, a, DDB + "table/orders", Map.of()),
                    IamSimulator.Request.allowed(label, a, DDB + "table/orders/index/byCustomer", Map.of()));
            case DYNAMODB_INSIGHT_RULES -> List.of(
                    IamSimulator.Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-orders-"
                            + MILLIS, Map.of()),
                    IamSimulator.Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-SKT-orders-"
                            + "byCustomer-" + MILLIS, Map.of()));
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE -> List.of(IamSimulator.Request.allowed(label, a,
                    contributorInsightsRole(), Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com")));
            case FINDINGS_TOPIC -> List.of(IamSimulator.Request.allowed(label, a,
                    simulator.arnOf("AWS::SNS::Topic"), Map.of()));
            case ANY_RESOURCE -> List.of(IamSimulator.Request.allowed(label, a, "*", Map.of()));
            case DYNAMODB_SCALABLE_TARGETS -> List.of(IamSimulator.Request.allowed(label, a, scalableTarget("orders"),
                    DYNAMODB_TARGET));
            case TARGET_TRACKING_ALARMS -> "cloudwatch:DescribeAlarms".equals(a)
                    ? List.of(IamSimulator.Request.allowed(label, a, CW + "alarm:*", Map.of()))
                    : List.of(IamSimulator.Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders-AlarmHigh-"
                            + UUID, VIA_AUTO_SCALING),
                    IamSimulator.Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders/index/byCustomer-"
                            + "AlarmLow-" + UUID, VIA_AUTO_SCALING));
            case STATE_TABLE -> List.of(IamSimulator.Request.allowed(label, a,
                    simulator.arnOf("AWS::DynamoDB::Table"), Map.of()));
        };
    }

    /** The same on what the deployment does not protect: denied, or a documented gap. */
    private static List<IamSimulator.Request> denied(IamPermission p) {
        String a = p.action();
        String label = "unprotected " + a;
        var out = new ArrayList<IamSimulator.Request>();
        switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES, STATE_TABLE -> {
                for (String table : List.of("payments", "orders-archive", "orders2")) {
                    out.add(IamSimulator.Request.denied(label, a, DDB + "table/" + table, Map.of()));
                    out.add(IamSimulator.Request.denied(label, a, DDB + "table/" + table + "/index/byCustomer", Map.of()));
                }
                if (p.scope() == Scope.STATE_TABLE) {
                    out.add(IamSimulator.Request.denied(label + " (a protected table's items)", a,
                            DDB + "table/orders", Map.of()));
                }
            }
            case DYNAMODB_INSIGHT_RULES -> {
                out.add(IamSimulator.Request.denied(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-payments-"
                        + MILLIS, Map.of()));
                out.add(IamSimulator.Request.denied(label, a, CW + "insight-rule/SomeoneElsesRule", Map.of()));
                out.add(IamSimulator.Request.gap(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-"
                        + "orders-archive-" + MILLIS, Map.of(), GSI_RULES_GAP));
            }
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE -> {
                out.add(IamSimulator.Request.denied(label + " (another service)", a, contributorInsightsRole(),
                        Map.of("iam:AWSServiceName", "ecs.amazonaws.com")));
                out.add(IamSimulator.Request.denied(label + " (another role)", a,
                        "arn:aws:iam::111122223333:role/Admin", Map.of()));
            }
            case FINDINGS_TOPIC -> out.add(IamSimulator.Request.denied(label, a,
                    "arn:aws:sns:us-east-1:111122223333:someone-elses-topic", Map.of()));
            case ANY_RESOURCE -> { }
            case DYNAMODB_SCALABLE_TARGETS -> {
                out.add(IamSimulator.Request.gap(label, a, scalableTarget("payments"), DYNAMODB_TARGET,
                        SCALABLE_TARGETS_GAP));
                out.add(IamSimulator.Request.denied(label + " (an ECS service)", a, scalableTarget("ecs"),
                        Map.of("application-autoscaling:service-namespace", "ecs",
                                "application-autoscaling:scalable-dimension", "ecs:service:DesiredCount")));
            }
            case TARGET_TRACKING_ALARMS -> {
                if (!"cloudwatch:DescribeAlarms".equals(a)) {
                    for (String table : List.of("payments", "orders-archive")) {
                        out.add(IamSimulator.Request.denied(label, a, CW + "alarm:TargetTracking-table/" + table
                                + "-AlarmHigh-" + UUID, VIA_AUTO_SCALING));
                    }
                    out.add(IamSimulator.Request.denied(label + " (not through Application Auto Scaling)", a,
                            CW + "alarm:TargetTracking-table/orders-AlarmHigh-" + UUID, Map.of()));
                    out.add(IamSimulator.Request.denied(label + " (another alarm)", a, CW + "alarm:orders-throttling",
                            VIA_AUTO_SCALING));
                }
            }
        }
        return out;
    }

    /** What the infrastructure around the function grants its role: logs, the on-failure queue, the topic's key. */
    private static List<IamSimulator.Request> infrastructure() {
        String logGroup = simulator.arnOf("AWS::Logs::LogGroup").replaceAll(":\\*$", "");
        String queue = simulator.arnOf("AWS::SQS::Queue");
        String key = simulator.arnOf("AWS::KMS::Key");
        Map<String, Object> viaSns = Map.of("kms:ViaService", "sns.us-east-1.amazonaws.com");
        return List.of(
                IamSimulator.Request.allowed("logs", "logs:CreateLogStream", logGroup + ":log-stream:s", Map.of()),
                IamSimulator.Request.allowed("logs", "logs:PutLogEvents", logGroup + ":log-stream:s", Map.of()),
                IamSimulator.Request.denied("logs of another group", "logs:PutLogEvents",
                        "arn:aws:logs:us-east-1:111122223333:log-group:other:log-stream:s", Map.of()),
                IamSimulator.Request.allowed("on-failure destination", "sqs:SendMessage", queue, Map.of()),
                IamSimulator.Request.denied("on-failure destination, nothing else", "sqs:ReceiveMessage", queue, Map.of()),
                IamSimulator.Request.denied("on-failure destination, nothing else", "sqs:GetQueueAttributes", queue,
                        Map.of()),
                IamSimulator.Request.allowed("topic key through SNS", "kms:GenerateDataKey", key, viaSns),
                IamSimulator.Request.allowed("topic key through SNS", "kms:Decrypt", key, viaSns),
                IamSimulator.Request.denied("topic key, not through SNS", "kms:Decrypt", key, Map.of()),
                IamSimulator.Request.denied("topic key, another data key pair", "kms:GenerateDataKeyPair", key, viaSns));
    }

    /** Each call the end-to-end tests saw the function make, on a protected resource: allowed. */
    private static List<IamSimulator.Request> recordedCalls() throws Exception {
        var out = new ArrayList<IamSimulator.Request>();
        var undeclared = new ArrayList<String>();
        for (String call : recorded().keySet()) {
            String action = iamAction(call);
            if (IamPermissions.needingNoPermission().contains(action)) {
                continue; // IAM does not check it: nothing to grant, nothing to simulate
            }
            List<IamPermission> declared = IamPermissions.required().stream().filter(p -> p.action().equals(action))
                    .toList();
            if (declared.isEmpty()) {
                undeclared.add(call + " (" + action + ")");
            }
            declared.forEach(p -> allowed(p).forEach(r -> out.add(new IamSimulator.Request("recorded " + call,
                    r.action(), r.resource(), r.context(), r.expect(), null))));
        }
        if (!undeclared.isEmpty()) {
            fail("the function made calls no adapter or action declares (so the role does not grant them): "
                    + undeclared);
        }
        return out;
    }

    private static Map<String, Long> recorded() throws Exception {
        Path file = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("functions/target/function-aws-calls.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": the functions module's tests write the AWS calls the"
                    + " function made there; run the build from the repository root (mvn verify, or ./test.sh)");
        }
        Map<String, Long> calls = new LinkedHashMap<>();
        JSON.readTree(file.toFile()).fields().forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        return calls;
    }

    /** {@code <signing name>:<Operation>} as the local AWS counts it, to the IAM action. */
    static String iamAction(String call) {
        String[] parts = call.split(":", 2);
        String prefix = switch (parts[0]) {
            case "monitoring" -> "cloudwatch";
            case "tagging" -> "tag";
            default -> parts[0];
        };
        return prefix + ":" + parts[1];
    }

    private static String contributorInsightsRole() {
        return "arn:aws:iam::111122223333:role/aws-service-role/contributorinsights.dynamodb.amazonaws.com/"
                + "AWSServiceRoleForDynamoDBCloudWatchContributorInsights";
    }

    /** Scalable target ARNs end in an opaque ID that says nothing of the table. */
    private static String scalableTarget(String seed) {
        return "arn:aws:application-autoscaling:us-east-1:111122223333:scalable-target/"
                + String.format("%032x", Math.abs((long) seed.hashCode()));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.isTextual() && value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
