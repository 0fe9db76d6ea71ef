package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.aws.IamPermissions;
import dev.hpr.remediator.cli.Main;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.testfixtures.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose TABLE} and {@code permissions --read-only} against the local AWS, as a platform engineer runs them
 * on day one: only the SDK's credentials and region (no topic, no state table, no protected tables). Every test reads
 * the local AWS's call log: diagnose makes only reads, each one covered by the read-only policy, and changes nothing.
 */
class DiagnoseCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void clean() {
        aws.clearFaults();
        aws.resetCalls();
    }

    record Run(int exit, String stdout, String stderr, Map<String, Long> calls) {
    }

    /** The CLI in-process with nothing but the region and the local AWS's endpoint (and the build's test keys). */
    private static Run cli(String... args) {
        var env = new HashMap<String, String>();
        env.put("AWS_REGION", aws.region());
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        aws.resetCalls();
        int exit = Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), aws.calls());
    }

    /** The demo's orders incident: a celebrity key throttling writes, Contributor Insights on, auto scaling. */
    private static Incident hotKey(String prefix) {
        return new Incident(aws, prefix).provisionedTable(2000, 3000, Map.of())
                .autoScaling(null, "Write", 100, 10000, 70, 300, 60)
                .contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, LocalAws.Contributor.of(3300, "customer#celebrity-42"),
                        LocalAws.Contributor.of(120, "customer#1187"))
                .metric(null, "WriteKeyRangeThroughputThrottleEvents", 180, 20, 0)
                .metric(null, "WriteThrottleEvents", 180, 20, 0)
                .metric(null, "ConsumedWriteCapacityUnits", 54000, 60, 0);
    }

    /** Reads outgrowing capacity at MaxCapacity, a slow policy, Contributor Insights off: apply mode changes three things. */
    private static Incident underProvisioned(String prefix) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0);
    }

    /** The IAM actions of {@code permissions --read-only}'s policy. */
    private static Set<String> policyActions() throws Exception {
        Run run = cli("permissions", "--read-only");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(Map.of(), run.calls(), "printing the policy calls nothing");
        var actions = new TreeSet<String>();
        for (JsonNode statement : JSON.readTree(run.stdout()).path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            statement.path("Action").forEach(a -> actions.add(a.asText()));
        }
        return actions;
    }

    /**
     * The call log's keys as IAM actions: the local AWS counts calls by signing name, and CloudWatch signs as
     * {@code monitoring} (botocore's cloudwatch/2010-08-01 model: endpointPrefix "monitoring", no signingName of its
     * own) where IAM says {@code cloudwatch}.
     */
    private static Set<String> asIamActions(Map<String, Long> calls) {
        return calls.keySet().stream().map(k -> k.startsWith("monitoring:") ? "cloudwatch:" + k.substring(11) : k)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every call a read: IAM's read verbs, and none of the permissions a change or the findings topic declares. */
    private static void assertOnlyReadsCoveredBy(Set<String> policy, Run run) {
        var writes = new TreeSet<String>();
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            IamPermissions.declaredBy(type).stream().map(IamPermission::action).forEach(writes::add);
        }
        writes.add("sns:Publish");
        writes.remove("cloudwatch:DescribeAlarms"); // the one read the actions declare (PutScalingPolicy's check)
        for (String call : asIamActions(run.calls())) {
            assertTrue(policy.contains(call), call + " is not in the read-only policy " + policy);
            String operation = call.substring(call.indexOf(':') + 1);
            assertTrue(operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List"),
                    call + " is not a read");
            assertFalse(writes.contains(call), call + " is a change's permission");
        }
    }

    @Test
    void diagnose_hotKeyTable_printsTheKeyAndCause_withOnlyReadsTheReadOnlyPolicyCovers() throws Exception {
        // given a celebrity key throttling writes, and the read-only policy
        var incident = hotKey("diag-hotkey");
        Set<String> policy = policyActions();

        // when
        Run run = cli("diagnose", incident.table);

        // then it says first that it changed nothing, then names the key and the cause
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("", run.stderr());
        assertTrue(run.stdout().startsWith("diagnose is read-only: nothing was changed, stored or published.\n"),
                run.stdout());
        assertTrue(run.stdout().contains("customer#celebrity-42"), run.stdout());
        assertTrue(run.stdout().contains("WHAT HAPPENED"), run.stdout());
        assertTrue(run.stdout().contains("hot partition"), run.stdout());
        assertTrue(run.stdout().contains("Mode:      dry-run (diagnose: read-only; planned as apply mode would"),
                run.stdout());
        // and it read the table, its metrics and its hot keys, and nothing else
        assertOnlyReadsCoveredBy(policy, run);
        assertEquals(Set.of("dynamodb:DescribeTable", "dynamodb:ListTagsOfResource", "cloudwatch:GetMetricData",
                "dynamodb:DescribeContributorInsights", "cloudwatch:GetInsightRuleReport"), asIamActions(run.calls()));
        assertEquals(List.of(), incident.findings(), "nothing published");
    }

    @Test
    void diagnose_underProvisionedTable_listsWhatApplyModeWouldChange_andChangesNothing() throws Exception {
        // given reads outgrowing capacity: apply mode would retune the policy, raise MaxCapacity, enable Insights
        var incident = underProvisioned("diag-underprov");
        Set<String> policy = policyActions();

        // when
        Run run = cli("diagnose", incident.table);

        // then the changes are listed as planned
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains("Nothing: dry-run. These changes are planned, not applied:"), run.stdout());
        assertTrue(run.stdout().contains("[PLANNED]"), run.stdout());
        assertTrue(run.stdout().contains("TargetValue"), run.stdout());
        // and AWS is as it was
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(1000, incident.maxCapacity(null, "Read"));
        assertEquals("DISABLED", incident.insightsStatus(null));
        assertOnlyReadsCoveredBy(policy, run);
        assertEquals(List.of(), incident.findings(), "nothing published");
    }

    @Test
    void diagnose_onDemandTableAtItsMaximum_saysTheRaiseWouldBeOfferedForApproval_andLeavesTheMaximum()
            throws Exception {
        // given an on-demand table throttled at the write maximum its owner set
        var incident = new Incident(aws, "diag-ondemand").onDemandTable(-1, 1000)
                .metric(null, "WriteMaxOnDemandThroughputThrottleEvents", 300, 20, 0)
                .metric(null, "WriteThrottleEvents", 300, 20, 0);

        // when
        Run run = cli("diagnose", incident.table, "--json");

        // then the raise apply mode would offer a person is listed as not changed, and why
        assertEquals(0, run.exit(), run.stderr());
        JsonNode finding = JSON.readTree(run.stdout());
        assertEquals("DIAGNOSED", finding.path("outcome").asText());
        assertTrue(finding.path("approval").isNull(), finding.toString());
        var reasons = new ArrayList<String>();
        finding.path("skipped").forEach(s -> reasons.add(s.path("reason").asText()));
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("A deployed remediator in apply"
                + " mode would offer it to a person for approval (MaxWriteRequestUnits 1000 -> MaxWriteRequestUnits")),
                reasons.toString());
        assertEquals(1000, incident.onDemandMaximum()[1]);
        assertOnlyReadsCoveredBy(policyActions(), run);
    }

    @Test
    void readOnlyPolicy_coversExactlyTheCallsDiagnoseMakes_andIsPartOfTheDeployedRole() throws Exception {
        // given the two incidents that between them take every read path (hot keys; auto scaling, the rule count)
        Set<String> policy = policyActions();
        var hotKey = hotKey("diag-exact-hot");
        var underProvisioned = underProvisioned("diag-exact-under");

        // when
        var made = new TreeSet<String>();
        made.addAll(asIamActions(cli("diagnose", hotKey.table).calls()));
        made.addAll(asIamActions(cli("diagnose", underProvisioned.table).calls()));

        // then the policy is exactly those calls, each one also granted to the deployed function
        assertEquals(policy, made);
        Set<String> deployed = IamPermissions.required().stream().map(IamPermission::action).collect(Collectors.toSet());
        assertTrue(deployed.containsAll(policy), "not in the deployed role: " + policy);
    }

    @Test
    void diagnose_json_printsAFindingOfThePublishedSchema_andTheNoticeOnStderr() throws Exception {
        var incident = hotKey("diag-json");

        Run run = cli("diagnose", incident.table, "--json");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals("diagnose is read-only: nothing was changed, stored or published.\n", run.stderr());
        JsonNode finding = JSON.readTree(run.stdout());
        assertEquals(Finding.SCHEMA, finding.path("schema").asText());
        assertEquals("DIAGNOSED", finding.path("outcome").asText());
        assertEquals("dry-run", finding.path("mode").asText());
        assertEquals("HOT_PARTITION", finding.path("causes").get(0).path("cause").asText());
        assertEquals("customer#celebrity-42", finding.path("hotKeys").get(0).path("keys").get(0).path("key").asText());
        var fields = new ArrayList<String>();
        finding.fieldNames().forEachRemaining(fields::add);
        // The v1 document's top-level fields (docs/finding-schema.md), every one present.
        assertEquals(List.of("schema", "id", "generatedAt", "region", "account", "outcome", "headline", "mode",
                "modeReason", "keysRedacted", "alarm", "table", "window", "detection", "pattern", "causes", "hotKeys",
                "actions", "skipped", "recommendations", "caveats", "approval", "links"), fields);
    }

    @Test
    void diagnose_quietTable_saysNothingDetected_withTheFiguresItLookedAt() {
        var incident = new Incident(aws, "diag-quiet").provisionedTable(100, 100, Map.of(), "byCustomer")
                .metric(null, "ConsumedReadCapacityUnits", 600, 30, 0);

        Run run = cli("diagnose", incident.table, "--window", "30");

        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains(incident.table + ": nothing detected in the last 30 minutes."), run.stdout());
        assertTrue(run.stdout().contains("Throttled events: 0 (detection threshold: more than"), run.stdout());
        assertTrue(run.stdout().contains("Peak consumed reads: 10 units/s"), run.stdout());
        assertTrue(run.stdout().contains("Looked at: table " + incident.table + ", GSI byCustomer of " + incident.table),
                run.stdout());
        assertFalse(run.stdout().contains("WHAT HAPPENED"), run.stdout());
    }

    @Test
    void diagnose_missingTableOrIndex_exits6_withOneLine() {
        var incident = new Incident(aws, "diag-index").provisionedTable(100, 100, Map.of(), "byCustomer");

        Run table = cli("diagnose", "no-such-table-" + System.nanoTime());
        Run index = cli("diagnose", incident.table, "--index", "byDate");

        assertEquals(6, table.exit());
        assertEquals(1, table.stderr().lines().count(), table.stderr());
        assertTrue(table.stderr().contains("does not exist in this account and region"), table.stderr());
        assertEquals(6, index.exit());
        assertTrue(index.stderr().startsWith("table '" + incident.table + "' has no global secondary index 'byDate'"
                + " (it has byCustomer)"), index.stderr());
        assertEquals("", table.stdout() + index.stdout());
    }

    @Test
    void diagnose_accessDeniedOnARead_exits7_namingThePermission() {
        var incident = hotKey("diag-denied");
        aws.failNext("dynamodb:DescribeContributorInsights", 1, 400, "AccessDeniedException",
                "User is not authorized to perform: dynamodb:DescribeContributorInsights");

        Run run = cli("diagnose", incident.table);

        assertEquals(7, run.exit(), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("access denied: dynamodb:DescribeContributorInsights failed:"), run.stderr());
        assertTrue(run.stderr().contains("permissions --read-only"), run.stderr());
        assertEquals("", run.stdout());
    }

    /**
     * {@code diagnose orders} in a JVM of its own whose environment holds no credentials, no profile files and no
     * instance metadata, and a region only when given: returns the exit status and stderr.
     */
    private static Run isolated(boolean withRegion) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hpr.remediator.cli.Main", "diagnose", "orders"));
        var builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        if (withRegion) {
            env.put("AWS_REGION", aws.region());
        }
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
        env.put("AWS_CONFIG_FILE", "/nonexistent/config");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = builder.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the CLI did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void diagnose_withoutCredentials_exits5_sayingWhereToSetThem() throws Exception {
        Run run = isolated(/* withRegion= */ true);

        assertEquals(5, run.exit(), run.stderr());
        assertTrue(run.stderr().startsWith("no AWS credentials: "), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertEquals("", run.stdout());
    }

    @Test
    void diagnose_withoutRegion_exits5_sayingWhereToSetIt() throws Exception {
        Run run = isolated(/* withRegion= */ false);

        assertEquals(5, run.exit(), run.stderr());
        assertTrue(run.stderr().startsWith("no AWS region: set AWS_REGION"), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertEquals("", run.stdout());
    }
}
