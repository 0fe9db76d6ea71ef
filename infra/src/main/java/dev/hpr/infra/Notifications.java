package dev.hpr.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where findings and alarm notifications go: the given topic, or a new one encrypted with a customer managed key; its
 * email subscriptions; and whether CloudWatch notifies it of an alarm itself. Construct IDs (in the remediator's
 * scope): {@code FindingsTopicKey}, {@code FindingsTopic}.
 *
 * @param alarmActions the alarm actions that notify the topic: none without alarm notifications (a topic in another
 *                     region), where findings reach the topic through the function only
 */
record Notifications(ITopic topic, List<SnsAction> alarmActions) {

    static Notifications create(Construct scope, HotPartitionRemediatorProps props) {
        ITopic topic = props.findingsTopic().orElseGet(() -> createTopic(scope));
        props.emailSubscribers().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        return new Notifications(topic, props.alarmNotifications() ? List.of(new SnsAction(topic)) : List.of());
    }

    /** Has CloudWatch notify the topic when the alarm goes to ALARM (unless alarm notifications are off). */
    void notifyOnAlarm(Alarm alarm) {
        alarmActions.forEach(alarm::addAlarmAction);
    }

    private static ITopic createTopic(Construct scope) {
        Key key = Key.Builder.create(scope, "FindingsTopicKey")
                .description("hot-partition-remediator findings topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // CloudWatch publishes alarm state changes to the encrypted topic: it needs the key (AWS-managed
        // alias/aws/sns cannot grant that, hence a customer managed key).
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTheTopic")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        Topic topic = Topic.Builder.create(scope, "FindingsTopic")
                .displayName("Hot partition remediator findings")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        Stack stack = Stack.of(scope);
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:"
                                + stack.getRegion() + ":" + stack.getAccount() + ":alarm:*")))
                .build());
        return topic;
    }
}
