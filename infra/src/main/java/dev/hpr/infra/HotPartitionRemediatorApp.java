package dev.hpr.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The app {@code cdk deploy} runs: one stack with one {@link HotPartitionRemediator}, configured from CDK context
 * (see {@link AppContext} and the README), checked by cdk-nag's AWS Solutions rules on every synth.
 */
public final class HotPartitionRemediatorApp {

    private HotPartitionRemediatorApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the stack and the cdk-nag checks to {@code app}; returns the stack. */
    public static Stack build(App app) {
        var context = new AppContext(key -> app.getNode().tryGetContext(key));
        Stack stack = new Stack(app, context.stackName(), StackProps.builder()
                .description("hot-partition-remediator: finds and fixes DynamoDB hot partitions")
                .build());
        var props = context.props();
        context.topicArn().ifPresent(arn -> props.findingsTopic(Topic.fromTopicArn(stack, "FindingsTopic", arn)));
        new HotPartitionRemediator(stack, "Remediator", props.build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
