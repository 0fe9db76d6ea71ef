package dev.hpr.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.chatbot.CfnCustomAction;
import software.amazon.awscdk.services.chatbot.CfnSlackChannelConfiguration;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The Slack channel the findings go to (Amazon Q Developer in chat applications), with an Approve and a Reject button
 * on every finding that offers a plan for approval.
 *
 * <p>Each button is a custom action ({@code AWS::Chatbot::CustomAction}) that runs
 * {@value #APPROVE_COMMAND} with the function, the payload and the region taken from the notification's
 * {@code additionalContext} (which the function writes: {@code approveFunction}, {@code approvePayload} /
 * {@code rejectPayload}, {@code region}); its criteria show it only on notifications that carry a payload. The
 * command fits the API's limit ({@value #COMMAND_TEXT_LIMIT} characters for {@code CommandText}; botocore's chatbot
 * model, {@code CustomActionDefinition}); the function refuses any plan that does not await approval, so a button
 * pressed twice, late, or on a crafted notification changes nothing.
 *
 * <p>The channel's role may do one thing: {@code lambda:InvokeFunction} on the aliases given. The guardrail policies
 * are set explicitly to that same permission: without them AWS applies {@code AdministratorAccess} ("The AWS managed
 * AdministratorAccess policy is applied by default if this is not set", botocore chatbot model,
 * {@code CreateSlackChannelConfigurationRequest.GuardrailPolicyArns}), and what a channel member can run is the
 * intersection of the guardrails and the role. Notifications themselves need no permission.
 */
public final class ApprovalChannel extends Construct {

    /** The command of the Approve button; Reject differs only in its payload variable. */
    static final String APPROVE_COMMAND = "lambda invoke --function-name $fn --payload $payload --region $region";
    /** {@code CustomActionDefinition.CommandText}: "max": 100 in the chatbot API model. */
    static final int COMMAND_TEXT_LIMIT = 100;
    /** Where a custom notification's values are read from, for a custom action's variables. */
    private static final String CONTEXT = "event.metadata.additionalContext.";

    private final SlackChannelConfiguration channel;
    private final Role role;
    private final CfnCustomAction approve;
    private final CfnCustomAction reject;

    /**
     * @param invokable the function alias ARNs the buttons may invoke (the channel role's only permission)
     */
    public ApprovalChannel(Construct scope, String id, HotPartitionRemediatorProps.SlackChannel slack, ITopic topic,
                           List<String> invokable) {
        super(scope, id);
        var invokeOnly = PolicyStatement.Builder.create()
                .sid("InvokeTheRemediatorToDecideAPlan")
                .effect(Effect.ALLOW)
                .actions(List.of("lambda:InvokeFunction"))
                .resources(invokable)
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("chatbot.amazonaws.com"))
                .description("hot-partition-remediator Slack channel: may only invoke the remediator to approve or"
                        + " reject a plan")
                .inlinePolicies(Map.of("DecidePlans", PolicyDocument.Builder.create()
                        .statements(List.of(invokeOnly)).build()))
                .build();
        var guardrail = ManagedPolicy.Builder.create(this, "Guardrail")
                .description("hot-partition-remediator Slack channel guardrail: nothing but invoking the remediator")
                .statements(List.of(invokeOnly))
                .build();
        String name = slack.configurationName().orElseGet(() -> Names.uniqueResourceName(this,
                UniqueResourceNameOptions.builder().maxLength(128).separator("-").build()));
        this.channel = SlackChannelConfiguration.Builder.create(this, "Channel")
                .slackChannelConfigurationName(name)
                .slackWorkspaceId(slack.workspaceId())
                .slackChannelId(slack.channelId())
                .notificationTopics(List.of(topic))
                .role(role)
                .guardrailPolicies(List.of(guardrail))
                .loggingLevel(LoggingLevel.ERROR)
                .build();
        this.approve = button("Approve", "approvePayload");
        this.reject = button("Reject", "rejectPayload");
        ((CfnSlackChannelConfiguration) channel.getNode().getDefaultChild()).setCustomizationResourceArns(
                List.of(approve.getAttrCustomActionArn(), reject.getAttrCustomActionArn()));
    }

    /** A button that invokes the function with the notification's payload for this decision. */
    private CfnCustomAction button(String label, String payloadKey) {
        // Custom action names are per account (arn:aws:chatbot::<account>:custom-action/<name>): the region keeps the
        // same stack in two regions apart. At most 40 + 1 + 7 + 1 + 14 characters of [A-Za-z0-9_-], within 64.
        String prefix = Names.uniqueResourceName(this, UniqueResourceNameOptions.builder().maxLength(40)
                .separator("-").build());
        var variables = new LinkedHashMap<String, String>();
        variables.put("fn", CONTEXT + "approveFunction");
        variables.put("payload", CONTEXT + payloadKey);
        variables.put("region", CONTEXT + "region");
        return CfnCustomAction.Builder.create(this, label)
                .actionName(Fn.join("-", List.of(prefix, label.toLowerCase(java.util.Locale.ROOT), Aws.REGION)))
                .definition(CfnCustomAction.CustomActionDefinitionProperty.builder()
                        .commandText(APPROVE_COMMAND).build())
                .attachments(List.of(CfnCustomAction.CustomActionAttachmentProperty.builder()
                        .notificationType("Custom")
                        .buttonText(label)
                        .variables(variables)
                        .criteria(List.of(
                                CfnCustomAction.CustomActionAttachmentCriteriaProperty.builder()
                                        .operator("HAS_VALUE").variableName("payload").build(),
                                CfnCustomAction.CustomActionAttachmentCriteriaProperty.builder()
                                        .operator("HAS_VALUE").variableName("fn").build()))
                        .build()))
                .build();
    }

    public SlackChannelConfiguration getChannel() {
        return channel;
    }

    /** The channel's role: {@code lambda:InvokeFunction} on the given aliases, nothing else. */
    public Role getRole() {
        return role;
    }

    public CfnCustomAction getApproveAction() {
        return approve;
    }

    public CfnCustomAction getRejectAction() {
        return reject;
    }
}
