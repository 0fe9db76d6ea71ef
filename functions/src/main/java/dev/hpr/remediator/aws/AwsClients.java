package dev.hpr.remediator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The one place that builds SDK clients: once per container, with an explicit region, the lightweight
 * URL-connection HTTP client, the SDK's standard retry strategy (backoff with jitter on throttling and 5xx), and
 * the endpoint from {@code AWS_ENDPOINT_URL} when set (the local AWS). Credentials come from the default chain,
 * which SnapStart restores correctly.
 */
public record AwsClients(
        Region region,
        DynamoDbClient dynamoDb,
        CloudWatchClient cloudWatch,
        ApplicationAutoScalingClient autoScaling,
        SnsClient sns) implements AutoCloseable {

    /** Builds the clients from the Lambda environment ({@code AWS_REGION}, optional {@code AWS_ENDPOINT_URL}). */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        String region = Optional.ofNullable(env.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
                .orElseThrow(() -> new IllegalStateException("AWS_REGION is not set: the clients need an explicit region"));
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
        return create(Region.of(region), endpoint);
    }

    public static AwsClients create(Region region, Optional<URI> endpoint) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofSeconds(60))
                .build();
        var dynamoDb = DynamoDbClient.builder().region(region).httpClient(http).overrideConfiguration(overrides);
        var cloudWatch = CloudWatchClient.builder().region(region).httpClient(http).overrideConfiguration(overrides);
        var autoScaling = ApplicationAutoScalingClient.builder().region(region).httpClient(http).overrideConfiguration(overrides);
        var sns = SnsClient.builder().region(region).httpClient(http).overrideConfiguration(overrides);
        endpoint.ifPresent(uri -> {
            dynamoDb.endpointOverride(uri);
            cloudWatch.endpointOverride(uri);
            autoScaling.endpointOverride(uri);
            sns.endpointOverride(uri);
        });
        return new AwsClients(region, dynamoDb.build(), cloudWatch.build(), autoScaling.build(), sns.build());
    }

    @Override
    public void close() {
        dynamoDb.close();
        cloudWatch.close();
        autoScaling.close();
        sns.close();
    }
}
