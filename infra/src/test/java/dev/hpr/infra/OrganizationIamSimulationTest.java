package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what across the organisation, decided by a third-party IAM policy simulator
 * ({@code @cloud-copilot/iam-simulate}, {@link IamSimulator}) over the synthesized hub and member templates, resolved
 * for a hub account (111122223333, us-east-1) and a member account (444455556666, eu-west-1):
 * <ul>
 *   <li>the hub's topic and key policies alone (the caller's own IAM allowing everything): principals of the
 *       organisation may publish, and use the key through SNS in the hub's region, and nothing more; others nothing;</li>
 *   <li>a member's function role with them: it can publish its findings to the hub, and use the key only so;</li>
 *   <li>the approval path: the hub's channel role may invoke the member's alias, which the member's alias permission
 *       allows to that role of the organisation alone; nothing else of the member's function.</li>
 * </ul>
 * The simulator evaluates resource policies and cross-account requests (both sides must allow); it does not know
 * organisations, so {@code aws:PrincipalOrgID} is given with each request as AWS would set it. The Lambda alias's
 * resource policy is the statement Lambda's AddPermission makes of the member's {@code AWS::Lambda::Permission}
 * ({@code iam-simulation/resolve.mjs}).
 */
class OrganizationIamSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = SynthesizedOrganization.HUB_ACCOUNT;
    private static final String MEMBER = "444455556666";
    private static final String OTHER_MEMBER = "555566667777";
    private static final String ORG = SynthesizedOrganization.ORGANIZATION_ID;
    private static final String OTHER_ORG = "o-otherorg0000";
    private static final String MEMBER_ALIAS = "arn:aws:lambda:eu-west-1:" + MEMBER + ":function:hot-partition-remediator:live";

    private static JsonNode hub;
    private static JsonNode member;
    private static String topic;
    private static String key;

    @BeforeAll
    static void resolve() throws Exception {
        var org = SynthesizedOrganization.get();
        Path dir = SynthesizedApp.buildDir().resolve("iam-simulation-organization");
        String hubRole = logicalIdOf(org.hub.toJSON(), "AWS::IAM::Role");
        hub = IamSimulator.resolve(org.hub.toJSON(), dir.resolve("hub"), HUB, "us-east-1",
                HotPartitionRemediatorApp.HUB_STACK, hubRole, Map.of());
        topic = arnOf(hub, "AWS::SNS::Topic");
        key = arnOf(hub, "AWS::KMS::Key");
        member = IamSimulator.resolve(org.member.toJSON(), dir.resolve("member"), MEMBER, "eu-west-1",
                "StackSet-hot-partition-remediator-0000", null, Map.of(
                        "HubTopicArn", topic, "HubKeyArn", key, "HubApprovalRoleArn", hub.path("role").path("arn").asText(),
                        "OrganizationId", ORG));
    }

    @Test
    void theHubsTopicAndKey_letTheOrganisationPublish_andNothingMore() throws Exception {
        // The caller's own IAM allows everything: what decides is the hub's resource policies.
        var requests = new ArrayList<IamSimulator.Request>();
        Map<String, Object> inOrg = Map.of("aws:PrincipalOrgID", ORG, "aws:SecureTransport", "true");
        requests.add(IamSimulator.Request.allowed("member publishes", "sns:Publish", topic, inOrg));
        requests.add(IamSimulator.Request.denied("another organisation publishes", "sns:Publish", topic,
                Map.of("aws:PrincipalOrgID", OTHER_ORG, "aws:SecureTransport", "true")));
        requests.add(IamSimulator.Request.denied("member publishes over plain HTTP", "sns:Publish", topic,
                Map.of("aws:PrincipalOrgID", ORG, "aws:SecureTransport", "false")));
        for (String action : List.of("sns:Subscribe", "sns:SetTopicAttributes", "sns:AddPermission",
                "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic")) {
            requests.add(IamSimulator.Request.denied("member tries " + action, action, topic, inOrg));
        }
        Map<String, Object> throughSns = Map.of("aws:PrincipalOrgID", ORG, "kms:ViaService", "sns.us-east-1.amazonaws.com");
        requests.add(IamSimulator.Request.allowed("member's data key through SNS", "kms:GenerateDataKey", key, throughSns));
        requests.add(IamSimulator.Request.allowed("member decrypts through SNS", "kms:Decrypt", key, throughSns));
        requests.add(IamSimulator.Request.denied("member's data key directly", "kms:GenerateDataKey", key,
                Map.of("aws:PrincipalOrgID", ORG)));
        requests.add(IamSimulator.Request.denied("member's data key through SNS of another region",
                "kms:GenerateDataKey", key, Map.of("aws:PrincipalOrgID", ORG, "kms:ViaService", "sns.eu-west-1.amazonaws.com")));
        requests.add(IamSimulator.Request.denied("member decrypts through SQS", "kms:Decrypt", key,
                Map.of("aws:PrincipalOrgID", ORG, "kms:ViaService", "sqs.us-east-1.amazonaws.com")));
        requests.add(IamSimulator.Request.denied("another organisation through SNS", "kms:GenerateDataKey", key,
                Map.of("aws:PrincipalOrgID", OTHER_ORG, "kms:ViaService", "sns.us-east-1.amazonaws.com")));
        for (String action : List.of("kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:DescribeKey",
                "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey")) {
            requests.add(IamSimulator.Request.denied("member tries " + action, action, key, throughSns));
        }
        var simulator = IamSimulator.over(composed(allowEverything(), hub.path("resourcePolicies"),
                "arn:aws:sts::" + MEMBER + ":assumed-role/any-role/any-session", HUB), dir("hub-policies"));
        assertAsExpected(simulator.simulate(requests));
    }

    @Test
    void aMembersFunctionRole_publishesItsFindingsToTheHub_andUsesTheKeyOnlyThrough() throws Exception {
        var requests = new ArrayList<IamSimulator.Request>();
        requests.add(IamSimulator.Request.allowed("function publishes to the hub", "sns:Publish", topic,
                Map.of("aws:PrincipalOrgID", ORG, "aws:SecureTransport", "true")));
        requests.add(IamSimulator.Request.allowed("function's data key through the hub's SNS", "kms:GenerateDataKey",
                key, Map.of("aws:PrincipalOrgID", ORG, "kms:ViaService", "sns.us-east-1.amazonaws.com")));
        requests.add(IamSimulator.Request.denied("function's data key through SNS of its own region",
                "kms:GenerateDataKey", key, Map.of("aws:PrincipalOrgID", ORG,
                        "kms:ViaService", "sns.eu-west-1.amazonaws.com")));
        requests.add(IamSimulator.Request.denied("function publishes to another topic of the hub's account",
                "sns:Publish", "arn:aws:sns:us-east-1:" + HUB + ":something-else",
                Map.of("aws:PrincipalOrgID", ORG, "aws:SecureTransport", "true")));
        requests.add(IamSimulator.Request.denied("function subscribes to the hub", "sns:Subscribe", topic,
                Map.of("aws:PrincipalOrgID", ORG, "aws:SecureTransport", "true")));
        var simulator = IamSimulator.over(composed(member.path("policies"), hub.path("resourcePolicies"),
                member.path("role").path("sessionArn").asText(), HUB), dir("member-to-hub"));
        JsonNode report = simulator.simulate(requests);
        assertAsExpected(report);
        assertEquals(List.of(), JSON.convertValue(report.path("policyProblems"), List.class));
    }

    @Test
    void theHubsChannelRole_invokesTheMembersAlias_andNothingElseOfIt() throws Exception {
        assertTrue(member.path("resourcePolicies").has(MEMBER_ALIAS), "the alias has the hub's permission: "
                + member.path("resourcePolicies").fieldNames());
        Map<String, Object> inOrg = Map.of("aws:PrincipalOrgID", ORG);
        var requests = new ArrayList<IamSimulator.Request>();
        requests.add(IamSimulator.Request.allowed("hub approves through the member's alias", "lambda:InvokeFunction",
                MEMBER_ALIAS, inOrg));
        requests.add(IamSimulator.Request.denied("hub's role, outside the organisation", "lambda:InvokeFunction",
                MEMBER_ALIAS, Map.of("aws:PrincipalOrgID", OTHER_ORG)));
        requests.add(IamSimulator.Request.denied("hub invokes the function unqualified", "lambda:InvokeFunction",
                MEMBER_ALIAS.substring(0, MEMBER_ALIAS.lastIndexOf(':')), inOrg));
        requests.add(IamSimulator.Request.denied("hub invokes another function's alias", "lambda:InvokeFunction",
                "arn:aws:lambda:eu-west-1:" + MEMBER + ":function:payments:live", inOrg));
        for (String action : List.of("lambda:UpdateFunctionCode", "lambda:UpdateAlias", "lambda:GetFunction",
                "lambda:AddPermission", "lambda:UpdateFunctionConfiguration")) {
            requests.add(IamSimulator.Request.denied("hub tries " + action, action, MEMBER_ALIAS, inOrg));
        }
        var simulator = IamSimulator.over(composed(hub.path("policies"), member.path("resourcePolicies"),
                hub.path("role").path("sessionArn").asText(), MEMBER), dir("hub-to-member"));
        assertAsExpected(simulator.simulate(requests));
    }

    @Test
    void anotherPrincipalOfTheOrganisation_cannotInvokeTheMembersAlias() throws Exception {
        var requests = List.of(IamSimulator.Request.denied("another member's role invokes the alias",
                "lambda:InvokeFunction", MEMBER_ALIAS, Map.of("aws:PrincipalOrgID", ORG)));
        var simulator = IamSimulator.over(composed(allowEverything(), member.path("resourcePolicies"),
                "arn:aws:sts::" + OTHER_MEMBER + ":assumed-role/any-role/any-session", MEMBER), dir("other-to-member"));
        assertAsExpected(simulator.simulate(requests));
    }

    // ---- helpers ----

    private static Path dir(String name) {
        return SynthesizedApp.buildDir().resolve("iam-simulation-organization").resolve(name);
    }

    /** The principal's identity policies, the resources' policies and account, as simulate.mjs reads them. */
    private static JsonNode composed(JsonNode identityPolicies, JsonNode resourcePolicies, String principal,
                                     String resourceAccount) {
        ObjectNode root = JSON.createObjectNode();
        root.put("account", resourceAccount);
        root.putObject("role").put("sessionArn", principal);
        root.set("policies", identityPolicies);
        root.set("resourcePolicies", resourcePolicies);
        return root;
    }

    private static JsonNode allowEverything() {
        return JSON.valueToTree(List.of(Map.of("name", "caller-may-do-anything", "policy", Map.of(
                "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action", "*", "Resource", "*"))))));
    }

    private static void assertAsExpected(JsonNode report) {
        var wrong = new ArrayList<String>();
        int n = 0;
        for (JsonNode r : report.path("results")) {
            n++;
            if (!r.path("ok").asBoolean()) {
                wrong.add(r.path("label").asText() + ": " + r.path("action").asText() + " " + r.path("resource").asText()
                        + " => " + r.path("result").asText() + " (expected " + r.path("expect").asText() + ") "
                        + r.path("validation") + " " + r.path("details"));
            }
        }
        assertTrue(n > 0, "nothing simulated");
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " request(s) not as expected:\n" + String.join("\n", wrong));
        }
    }

    private static String arnOf(JsonNode resolved, String type) {
        var arns = new ArrayList<String>();
        resolved.path("resources").forEach(r -> {
            if (type.equals(r.path("type").asText())) {
                arns.add(r.path("arn").asText());
            }
        });
        assertEquals(1, arns.size(), type + ": " + arns);
        return arns.get(0);
    }

    private static String logicalIdOf(Map<String, Object> template, String type) {
        @SuppressWarnings("unchecked")
        var resources = (Map<String, Map<String, Object>>) template.get("Resources");
        var ids = resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey)
                .toList();
        assertEquals(1, ids.size(), type + ": " + ids);
        return ids.get(0);
    }
}
