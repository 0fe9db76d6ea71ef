package dev.hpr.remediator.aws;

import dev.hpr.testfixtures.LocalAws;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A fresh state table in the local AWS, created as the construct creates it (partition key {@code pk}, sort key
 * {@code sk}, both strings, on-demand), for the ports' contract tests. The adapters reach it through a client without
 * SDK retries, so that one fault of the local AWS is one failed call of the adapter.
 */
final class LocalStateTable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static DynamoDbClient client;

    private LocalStateTable() {
    }

    static StateTable create(LocalAws aws, String prefix) {
        String name = prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("sk").attributeType(ScalarAttributeType.S)));
        return new StateTable(() -> client(aws), name);
    }

    private static synchronized DynamoDbClient client(LocalAws aws) {
        if (client == null) {
            client = aws.dynamoDbBuilder()
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        }
        return client;
    }
}
