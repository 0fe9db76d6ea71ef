package dev.hpr.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.OrganizationPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * An organisation's hub, in one account and region: the findings topic every member's function publishes to, its
 * KMS key, the email subscriptions, and the Slack channel whose Approve and Reject buttons invoke a member's alias.
 *
 * <p>Who may do what, and nothing more:
 * <ul>
 *   <li>topic policy: {@code sns:Publish}, to principals of the organisation ({@code aws:PrincipalOrgID}); every
 *       other request over plain HTTP is denied ({@code enforceSSL}). The account's own principals keep what the
 *       default topic policy gives them;</li>
 *   <li>key policy: {@code kms:GenerateDataKey*} and {@code kms:Decrypt}, to principals of the organisation, only
 *       through SNS in the hub's region ({@code kms:ViaService} = {@code sns.<region>.amazonaws.com}): what a
 *       publisher to an encrypted topic needs (SNS Developer Guide, "Encryption at rest", key management); the
 *       account itself administers the key (CDK's default key policy);</li>
 *   <li>the channel's role: {@code lambda:InvokeFunction} on {@code arn:<partition>:lambda:*:*:function:<member
 *       function>:live}, which a member only honours because its own alias's resource policy names this role.</li>
 * </ul>
 */
public final class FindingsHub extends Construct {

    /**
     * @param organizationId     who may publish: the organisation's principals ({@code o-...})
     * @param memberFunctionName the members' function name (its alias {@value HotPartitionRemediator#ALIAS_NAME} is
     *                           what the Slack buttons may invoke)
     * @param emailSubscribers   subscribed to the topic
     * @param slack              the channel with the Approve and Reject buttons, if any
     */
    public record Props(String organizationId, String memberFunctionName, List<String> emailSubscribers,
                        Optional<HotPartitionRemediatorProps.SlackChannel> slack) {
        public Props {
            if (organizationId == null || !OrganizationStackSetProps.ORGANIZATION_ID.matcher(organizationId).matches()) {
                throw new IllegalArgumentException("organizationId must be an AWS Organizations ID (o- and 10-32 of"
                        + " a-z, 0-9), got " + (organizationId == null ? "none" : "'" + organizationId + "'"));
            }
            if (memberFunctionName == null || !memberFunctionName.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("memberFunctionName must be a Lambda function name, got '"
                        + memberFunctionName + "'");
            }
            emailSubscribers = List.copyOf(emailSubscribers);
            Objects.requireNonNull(slack, "slack");
        }
    }

    private final Key key;
    private final Topic topic;
    private final Optional<ApprovalChannel> approvalChannel;

    public FindingsHub(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.key = Key.Builder.create(this, "FindingsTopicKey")
                .description("hot-partition-remediator hub findings topic (every member account publishes through SNS)")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationPublishersThroughSnsOnly")
                .effect(Effect.ALLOW)
                .principals(List.of(new OrganizationPrincipal(props.organizationId())))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of(
                        "kms:ViaService", "sns." + stack.getRegion() + ".amazonaws.com")))
                .build());
        this.topic = Topic.Builder.create(this, "FindingsTopic")
                .displayName("Hot partition remediator findings (organisation)")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationMembersPublish")
                .effect(Effect.ALLOW)
                .principals(List.of(new OrganizationPrincipal(props.organizationId())))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        props.emailSubscribers().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        String members = "arn:" + Aws.PARTITION + ":lambda:*:*:function:" + props.memberFunctionName() + ":"
                + HotPartitionRemediator.ALIAS_NAME;
        this.approvalChannel = props.slack().map(slack -> new ApprovalChannel(this, "SlackChannel", slack, topic,
                List.of(members)));
        approvalChannel.ifPresent(channel -> NagFindings.suppressHubChannel(channel, props.memberFunctionName()));
    }

    /** The topic the members publish to. */
    public Topic getTopic() {
        return topic;
    }

    /** The topic's key: the members' roles need it, through SNS. */
    public Key getKey() {
        return key;
    }

    /** The Slack channel, when the props name one: its role is what members let invoke their alias. */
    public Optional<ApprovalChannel> getApprovalChannel() {
        return approvalChannel;
    }
}
