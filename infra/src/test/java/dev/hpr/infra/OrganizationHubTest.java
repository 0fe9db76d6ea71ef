package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The hub stack of the organisation's app: the findings topic and its key, open to the organisation's principals for
 * publishing alone (what that allows and denies is simulated in {@link OrganizationIamSimulationTest}), the email and
 * Slack subscriptions, the buttons that may invoke only the members' alias, and the outputs the StackSet takes.
 */
class OrganizationHubTest {

    private static final Map<String, Object> MEMBERS_ALIAS = Map.of("Fn::Join", List.of("", List.of("arn:",
            Map.of("Ref", "AWS::Partition"), ":lambda:*:*:function:hot-partition-remediator:live")));

    private final SynthesizedOrganization org = SynthesizedOrganization.get();

    @Test
    void topicPolicy_letsTheOrganisationPublish_overTlsOnly_andNothingElse() {
        org.hub.resourceCountIs("AWS::SNS::Topic", 1);
        org.hub.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        org.hub.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayEquals(List.of(
                        Match.objectEquals(Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Principal", "*",
                                "Action", "sns:Publish", "Resource", Match.anyValue(),
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Match.objectEquals(Map.of("Sid", "OrganizationMembersPublish", "Effect", "Allow",
                                "Principal", Map.of("AWS", "*"), "Action", "sns:Publish", "Resource", Match.anyValue(),
                                "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID",
                                        SynthesizedOrganization.ORGANIZATION_ID)))))))));
    }

    @Test
    void keyPolicy_letsTheOrganisationUseTheKey_throughSnsInTheHubsRegionOnly() {
        org.hub.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true, "KeyPolicy", Map.of(
                "Statement", Match.arrayEquals(List.of(
                        Match.objectLike(Map.of("Action", "kms:*", "Principal", Map.of("AWS", Map.of("Fn::Join",
                                List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":iam::",
                                        Map.of("Ref", "AWS::AccountId"), ":root")))))),
                        Match.objectEquals(Map.of("Sid", "OrganizationPublishersThroughSnsOnly", "Effect", "Allow",
                                "Principal", Map.of("AWS", "*"), "Resource", "*",
                                "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                                "Condition", Map.of("StringEquals", Map.of(
                                        "aws:PrincipalOrgID", SynthesizedOrganization.ORGANIZATION_ID,
                                        "kms:ViaService", Map.of("Fn::Join", List.of("", List.of("sns.",
                                                Map.of("Ref", "AWS::Region"), ".amazonaws.com"))))))))))));
    }

    @Test
    void slackButtons_mayInvokeOnlyTheMembersAlias_andTheGuardrailIsTheSame() {
        org.hub.resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 1);
        org.hub.resourceCountIs("AWS::Chatbot::CustomAction", 2);
        var invokeOnly = Match.objectEquals(Map.of("Sid", "InvokeTheRemediatorToDecideAPlan", "Effect", "Allow",
                "Action", "lambda:InvokeFunction", "Resource", MEMBERS_ALIAS));
        org.hub.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of("PolicyName", "DecidePlans",
                "PolicyDocument", Map.of("Statement", List.of(invokeOnly), "Version", "2012-10-17")))));
        org.hub.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument",
                Map.of("Statement", List.of(invokeOnly), "Version", "2012-10-17")));
        org.hub.hasResourceProperties("AWS::Chatbot::CustomAction", Map.of("Definition",
                Map.of("CommandText", ApprovalChannel.APPROVE_COMMAND)));
    }

    @Test
    void hub_subscribesTheEmail_andOutputsWhatTheStackSetTakes() {
        org.hub.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "platform@example.com"));
        @SuppressWarnings("unchecked")
        var outputs = (Map<String, Object>) org.hub.toJSON().get("Outputs");
        assertEquals(new TreeSet<>(List.of("FindingsTopicArn", "FindingsKeyArn", "ApprovalRoleArn")),
                new TreeSet<>(outputs.keySet()));
        assertTrue(String.valueOf(outputs.get("ApprovalRoleArn")).contains("HubSlackChannelRole"));
        org.hub.resourceCountIs("AWS::Lambda::Function", 0);
        org.hub.resourceCountIs("AWS::CloudWatch::Alarm", 0);
    }
}
