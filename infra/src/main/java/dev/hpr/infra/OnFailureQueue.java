package dev.hpr.infra;

import java.util.List;

import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alias's on-failure destination: an SQS queue, with only what Lambda needs of the function's role to send to it,
 * {@code sqs:SendMessage} on the queue (Lambda Developer Guide, "Adding a destination": "for Amazon SQS, sqs:SendMessage").
 * aws-cdk-lib's {@code SqsDestination} also grants GetQueueAttributes and GetQueueUrl, which Lambda does not use.
 */
final class OnFailureQueue implements IDestination {

    private final IQueue queue;

    OnFailureQueue(IQueue queue) {
        this.queue = queue;
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction fn) {
        return bind(scope, fn, null);
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction fn, DestinationOptions options) {
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("OnFailureDestination")
                .effect(Effect.ALLOW)
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .build());
        return DestinationConfig.builder().destination(queue.getQueueArn()).build();
    }
}
