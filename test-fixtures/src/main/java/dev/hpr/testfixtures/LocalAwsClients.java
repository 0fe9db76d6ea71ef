package dev.hpr.testfixtures;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClientBuilder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * AWS SDK v2 sync clients and builders pointed at one local AWS: its endpoint, region {@value #REGION}, static
 * credentials testing/testing, {@code UrlConnectionHttpClient}. Each client is built once (default SDK retries) and
 * closed by {@link #close()}. {@link LocalAws} is the facade tests use.
 */
final class LocalAwsClients implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final URI endpoint;
    private final AwsCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private final List<AutoCloseable> built = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private CloudWatchClient cloudWatch;
    private ApplicationAutoScalingClient autoScaling;
    private SnsClient sns;
    private SqsClient sqs;
    private ResourceGroupsTaggingApiClient tagging;

    LocalAwsClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials);
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)));
        return builder;
    }

    DynamoDbClientBuilder dynamoDbBuilder() {
        return configure(DynamoDbClient.builder());
    }

    CloudWatchClientBuilder cloudWatchBuilder() {
        return configure(CloudWatchClient.builder());
    }

    ApplicationAutoScalingClientBuilder autoScalingBuilder() {
        return configure(ApplicationAutoScalingClient.builder());
    }

    SnsClientBuilder snsBuilder() {
        return configure(SnsClient.builder());
    }

    SqsClientBuilder sqsBuilder() {
        return configure(SqsClient.builder());
    }

    ResourceGroupsTaggingApiClientBuilder taggingBuilder() {
        return configure(ResourceGroupsTaggingApiClient.builder());
    }

    synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = keep(dynamoDbBuilder().build());
        }
        return dynamoDb;
    }

    synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = keep(cloudWatchBuilder().build());
        }
        return cloudWatch;
    }

    synchronized ApplicationAutoScalingClient autoScaling() {
        if (autoScaling == null) {
            autoScaling = keep(autoScalingBuilder().build());
        }
        return autoScaling;
    }

    synchronized SnsClient sns() {
        if (sns == null) {
            sns = keep(snsBuilder().build());
        }
        return sns;
    }

    synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = keep(sqsBuilder().build());
        }
        return sqs;
    }

    synchronized ResourceGroupsTaggingApiClient tagging() {
        if (tagging == null) {
            tagging = keep(taggingBuilder().build());
        }
        return tagging;
    }

    private <T extends AutoCloseable> T keep(T client) {
        built.add(client);
        return client;
    }

    /** Closes every client built, best effort. */
    @Override
    public synchronized void close() {
        for (AutoCloseable c : built) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        built.clear();
    }
}
