package dev.hpr.remediator.perf;

import dev.hpr.remediator.logging.Log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The API-call budget of one ALARM invocation, counted per operation at the local AWS (SDK retries included): for
 * tables with 0, 1, 5, 20 and 30 GSIs (moto accepts 30; AWS's default quota is 20 per table, adjustable) and each
 * kind of incident, the whole map of calls must be exactly what the incident justifies. One GetMetricData (14 queries
 * per resource: 434 for 31 resources, under the 500 a call takes), one DescribeTable, Contributor Insights only for
 * throttled resources, GetInsightRuleReport only for throttled-key rules of those that are ENABLED, auto scaling read
 * at most once per kind and only for under-provisioning, one Publish. No state table (STATE_TABLE_NAME unset).
 */
class ApiCallBudgetTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;
    private static String topicArn;

    @BeforeAll
    static void localAws() {
        // Its own local AWS: late in the suite the shared instance holds every other test's metrics, and its
        // GetMetricData for a 30-GSI table's 434 metrics ran past the SDK's 60 s call timeout on a busy machine.
        aws = LocalAws.start();
        topicArn = aws.sns().createTopic(b -> b.name("budget-findings")).topicArn();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void noFaults() {
        aws.clearFaults();
    }

    @ParameterizedTest(name = "{0} GSIs")
    @ValueSource(ints = {0, 1, 5, 20, 30})
    void hotKeyOnTable_readsMetricsOnce_andOnlyTheThrottledTablesInsights(int gsis) throws Exception {
        // given a celebrity key throttling writes of the table, Contributor Insights on (THROTTLED_KEYS: a PKT rule)
        var table = TableIncident.provisioned(aws, name("budget-hot", gsis), 2000, 3000, gsis)
                .contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, LocalAws.Contributor.of(3300, "customer#celebrity-42"))
                .hotKeyWrites(null, 10);

        // when
        Map<String, Long> calls = invoke(table);

        // then
        assertEquals(budget(Map.of(
                "dynamodb:DescribeContributorInsights", 1L,
                "monitoring:GetInsightRuleReport", 1L)), calls);
    }

    @ParameterizedTest(name = "{0} GSIs")
    @ValueSource(ints = {0, 1, 5, 20, 30})
    void underProvisionedTable_readsAutoScalingOnce_andWritesOnlyWhatItChanges(int gsis) throws Exception {
        // given reads outgrowing the table's capacity, at MaxCapacity, Contributor Insights off
        var table = TableIncident.provisioned(aws, name("budget-under", gsis), 1000, 200, gsis)
                .autoScaling(null, "Read", 100, 1000, 70)
                .underProvisionedReads(null, 10);

        Map<String, Long> calls = invoke(table);

        assertEquals(budget(Map.of(
                "dynamodb:DescribeContributorInsights", 1L,
                "dynamodb:UpdateContributorInsights", 1L,
                "monitoring:DescribeInsightRules", 1L,                  // the region's rule count, before enabling
                "application-autoscaling:DescribeScalableTargets", 1L,
                "application-autoscaling:DescribeScalingPolicies", 1L,
                "application-autoscaling:PutScalingPolicy", 1L,
                "application-autoscaling:RegisterScalableTarget", 1L)), calls);
    }

    @ParameterizedTest(name = "{0} GSIs")
    @ValueSource(ints = {1, 5, 20, 30})
    void hotKeyOnOneGsi_touchesOnlyThatGsi(int gsis) throws Exception {
        var table = TableIncident.provisioned(aws, name("budget-gsi", gsis), 500, 500, gsis);
        String last = table.gsis().get(gsis - 1);
        table.hotKeyWrites(last, 10);

        Map<String, Long> calls = invoke(table);

        assertEquals(budget(Map.of(
                "dynamodb:DescribeContributorInsights", 1L,
                "dynamodb:UpdateContributorInsights", 1L,
                "monitoring:DescribeInsightRules", 1L)), calls);
    }

    @ParameterizedTest(name = "{0} GSIs")
    @ValueSource(ints = {5, 20, 30})
    void twoUnderProvisionedGsis_readAutoScalingPoliciesWithoutPagingTheAccount(int gsis) throws Exception {
        // given two GSIs outgrowing their reads, and auto scaling on the table and both GSIs (3 scaled resources)
        var table = TableIncident.provisioned(aws, name("budget-gsis", gsis), 1000, 200, gsis)
                .autoScaling(null, "Read", 100, 4000, 70)
                .autoScaling("gsi0", "Read", 100, 1000, 70)
                .autoScaling("gsi1", "Read", 100, 1000, 70)
                .underProvisionedReads("gsi0", 10)
                .underProvisionedReads("gsi1", 10);
        // DescribeScalingPolicies: only the 2 under-provisioned GSIs are read (the table's own target is not a
        // cause); one namespace-wide page (10 policies) when that holds every DynamoDB policy of the account, else one
        // call per resource read (the shared local AWS usually holds more).
        long accountPolicies = dynamoDbPolicies();
        long policyReads = accountPolicies <= 10 ? 1 : 1 + 2;

        Map<String, Long> calls = invoke(table);

        assertEquals(budget(Map.of(
                "dynamodb:DescribeContributorInsights", 2L,
                "dynamodb:UpdateContributorInsights", 2L,
                "monitoring:DescribeInsightRules", 1L,
                "application-autoscaling:DescribeScalableTargets", 1L,
                "application-autoscaling:DescribeScalingPolicies", policyReads,
                "application-autoscaling:PutScalingPolicy", 2L,
                "application-autoscaling:RegisterScalableTarget", 2L)), calls,
                "account has " + accountPolicies + " DynamoDB scaling policies");
    }

    /** What every diagnosed ALARM invocation makes, plus the incident's own calls. */
    private static Map<String, Long> budget(Map<String, Long> incident) {
        var calls = new TreeMap<String, Long>(Map.of(
                "dynamodb:DescribeTable", 1L,
                "dynamodb:ListTagsOfResource", 1L,
                "monitoring:GetMetricData", 1L,
                "sns:Publish", 1L));
        calls.putAll(incident);
        return calls;
    }

    /** One ALARM invocation on a fresh handler (a new container), the calls it made. */
    private static Map<String, Long> invoke(TableIncident table) throws Exception {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        String event = Files.readString(root.resolve("events/alarm-lambda-action.json")).replace("orders", table.name());
        Map<String, String> env = Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply",
                "AWS_REGION", aws.region(), "AWS_ENDPOINT_URL", aws.endpoint().toString());
        aws.resetCalls();
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        Map<String, Long> calls = aws.calls();
        JsonNode finding = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("DIAGNOSED", finding.path("outcome").asText(), finding.toString());
        assertTrue(finding.path("causes").size() > 0, finding.toString());
        return calls;
    }

    private static long dynamoDbPolicies() {
        return aws.autoScaling().describeScalingPoliciesPaginator(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalingPolicies().stream().count();
    }

    private static String name(String prefix, int gsis) {
        return prefix + "-" + gsis + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }
}
