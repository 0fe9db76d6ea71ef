package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;

/**
 * The organisation's app, synthesized once ({@link SynthesizedOrganization}): the StackSet and its preferences, the
 * member template it carries (the remediator in tagged protection, with its parameters), the code buckets it reads
 * the jar from, and the order they are deployed in. Property values are the CloudFormation API model's
 * ({@code botocore data/cloudformation/2010-05-15}: {@code CreateStackSetInput}, {@code AutoDeployment},
 * {@code StackSetOperationPreferences}, {@code DeploymentTargets}, {@code Capability}).
 */
class OrganizationStackSetTest {

    private final SynthesizedOrganization org = SynthesizedOrganization.get();

    @Test
    void stackSet_isServiceManaged_autoDeploying_withTheOperationPreferencesGiven() {
        org.admin.resourceCountIs("AWS::CloudFormation::StackSet", 1);
        org.admin.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "hot-partition-remediator",
                "PermissionModel", "SERVICE_MANAGED",
                "CallAs", "DELEGATED_ADMIN",
                "AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", true),
                "ManagedExecution", Map.of("Active", true),
                "Capabilities", List.of("CAPABILITY_IAM"),
                "OperationPreferences", Match.objectEquals(Map.of(
                        "ConcurrencyMode", "SOFT_FAILURE_TOLERANCE",
                        "MaxConcurrentPercentage", 50,
                        "FailureToleranceCount", 2,
                        "RegionConcurrencyType", "SEQUENTIAL",
                        "RegionOrder", List.of("eu-west-1", "us-east-1"))),
                "StackInstancesGroup", List.of(Map.of(
                        "DeploymentTargets", Match.objectEquals(Map.of("OrganizationalUnitIds",
                                List.of(SynthesizedOrganization.OU_1, SynthesizedOrganization.OU_2))),
                        "Regions", List.of("us-east-1", "eu-west-1")))));
    }

    @Test
    void stackSet_passesTheHubAndTheOrganisation_asTheMemberTemplatesParameters() {
        org.admin.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("Parameters", List.of(
                parameter("HubTopicArn", SynthesizedOrganization.HUB_TOPIC_ARN),
                parameter("HubKeyArn", SynthesizedOrganization.HUB_KEY_ARN),
                parameter("HubApprovalRoleArn", SynthesizedOrganization.HUB_ROLE_ARN),
                parameter("OrganizationId", SynthesizedOrganization.ORGANIZATION_ID))));
        @SuppressWarnings("unchecked")
        var declared = (Map<String, Map<String, Object>>) org.memberBody.get("Parameters");
        assertEquals(new TreeSet<>(List.of("HubTopicArn", "HubKeyArn", "HubApprovalRoleArn", "OrganizationId")),
                new TreeSet<>(declared.keySet()), "the member template declares exactly what the StackSet passes");
        declared.forEach((name, parameter) -> {
            if (!parameter.containsKey("Default")) {
                assertTrue(List.of("HubTopicArn", "HubKeyArn", "OrganizationId").contains(name), name);
            }
        });
        // Each value passed satisfies the parameter's AllowedPattern (CloudFormation checks it per stack instance).
        Map<String, String> passed = Map.of("HubTopicArn", SynthesizedOrganization.HUB_TOPIC_ARN,
                "HubKeyArn", SynthesizedOrganization.HUB_KEY_ARN, "HubApprovalRoleArn", SynthesizedOrganization.HUB_ROLE_ARN,
                "OrganizationId", SynthesizedOrganization.ORGANIZATION_ID);
        passed.forEach((name, value) -> assertTrue(value.matches((String) declared.get(name).get("AllowedPattern")),
                name + " = " + value));
        assertTrue("".matches((String) declared.get("HubApprovalRoleArn").get("AllowedPattern")), "empty: no approvals");
    }

    @Test
    void stackSetTemplate_isTheMemberStack_inTemplateBody_whichItFits() {
        MemberTemplate member = org.organization.member().orElseThrow();
        assertTrue(org.organization.stackSet().orElseThrow().isTemplateBody());
        assertTrue(member.bytes() <= MemberTemplate.TEMPLATE_BODY_MAX_BYTES, member.bytes() + " bytes");
        org.admin.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("TemplateBody", member.json,
                "TemplateURL", Match.absent()));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.valueToTree(org.member.toJSON()).toString(), json.valueToTree(org.memberBody).toString(),
                "the body is the member stack's template");
        System.out.println("[org] member template: " + member.bytes() + " bytes of TemplateBody's 51,200");
    }

    @Test
    void memberStack_isTheRemediatorInTaggedProtection_publishingToTheHub() {
        org.member.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "hot-partition-remediator",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "PROTECTION", "tagged",
                        "PROTECTED_TABLES", "",
                        "REMEDIATION_MODE", "approve",
                        "FINDINGS_TOPIC_ARN", Map.of("Ref", "HubTopicArn"))))));
        org.member.resourceCountIs("AWS::Lambda::Alias", 1);
        org.member.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        org.member.resourceCountIs("AWS::DynamoDB::Table", 1);
        org.member.resourceCountIs("AWS::Events::Rule", 4);   // revert check, sweep, forecast, fleet alarm's contributors
        // the one fleet alarm of tagged protection, and no topic, key or subscription of its own
        org.member.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Expression", Match.stringLikeRegexp(".*GROUP BY TableName.*")))))));
        for (String type : List.of("AWS::SNS::Topic", "AWS::KMS::Key", "AWS::SNS::Subscription", "AWS::S3::Bucket",
                "AWS::Chatbot::SlackChannelConfiguration")) {
            org.member.resourceCountIs(type, 0);
        }
        org.member.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Sid", "FindingsTopic", "Action", "sns:Publish",
                                "Resource", Map.of("Ref", "HubTopicArn"))),
                        Match.objectLike(Map.of("Sid", "FindingsTopicKey", "Resource", Map.of("Ref", "HubKeyArn"),
                                "Condition", Map.of("StringEquals", Map.of("kms:ViaService", Map.of("Fn::Join",
                                        List.of("", List.of("sns.", Map.of("Fn::Select", List.of(3, Map.of("Fn::Split",
                                                List.of(":", Map.of("Ref", "HubTopicArn"))))), ".amazonaws.com"))))))))))));
    }

    @Test
    void memberAlarms_notifyNoTopic_theHubsIsInAnotherRegion() {
        @SuppressWarnings("unchecked")
        var resources = (Map<String, Map<String, Object>>) org.member.toJSON().get("Resources");
        var alarms = new ArrayList<String>();
        resources.forEach((id, r) -> {
            if ("AWS::CloudWatch::Alarm".equals(r.get("Type"))) {
                alarms.add(id);
                @SuppressWarnings("unchecked")
                var props = (Map<String, Object>) r.get("Properties");
                assertFalse(String.valueOf(props.get("AlarmActions")).contains("HubTopicArn"), id);
            }
        });
        assertEquals(4, alarms.size(), "fleet, dead-letter queue, function errors, actions failed: " + alarms);
    }

    @Test
    void memberStack_needsNoBootstrap_andNoNamedIam() {
        var template = org.memberBody;
        assertFalse(template.containsKey("Rules"), "no CheckBootstrapVersion rule: members are not bootstrapped");
        @SuppressWarnings("unchecked")
        var parameters = (Map<String, Object>) template.get("Parameters");
        assertFalse(parameters.containsKey("BootstrapVersion"));
        assertFalse(org.member.toJSON().toString().contains("cdk-hnb659fds"), "no asset of a bootstrap bucket");
        @SuppressWarnings("unchecked")
        var resources = (Map<String, Map<String, Object>>) template.get("Resources");
        resources.forEach((id, r) -> {
            @SuppressWarnings("unchecked")
            var props = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
            for (String name : List.of("RoleName", "ManagedPolicyName", "UserName", "GroupName", "InstanceProfileName")) {
                assertFalse(props.containsKey(name), id + " has " + name + ": CAPABILITY_NAMED_IAM would be needed");
            }
        });
    }

    @Test
    void memberFunction_readsItsCode_fromItsRegionsBucket_underTheJarsContentHash() {
        String key = org.organization.codeBuckets().get(0).getKey();
        assertTrue(key.matches("hot-partition-remediator/[0-9a-f]{64}\\.jar"), key);
        org.member.hasResourceProperties("AWS::Lambda::Function", Map.of("Code", Map.of(
                "S3Bucket", Map.of("Fn::Join", List.of("-", List.of("hpr-code-example", Map.of("Ref", "AWS::Region")))),
                "S3Key", key)));
        for (CodeBucket bucket : org.organization.codeBuckets()) {
            assertEquals(key, bucket.getKey(), "one key in every region");
        }
    }

    @Test
    void codeBuckets_onePerRegion_readableByTheOrganisationOnly_overTls() {
        assertEquals(List.of("us-east-1", "eu-west-1"), List.copyOf(org.code.keySet()));
        org.code.forEach((region, template) -> {
            template.resourceCountIs("AWS::S3::Bucket", 1);
            template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                    "BucketName", "hpr-code-example-" + region,
                    "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayEquals(List.of(
                            Match.objectLike(Map.of("Effect", "Deny", "Action", "s3:*",
                                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                            Match.objectEquals(Map.of("Sid", "OrganizationReadsTheFunctionCode", "Effect", "Allow",
                                    "Principal", Map.of("AWS", "*"), "Action", "s3:GetObject",
                                    "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID",
                                            SynthesizedOrganization.ORGANIZATION_ID)),
                                    "Resource", Match.anyValue())))))));
        });
    }

    @Test
    void codeBuckets_getTheJar_asIs_underItsKey_keepingOldKeys() {
        String key = org.organization.codeBuckets().get(0).getKey();
        org.code.forEach((region, template) -> template.hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "DestinationBucketKeyPrefix", CodeBucket.KEY_PREFIX,
                "Extract", false,
                "Prune", false,
                "SourceObjectKeys", List.of(key.substring(CodeBucket.KEY_PREFIX.length())))));
    }

    @Test
    void stackSet_isDeployedAfterTheCodeOfEveryRegion_inTheirRegions() {
        Stack admin = org.organization.stackSetStack().orElseThrow();
        assertEquals(new TreeSet<>(List.of("HotPartitionRemediatorCode-eu-west-1", "HotPartitionRemediatorCode-us-east-1")),
                new TreeSet<>(admin.getDependencies().stream().map(Stack::getStackName).toList()));
        for (Stack code : org.organization.codeStacks()) {
            assertEquals(code.getStackName().substring(HotPartitionRemediatorApp.CODE_STACK_PREFIX.length()),
                    code.getRegion());
        }
    }

    private static Map<String, String> parameter(String key, String value) {
        return Map.of("ParameterKey", key, "ParameterValue", value);
    }
}
