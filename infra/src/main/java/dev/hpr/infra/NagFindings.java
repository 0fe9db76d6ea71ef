package dev.hpr.infra;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The cdk-nag (AwsSolutions) findings this construct accepts, each for one kind of resource or action, with the
 * reason it is right here. Everything else cdk-nag reports fails the synth. Each wildcard is suppressed by a
 * pattern matching only its own shape, so a new wildcard in the policy is reported, not silently accepted.
 */
final class NagFindings {

    static final String IAM5 = "AwsSolutions-IAM5";

    private NagFindings() {
    }

    static void suppress(IRole role, IQueue deadLetterQueue, Function function) {
        NagSuppressions.addResourceSuppressions(role, List.of(
                wildcard("^Resource::\\*$",
                        "Only actions without resource-level permissions get Resource *: cloudwatch:GetMetricData "
                                + "and cloudwatch:ListMetrics (their one resource type, an OpenTelemetry dataset, is "
                                + "not read), "
                                + "cloudwatch:DescribeInsightRules, application-autoscaling:Describe*, and in tagged "
                                + "protection tag:GetResources (Service Authorization Reference: no resource type for "
                                + "these actions). Each with its reason: the IAM simulation's STAR_ACTIONS."),
                wildcard("^Resource::(arn:.+:dynamodb:.+:table/[^/*]+|<[^>]+\\.Arn>)/index/\\*$",
                        "The indexes of a protected table (table/<name>/index/*): DescribeTable, Describe- and "
                                + "UpdateContributorInsights act per GSI (IndexName), and the GSIs are not known at synth "
                                + "for tables given by name."),
                wildcard("^Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:"
                                + "insight-rule/DynamoDBContributorInsights-\\?\\?\\?-.+-\\*-\\?{13}$",
                        "GetInsightRuleReport on the rules DynamoDB creates for a protected table's GSIs: "
                                + "DynamoDBContributorInsights-<kind>-<table>-<index>-<13-digit millis>; the GSIs are not "
                                + "known at synth for tables given by name, and the function reads only the names "
                                + "DescribeContributorInsights returns (DynamoDB Developer Guide, Contributor Insights IAM)."),
                wildcard("^Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:"
                                + "scalable-target/\\*$",
                        "Scalable target ARNs end in an opaque ID that Application Auto Scaling assigns, so no ARN can "
                                + "name a table's target; the statement is limited by the service's condition keys to "
                                + "service-namespace dynamodb and the four DynamoDB capacity dimensions."),
                wildcard("^Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:"
                                + "alarm:TargetTracking-table/.+(-|/index/)\\*$",
                        "The alarms target tracking creates for a protected table or its GSIs are named "
                                + "TargetTracking-table/<name>[/index/<gsi>]-<AlarmHigh|AlarmLow|...>-<uuid>: "
                                + "PutScalingPolicy checks that its caller may manage them, and the statement only allows "
                                + "calls made through Application Auto Scaling (aws:CalledViaLast)."),
                wildcard("^Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/\\*(/index/\\*)?$",
                        "Tagged protection: every table and its indexes, only when tagged hot-partition-remediator ="
                                + " apply, approve or dry-run (aws:ResourceTag condition; DynamoDB's table and index"
                                + " resource types support it, Service Authorization Reference). No table is named at"
                                + " deploy time: a table tagged later is protected without a redeploy."),
                wildcard("^Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:"
                                + "insight-rule/DynamoDBContributorInsights-\\*$",
                        "Tagged protection: GetInsightRuleReport (read) on the rules DynamoDB creates; they carry no"
                                + " table tag, and the function reads only the names DescribeContributorInsights returns"
                                + " for a tagged table."),
                wildcard("^Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:"
                                + "alarm:TargetTracking-table/\\*$",
                        "Tagged protection: the alarms target tracking creates (TargetTracking-table/<name>-...) carry"
                                + " no table tag; only through Application Auto Scaling (aws:CalledViaLast)."),
                wildcard("^Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:\\*$",
                        "cloudwatch:DescribeAlarms only (read): without AlarmNames, as Application Auto Scaling's "
                                + "permission check calls it, CloudWatch authorizes it against every alarm (alarm:*).")),
                /* applyToChildren= */ true);

        NagSuppressions.addResourceSuppressions(deadLetterQueue.getNode().getDefaultChild(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue: the function's on-failure destination for alarm "
                        + "events and scheduled tasks that failed every retry, and the schedules' target dead-letter "
                        + "queue. Its depth alarms to the findings topic; a queue behind it would only move the same "
                        + "messages.")
                .build()));

        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The construct publishes a version (currentVersion) and the alarms invoke its alias, which SnapStart "
                        + "applies to.");
    }

    /** The organisation's code bucket of a region, and the deployment that puts the jar in it. */
    static void suppressCodeBucket(Bucket bucket, BucketDeployment deployment) {
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("The code bucket holds only the remediator's jar, written by this stack's deployment and read by"
                        + " CloudFormation in the organisation's accounts when it creates or updates the function;"
                        + " CloudTrail records those calls (S3 data events, where the organisation's trail logs them),"
                        + " and server access logs would need a log bucket per region for no other reader.")
                .build()), /* applyToChildren= */ true);
        // BucketDeployment's handler: aws-cdk-lib's singleton function, its role and its policy (not ours to shape).
        var handler = deployment.getHandlerRole().getNode().getScope();
        NagSuppressions.addResourceSuppressions(handler, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("aws-cdk-lib's BucketDeployment handler runs with AWSLambdaBasicExecutionRole (its own"
                                + " CloudWatch Logs); it runs only while this stack deploys.")
                        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                + "AWSLambdaBasicExecutionRole"))
                        .build(),
                NagPackSuppression.builder()
                        .id(IAM5)
                        .reason("aws-cdk-lib's BucketDeployment handler copies the jar from this account's CDK asset"
                                + " bucket into the code bucket: grantRead/grantReadWrite give it s3:GetObject*,"
                                + " s3:List* and the like on those two buckets' objects and nothing else.")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Action::s3:.*$/").build(),
                                RegexAppliesTo.builder().regex("/^Resource::.*\\/\\*$/").build()))
                        .build(),
                NagPackSuppression.builder()
                        .id("AwsSolutions-L1")
                        .reason("The runtime of aws-cdk-lib's BucketDeployment handler is the one aws-cdk-lib 2.263.0"
                                + " chose for it; it runs only while this stack deploys.")
                        .build()),
                /* applyToChildren= */ true);
    }

    /** The hub's Slack channel: its role and guardrail name the members' alias in every account and region. */
    static void suppressHubChannel(ApprovalChannel channel, String memberFunctionName) {
        NagSuppressions.addResourceSuppressions(channel, List.of(wildcard(
                "^Resource::arn:<AWS::Partition>:lambda:\\*:\\*:function:" + memberFunctionName
                        + ":" + HotPartitionRemediator.ALIAS_NAME + "$",
                "The hub's Slack buttons invoke the member function's alias live in whichever account and region the"
                        + " finding came from (its ARN is in the notification); only lambda:InvokeFunction, and a member"
                        + " honours it only because its alias's resource policy names this role (with its organisation).")),
                /* applyToChildren= */ true);
    }

    private static NagPackSuppression wildcard(String appliesToRegex, String reason) {
        return NagPackSuppression.builder()
                .id(IAM5)
                .reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/" + appliesToRegex + "/").build()))
                .build();
    }
}
