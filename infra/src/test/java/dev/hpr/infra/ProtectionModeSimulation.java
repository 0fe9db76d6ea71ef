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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.infra.IamSimulator.Request;
import dev.hpr.remediator.aws.IamPermissions;
import dev.hpr.remediator.iam.IamPermission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Least privilege, proven by a third-party IAM policy simulator ({@link IamSimulator}) over the role one protection
 * mode synthesizes, resolved for one account and region. What "protected" means is the mode's: the tables named at
 * deploy time ({@link IamSimulationTest}) or the tables tagged for protection ({@link TaggedIamSimulationTest}); the
 * proofs are the same:
 * <ul>
 *   <li>every call the function makes is allowed on what the deployment protects: each permission the code declares,
 *       and each call the functions module's end-to-end tests recorded at the local AWS (a call without a declared
 *       permission fails here);</li>
 *   <li>the same calls on what it does not protect are denied, except the documented gaps where IAM cannot tell the
 *       tables apart (README, "Security"), each covered by a control its own test pins; and on no table may the
 *       role change what protects it (its tags), read or write its items, or delete it;</li>
 *   <li>every {@code Resource: "*"} statement is listed, and each of its actions with its resource types in the
 *       Service Authorization Reference (checked there) and the reason {@code *} is forced.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProtectionModeSimulation {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DDB = "arn:aws:dynamodb:us-east-1:111122223333:";
    static final String CW = "arn:aws:cloudwatch:us-east-1:111122223333:";
    static final String UUID = "0a1b2c3d-4e5f-4a1b-8c2d-3e4f5a6b7c8d";
    static final String MILLIS = "1764462000000";
    static final Map<String, Object> VIA_AUTO_SCALING =
            Map.of("aws:CalledViaLast", "application-autoscaling.amazonaws.com");
    static final Map<String, Object> DYNAMODB_TARGET = Map.of(
            "application-autoscaling:service-namespace", "dynamodb",
            "application-autoscaling:scalable-dimension", "dynamodb:table:ReadCapacityUnits");

    /** Where IAM cannot deny a mutation on an unprotected table: the gap, as docs/security.md names it. */
    static final String SCALABLE_TARGETS_GAP = "R1: no IAM condition key or ARN part names the table of a scalable"
            + " target (Service Authorization Reference, Application Auto Scaling); control: the function writes only"
            + " targets and policies it read for a protected table in the same invocation (ScalingPolicyGuardTest)";

    /** An action granted on {@code "*"}: its resource types in the Service Authorization Reference, and why "*". */
    record StarAction(List<String> resourceTypes, String why) {
    }

    /** Each action granted on {@code "*"}, in either mode (tag:GetResources in tagged protection only). */
    static final Map<String, StarAction> STAR_ACTIONS = Map.of(
            "cloudwatch:GetMetricData", new StarAction(List.of("dataset"), "CloudWatch metrics have no ARN; the"
                    + " action's one resource type is an OpenTelemetry dataset, which the function never reads"),
            "cloudwatch:ListMetrics", new StarAction(List.of("dataset"), "CloudWatch metrics have no ARN; the"
                    + " forecast's first look lists the region's GSI throttle metrics (AWS/DynamoDB, with a"
                    + " GlobalSecondaryIndexName dimension), the names of any table's GSIs that throttled: read-only"
                    + " metadata, as GetMetricData reads the same metrics"),
            "cloudwatch:DescribeInsightRules", new StarAction(List.of(), "no resource types: it lists the region's"
                    + " rules, which the function counts against the Contributor Insights rule quota"),
            "application-autoscaling:DescribeScalableTargets", new StarAction(List.of(), "no resource types"),
            "application-autoscaling:DescribeScalingPolicies", new StarAction(List.of(), "no resource types"),
            "application-autoscaling:DescribeScheduledActions", new StarAction(List.of(), "no resource types: the"
                    + " forecast reads a protected table's scheduled actions by its ResourceId"),
            "tag:GetResources", new StarAction(List.of(), "no resource types: the function asks only for DynamoDB"
                    + " tables with the protection tag (ResourceTypeFilters, TagFilters), but IAM cannot hold it to"
                    + " that, so it may list the tags of any resource of the region (read-only metadata)"));

    IamSimulator simulator;
    JsonNode report;
    List<Request> requests;

    /** The app as this mode synthesizes it. */
    abstract SynthesizedApp app();

    /** The directory under the build directory the simulation's files go to. */
    abstract String simulationDir();

    /** A protected table's request context in this mode (its tags, as IAM sees them). */
    abstract Map<String, Object> protectedTableContext();

    /**
     * The mode's requests on what it protects, for the scopes it resolves differently: {@code PROTECTED_TABLES},
     * {@code PROTECTED_TABLES_AND_INDEXES}, {@code DYNAMODB_INSIGHT_RULES}, the alarm writes of
     * {@code TARGET_TRACKING_ALARMS} and {@code TABLES_BY_TAG}: allowed.
     */
    abstract List<Request> allowedOnProtected(IamPermission p);

    /** The same scopes on what the mode does not protect: denied, or a documented gap. */
    abstract List<Request> deniedOnUnprotected(IamPermission p);

    /** The gaps docs/security.md documents for this mode, exactly. */
    abstract Set<String> documentedGaps();

    /** The statements with {@code Resource: "*"} in this mode. */
    abstract Set<String> starStatements();

    /** Scopes this mode grants nothing for (their calls are the other mode's). */
    abstract Set<IamPermission.Scope> scopesNotGranted();

    @BeforeAll
    void simulate() throws Exception {
        simulator = IamSimulator.of(app().template.toJSON(), SynthesizedApp.buildDir().resolve(simulationDir()));
        requests = new ArrayList<>();
        for (IamPermission p : IamPermissions.required()) {
            requests.addAll(allowed(p));
            requests.addAll(denied(p));
        }
        requests.addAll(neverOnAnyTable());
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
                        + " " + r.path("context") + " => " + r.path("result").asText() + " (expected "
                        + r.path("expect").asText() + ") " + r.path("validation") + " " + r.path("details"));
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " request(s) not as expected:\n" + String.join("\n", wrong));
        }
        assertEquals(new TreeSet<>(documentedGaps()), gaps, "the gaps that showed are exactly the documented ones");
    }

    @Test
    void thePolicies_useOnlyActionsConditionKeysAndResourcesThatExist() {
        assertEquals(List.of(), JSON.convertValue(report.path("policyProblems"), List.class));
    }

    @Test
    void everyResourceStarStatement_isListed_andEachActionWithTheReasonStarIsForced() {
        var starred = new TreeMap<String, String>();
        simulator.resolved.path("policies").forEach(policy -> policy.path("policy").path("Statement").forEach(s -> {
            boolean star = s.path("Resource").isTextual() ? "*".equals(s.path("Resource").asText())
                    : contains(s.path("Resource"), "*");
            if (star) {
                starred.put(s.path("Sid").asText("(no Sid)"), s.path("Action").toString());
            }
        }));
        assertEquals(starStatements(), starred.keySet(), "Resource \"*\" statements: " + starred);

        var resourceTypes = new TreeMap<String, List<String>>();
        report.path("starActions").fields().forEachRemaining(e -> resourceTypes.put(e.getKey(),
                JSON.convertValue(e.getValue(), JSON.getTypeFactory().constructCollectionType(List.class, String.class))));
        var expected = new TreeMap<String, List<String>>();
        STAR_ACTIONS.forEach((action, star) -> {
            if (grantedInThisMode(action)) {
                expected.put(action, star.resourceTypes());
            }
        });
        assertEquals(expected, resourceTypes, "each action on \"*\", and its resource types in the Service"
                + " Authorization Reference: add a reason to STAR_ACTIONS, or scope the action");
        resourceTypes.keySet().forEach(action -> System.out.println("[iam] " + getClass().getSimpleName()
                + ": Resource * for " + action + ": " + STAR_ACTIONS.get(action).why()));
    }

    @Test
    void everyCallTheFunctionMade_hasADeclaredPermission_andWasSimulated() throws Exception {
        Map<String, Long> recorded = recorded();
        assertTrue(recorded.size() >= 10, "the end-to-end tests recorded few calls: " + recorded);
        var simulated = new LinkedHashSet<String>();
        requests.stream().filter(r -> r.label().startsWith("recorded ")).forEach(r -> simulated.add(r.action()));
        for (String call : recorded.keySet()) {
            assertTrue(simulated.contains(iamAction(call)) || !grantedInThisMode(iamAction(call))
                    || IamPermissions.needingNoPermission().contains(iamAction(call)),
                    call + " was recorded but not simulated");
        }
    }

    // ---- the requests ----

    /** What the permission allows, on what the deployment protects. */
    private List<Request> allowed(IamPermission p) {
        String a = p.action();
        String label = "declared " + a;
        return switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES, DYNAMODB_INSIGHT_RULES, TABLES_BY_TAG ->
                    allowedOnProtected(p);
            case TARGET_TRACKING_ALARMS -> FunctionPolicy.ALARM_READS_ON_ALL_ALARMS.contains(a)
                    ? List.of(Request.allowed(label, a, CW + "alarm:*", Map.of()))
                    : allowedOnProtected(p);
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE -> List.of(Request.allowed(label, a,
                    contributorInsightsRole(), Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com")));
            case FINDINGS_TOPIC -> List.of(Request.allowed(label, a, simulator.arnOf("AWS::SNS::Topic"), Map.of()));
            case ANY_RESOURCE -> List.of(Request.allowed(label, a, "*", Map.of()));
            case DYNAMODB_SCALABLE_TARGETS -> List.of(Request.allowed(label, a, scalableTarget("orders"),
                    DYNAMODB_TARGET));
            case STATE_TABLE -> List.of(Request.allowed(label, a, simulator.arnOf("AWS::DynamoDB::Table"), Map.of()));
        };
    }

    /** The same on what the deployment does not protect: denied, or a documented gap. */
    private List<Request> denied(IamPermission p) {
        String a = p.action();
        String label = "unprotected " + a;
        var out = new ArrayList<Request>();
        switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES, DYNAMODB_INSIGHT_RULES, TABLES_BY_TAG ->
                    out.addAll(deniedOnUnprotected(p));
            case TARGET_TRACKING_ALARMS -> {
                if (!FunctionPolicy.ALARM_READS_ON_ALL_ALARMS.contains(a)) {
                    out.addAll(deniedOnUnprotected(p));
                    out.add(Request.denied(label + " (not through Application Auto Scaling)", a,
                            CW + "alarm:TargetTracking-table/orders-AlarmHigh-" + UUID, Map.of()));
                    out.add(Request.denied(label + " (another alarm)", a, CW + "alarm:orders-throttling",
                            VIA_AUTO_SCALING));
                }
            }
            case STATE_TABLE -> {
                for (String table : List.of("payments", "orders-archive", "orders2")) {
                    out.add(Request.denied(label, a, DDB + "table/" + table, Map.of()));
                    out.add(Request.denied(label, a, DDB + "table/" + table + "/index/byCustomer", Map.of()));
                }
                out.add(Request.denied(label + " (a protected table's items)", a, DDB + "table/orders",
                        protectedTableContext()));
            }
            case CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE -> {
                out.add(Request.denied(label + " (another service)", a, contributorInsightsRole(),
                        Map.of("iam:AWSServiceName", "ecs.amazonaws.com")));
                out.add(Request.denied(label + " (another role)", a, "arn:aws:iam::111122223333:role/Admin", Map.of()));
            }
            case FINDINGS_TOPIC -> out.add(Request.denied(label, a,
                    "arn:aws:sns:us-east-1:111122223333:someone-elses-topic", Map.of()));
            case ANY_RESOURCE -> { }
            case DYNAMODB_SCALABLE_TARGETS -> {
                out.add(Request.gap(label, a, scalableTarget("payments"), DYNAMODB_TARGET, SCALABLE_TARGETS_GAP));
                out.add(Request.denied(label + " (an ECS service)", a, scalableTarget("ecs"),
                        Map.of("application-autoscaling:service-namespace", "ecs",
                                "application-autoscaling:scalable-dimension", "ecs:service:DesiredCount")));
            }
        }
        return out;
    }

    /**
     * What the role may do on no table, protected or not: change the tags that protect it (in tagged mode, the role
     * could opt a table in), read or write its items, delete it, or give it a resource policy.
     */
    private List<Request> neverOnAnyTable() {
        var out = new ArrayList<Request>();
        String orders = DDB + "table/orders";
        for (String a : List.of("dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:GetItem",
                "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:DeleteTable", "dynamodb:PutResourcePolicy")) {
            out.add(Request.denied("never, on a protected table", a, orders, protectedTableContext()));
            out.add(Request.denied("never, on another table", a, DDB + "table/payments", Map.of()));
        }
        for (String a : List.of("tag:TagResources", "tag:UntagResources")) {
            out.add(Request.denied("never: tag any resource", a, "*", Map.of()));
        }
        out.add(Request.denied("never: tag a scalable target", "application-autoscaling:TagResource",
                scalableTarget("orders"), Map.of()));
        return out;
    }

    /** What the infrastructure around the function grants its role: logs, the on-failure queue, the topic's key. */
    private List<Request> infrastructure() {
        String logGroup = simulator.arnOf("AWS::Logs::LogGroup").replaceAll(":\\*$", "");
        String queue = simulator.arnOf("AWS::SQS::Queue");
        String key = simulator.arnOf("AWS::KMS::Key");
        Map<String, Object> viaSns = Map.of("kms:ViaService", "sns.us-east-1.amazonaws.com");
        return List.of(
                Request.allowed("logs", "logs:CreateLogStream", logGroup + ":log-stream:s", Map.of()),
                Request.allowed("logs", "logs:PutLogEvents", logGroup + ":log-stream:s", Map.of()),
                Request.denied("logs of another group", "logs:PutLogEvents",
                        "arn:aws:logs:us-east-1:111122223333:log-group:other:log-stream:s", Map.of()),
                Request.allowed("on-failure destination", "sqs:SendMessage", queue, Map.of()),
                Request.denied("on-failure destination, nothing else", "sqs:ReceiveMessage", queue, Map.of()),
                Request.denied("on-failure destination, nothing else", "sqs:GetQueueAttributes", queue, Map.of()),
                Request.allowed("topic key through SNS", "kms:GenerateDataKey", key, viaSns),
                Request.allowed("topic key through SNS", "kms:Decrypt", key, viaSns),
                Request.denied("topic key, not through SNS", "kms:Decrypt", key, Map.of()),
                Request.denied("topic key, another data key pair", "kms:GenerateDataKeyPair", key, viaSns));
    }

    /** Each call the end-to-end tests saw the function make, on a protected resource: allowed. */
    private List<Request> recordedCalls() throws Exception {
        var out = new ArrayList<Request>();
        var undeclared = new ArrayList<String>();
        for (String call : recorded().keySet()) {
            String action = iamAction(call);
            if (IamPermissions.needingNoPermission().contains(action)) {
                continue; // IAM does not check it: nothing to grant, nothing to simulate
            }
            if (!grantedInThisMode(action)) {
                continue; // the other mode's call (its test simulates it; this mode's denies it)
            }
            List<IamPermission> declared = IamPermissions.required().stream().filter(p -> p.action().equals(action))
                    .toList();
            if (declared.isEmpty()) {
                undeclared.add(call + " (" + action + ")");
            }
            declared.forEach(p -> allowed(p).forEach(r -> out.add(new Request("recorded " + call,
                    r.action(), r.resource(), r.context(), r.expect(), null))));
        }
        if (!undeclared.isEmpty()) {
            fail("the function made calls no adapter or action declares (so the role does not grant them): "
                    + undeclared);
        }
        return out;
    }

    /** Whether the action is declared in a scope this mode grants (or not declared at all: then it fails). */
    private boolean grantedInThisMode(String action) {
        List<IamPermission> declared = IamPermissions.required().stream().filter(p -> p.action().equals(action))
                .toList();
        return declared.isEmpty() || declared.stream().anyMatch(p -> !scopesNotGranted().contains(p.scope()));
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
    static String scalableTarget(String seed) {
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
