package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * {@code PROTECTION=tagged} end to end against the local AWS, through the fleet alarm's contributor event
 * (EventBridge "CloudWatch Alarm Contributor State Change"): a table tagged after deployment is remediated on its
 * first alarm; an untagged table and one tagged {@code off} are refused with nothing changed and nothing published;
 * the tag is the table's mode, capped by the deployment's.
 */
class TaggedProtectionEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "eventbridge-contributor-state-change.json";
    private static LocalAws aws;

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void clearFaults() {
        aws.clearFaults();
        aws.resetCalls();
    }

    /** Reads outgrowing capacity at MaxCapacity with a slow policy: the full under-provisioned fix. */
    private static Incident underProvisioned(String prefix, String deploymentMode) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ReadThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 60, 0)
                .env("PROTECTION", "tagged")
                .env("REMEDIATION_MODE", deploymentMode);
    }

    private static void tag(Incident incident, String value) {
        String arn = aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().tableArn();
        aws.dynamoDb().tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("hot-partition-remediator")
                .value(value).build()));
    }

    private static long writes() {
        return aws.calls("application-autoscaling:PutScalingPolicy")
                + aws.calls("application-autoscaling:RegisterScalableTarget")
                + aws.calls("dynamodb:UpdateContributorInsights");
    }

    @Test
    void tableTaggedAfterDeployment_isRemediatedOnItsFirstAlarm() throws Exception {
        // given a deployment in tagged mode, and a table tagged apply after it (no redeploy)
        var incident = underProvisioned("tagged-later", "apply");
        tag(incident, "apply");
        aws.resetCalls();

        // when the fleet alarm's contributor for that table goes to ALARM
        JsonNode finding = JSON.readTree(incident.invoke(incident.event(EVENT)));

        // then it is diagnosed and remediated in the tag's mode
        assertEquals("DIAGNOSED", finding.path("outcome").asText(), finding.toString());
        assertEquals("UNDER_PROVISIONED", finding.path("causes").get(0).path("cause").asText());
        assertEquals(60.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        assertEquals(1, incident.findings().size(), "published");
    }

    @Test
    void untaggedTable_isRefused_nothingChanged_nothingPublished() throws Exception {
        var incident = underProvisioned("untagged", "apply");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event(EVENT)));
        var calls = new TreeMap<>(aws.calls());

        assertEquals("REFUSED", finding.path("outcome").asText(), finding.toString());
        assertTrue(finding.toString().contains("has no tag hot-partition-remediator"), finding.toString());
        assertEquals(0, writes());
        assertEquals(0, incident.findings().size(), "a refusal of the fleet alarm's untagged table is not published");
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        // only the table's description and tags were read
        var expected = new TreeMap<String, Long>(Map.of("dynamodb:DescribeTable", 1L, "dynamodb:ListTagsOfResource", 1L));
        assertEquals(expected, calls);
    }

    @Test
    void tableTheTagConditionedRoleCannotRead_isRefused_nothingChanged_nothingPublished() throws Exception {
        // given a table the role may not read: in AWS the ABAC condition denies DescribeTable on a table without the
        // tag (the local AWS does not evaluate IAM, so the denial is injected, in DynamoDB's error shape)
        var incident = underProvisioned("abac-denied", "apply");
        tag(incident, "apply");
        aws.failNext("dynamodb:DescribeTable", 1, 400, "AccessDeniedException", "User: arn:aws:sts::111122223333:"
                + "assumed-role/remediator/fn is not authorized to perform: dynamodb:DescribeTable on resource: "
                + incident.table + " because no identity-based policy allows the dynamodb:DescribeTable action");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event(EVENT)));

        assertEquals("REFUSED", finding.path("outcome").asText(), finding.toString());
        assertTrue(finding.path("headline").asText().contains("could not be read (AccessDeniedException)"),
                finding.toString());
        assertEquals(0, writes());
        assertEquals(0, aws.calls("monitoring:GetMetricData"), "no metric read for a table it may not read");
        assertEquals(0, incident.findings().size(), "not published: the fleet alarm names every table of the region");
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
    }

    @Test
    void tagOff_isRefused() throws Exception {
        var incident = underProvisioned("tag-off", "apply");
        tag(incident, "off");
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event(EVENT)));

        assertEquals("REFUSED", finding.path("outcome").asText(), finding.toString());
        assertTrue(finding.toString().contains("tagged hot-partition-remediator=off"), finding.toString());
        assertEquals(0, writes());
        assertEquals(0, incident.findings().size());
    }

    /** The safer of the tag and the deployment wins: a dry-run tag in an apply deployment, an Apply tag in a dry run. */
    @ParameterizedTest(name = "deployment {0}, tag {1}")
    @CsvSource({"apply, dry-run", "dry-run, Apply"})
    void theTableRunsInTheSaferOfItsTagAndTheDeployment_aDryRunChangesNothing(String deployment, String tagValue)
            throws Exception {
        var incident = underProvisioned("tag-" + deployment + "-" + tagValue.toLowerCase(java.util.Locale.ROOT),
                deployment);
        tag(incident, tagValue);
        aws.resetCalls();

        JsonNode finding = JSON.readTree(incident.invoke(incident.event(EVENT)));

        assertEquals("DIAGNOSED", finding.path("outcome").asText(), finding.toString());
        assertEquals("dry-run", finding.path("mode").asText(), finding.toString());
        assertEquals(0, writes());
    }

    @Test
    void okContributor_drivesTheRevert_ofATaggedTable() throws Exception {
        // given a tagged table remediated on its contributor's ALARM, with the state table the construct creates
        var incident = underProvisioned("tagged-revert", "apply").withStateTable().env("PROTECTED_TABLES", "");
        tag(incident, "apply");
        incident.invoke(incident.event(EVENT));
        incident.findings();
        assertEquals(60.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        // and its contributor back to OK 61 minutes ago
        incident.invoke(incident.eventAt(EVENT, java.time.Instant.now().minus(java.time.Duration.ofMinutes(61)))
                .replace("\"value\": \"ALARM\"", "\"value\": \"OK\""));

        // when the revert check runs (no table named anywhere)
        incident.invoke("{\"task\":\"revert-check\"}");

        // then what it changed is restored, and the table leaves the revert check's index
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(1000, incident.maxCapacity(null, "Read"));
        incident.changes().forEach(c -> assertEquals("REVERTED", c.get("status").s(), c.toString()));
        incident.invoke("{\"task\":\"revert-check\"}");
        var index = aws.dynamoDb().query(b -> b.tableName(incident.env.get("STATE_TABLE_NAME"))
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CHANGED_TABLES")))).items();
        assertEquals(0, index.size(), index.toString());
    }
}
