package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import java.util.List;


import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.TopicAttributes;
import software.constructs.Construct;

/**
 * The stack the StackSet deploys into every member account and region: the remediator in tagged protection (no table
 * is named: each account's owners tag theirs), its function named the same everywhere, its code read from the
 * region's code bucket, its findings published to the hub's topic. Its parameters are what the StackSet passes:
 * {@value #HUB_TOPIC_ARN}, {@value #HUB_KEY_ARN}, {@value #HUB_APPROVAL_ROLE_ARN} and {@value #ORGANIZATION_ID}.
 *
 * <p>Synthesized with {@link BootstraplessSynthesizer}: no bootstrap version rule or parameter and no file assets,
 * so member accounts need no {@code cdk bootstrap} (the synthesizer refuses any asset: the code comes from
 * {@code Code.fromBucket}). The template has no named IAM resource, so {@code CAPABILITY_IAM} suffices.
 */
final class OrganizationMember {

    static final String HUB_TOPIC_ARN = "HubTopicArn";
    static final String HUB_KEY_ARN = "HubKeyArn";
    static final String HUB_APPROVAL_ROLE_ARN = "HubApprovalRoleArn";
    static final String ORGANIZATION_ID = "OrganizationId";
    /** The alias permission's construct ID: the hub's approvals. */
    static final String HUB_APPROVALS = "HubApprovals";

    private OrganizationMember() {
    }

    /**
     * @param remediator the remediation settings (mode, thresholds, ...); protection, topic, code and function name
     *                   are set here
     * @param codeKey    the jar's key in every region's code bucket (content-hashed: a new jar is a new template)
     */
    static Stack create(Construct scope, String id, OrganizationStackSetProps org,
                        HotPartitionRemediatorProps.Builder remediator, String codeKey) {
        Stack stack = new Stack(scope, id, StackProps.builder()
                .description("hot-partition-remediator (organisation member): finds and fixes DynamoDB hot partitions"
                        + " of the tables tagged hot-partition-remediator; findings go to the organisation's hub")
                .synthesizer(new BootstraplessSynthesizer())
                .build());
        CfnParameter topicArn = CfnParameter.Builder.create(stack, HUB_TOPIC_ARN)
                .type("String")
                .description("The hub's findings topic: every finding of this account and region is published there")
                .allowedPattern(OrganizationStackSetProps.TOPIC_ARN.pattern())
                .build();
        CfnParameter keyArn = CfnParameter.Builder.create(stack, HUB_KEY_ARN)
                .type("String")
                .description("The hub topic's KMS key: the function may use it through SNS to publish")
                .allowedPattern(OrganizationStackSetProps.KEY_ARN.pattern())
                .build();
        CfnParameter approvalRole = CfnParameter.Builder.create(stack, HUB_APPROVAL_ROLE_ARN)
                .type("String")
                .defaultValue("")
                .description("The hub's Slack channel role, the only principal allowed to invoke the function's alias"
                        + " from outside this account (to approve or reject a plan); empty: none")
                .allowedPattern("(|" + OrganizationStackSetProps.ROLE_ARN.pattern() + ")")
                .build();
        CfnParameter organization = CfnParameter.Builder.create(stack, ORGANIZATION_ID)
                .type("String")
                .description("The AWS Organizations ID: the hub's role must belong to it")
                .allowedPattern(OrganizationStackSetProps.ORGANIZATION_ID.pattern())
                .build();

        var hubTopic = Topic.fromTopicAttributes(stack, "HubTopic", TopicAttributes.builder()
                .topicArn(topicArn.getValueAsString())
                .keyArn(keyArn.getValueAsString())
                .build());
        // <prefix>-<region>: the bucket of the region this stack instance is deployed in.
        var codeBucket = Bucket.fromBucketName(stack, "CodeBucket",
                Fn.join("-", List.of(org.codeBucketPrefix(), Aws.REGION)));
        var remediatorConstruct = new HotPartitionRemediator(stack, "Remediator", remediator
                .protection(Protection.TAGGED)
                .findingsTopic(hubTopic)
                .code(Code.fromBucket(codeBucket, codeKey))
                .functionName(org.memberFunctionName())
                .alarmNotifications(false)
                .build());
        // After the function is built: Code.fromBucket warns when the function binds it.
        Annotations.of(codeBucket).acknowledgeWarning("@aws-cdk/aws-lambda:codeFromBucketObjectVersionNotSpecified",
                "The key is the jar's content hash (CodeBucket): a new jar is a new key, so the template changes and"
                        + " CloudFormation updates the function; the code buckets are not versioned.");

        // Approvals from the hub (research B9, path i): the hub's channel role, of this organisation, may invoke the
        // alias; nothing else crosses the account boundary. Lambda's AddPermission: a role ARN as principal, and
        // PrincipalOrgID "grants permissions to all the accounts under this organization" intersected with it.
        var hasApprovalRole = CfnCondition.Builder.create(stack, "HasHubApprovalRole")
                .expression(Fn.conditionNot(Fn.conditionEquals(approvalRole.getValueAsString(), "")))
                .build();
        var permission = CfnPermission.Builder.create(stack, HUB_APPROVALS)
                .action("lambda:InvokeFunction")
                .functionName(remediatorConstruct.getAlias().getFunctionArn())
                .principal(approvalRole.getValueAsString())
                .principalOrgId(organization.getValueAsString())
                .build();
        permission.getCfnOptions().setCondition(hasApprovalRole);
        return stack;
    }
}
