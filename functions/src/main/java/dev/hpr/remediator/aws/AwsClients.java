package dev.hpr.remediator.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place that builds SDK clients, once per container and each only when first used (an alarm about a hot key
 * never builds the Application Auto Scaling client): an explicit region, the lightweight URL-connection HTTP client,
 * the SDK's standard retry strategy (backoff with jitter on throttling and 5xx), the endpoint from
 * {@code AWS_ENDPOINT_URL} when set (the local AWS). Behind {@link Priming}'s guard (while priming, requests carry fake
 * credentials and stop before they are sent), credentials come from the default chain, which SnapStart restores
 * correctly; when the environment holds them (Lambda without SnapStart sets them there) and no system property
 * would take precedence, straight from the environment, the default chain's own answer without building its six
 * providers.
 *
 * <p>A plain-HTTP endpoint (the local AWS) gets the same client without TLS: every request goes there, so the TLS
 * context the SDK would build at once (the JSSE provider, the trust store's certificates) would never be used.
 */
public final class AwsClients implements AutoCloseable {

    /** Added to every request's User-Agent: CloudTrail's userAgent shows the remediator's calls as its own. */
    public static final String USER_AGENT = "hot-partition-remediator";

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials = Priming.guard(credentialsProvider());
    private final Lazy<SdkHttpClient> http = new Lazy<>(this::httpClient);
    private final Lazy<DynamoDbClient> dynamoDb = new Lazy<>(() -> configure(DynamoDbClient.builder()).build());
    private final Lazy<CloudWatchClient> cloudWatch = new Lazy<>(() -> configure(CloudWatchClient.builder()).build());
    private final Lazy<ApplicationAutoScalingClient> autoScaling =
            new Lazy<>(() -> configure(ApplicationAutoScalingClient.builder()).build());
    private final Lazy<SnsClient> sns = new Lazy<>(() -> configure(SnsClient.builder()).build());
    /** SNS clients for topics in other regions (an organisation's hub topic), one per region, built when first used. */
    private final Map<Region, SnsClient> snsElsewhere = new ConcurrentHashMap<>();
    private final Lazy<StsClient> sts = new Lazy<>(() -> configure(StsClient.builder()).build());
    private final Lazy<ResourceGroupsTaggingApiClient> tagging =
            new Lazy<>(() -> configure(ResourceGroupsTaggingApiClient.builder()).build());

    private AwsClients(Region region, Optional<URI> endpoint) {
        this.region = region;
        this.endpoint = endpoint;
    }

    /** From the Lambda environment ({@code AWS_REGION}, optional {@code AWS_ENDPOINT_URL}); builds no client yet. */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        String region = Optional.ofNullable(env.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
                .orElseThrow(() -> new IllegalStateException("AWS_REGION is not set: the clients need an explicit region"));
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
        return create(Region.of(region), endpoint);
    }

    public static AwsClients create(Region region, Optional<URI> endpoint) {
        return new AwsClients(region, endpoint);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http.get())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .addExecutionInterceptor(Priming.STOP_BEFORE_TRANSMISSION)
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Where the default chain would find credentials first: system properties, then the environment. */
    private static AwsCredentialsProvider credentialsProvider() {
        boolean inEnvironment = System.getenv("AWS_ACCESS_KEY_ID") != null
                && System.getenv("AWS_SECRET_ACCESS_KEY") != null;
        boolean inSystemProperties = System.getProperty("aws.accessKeyId") != null;
        return inEnvironment && !inSystemProperties
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }

    private SdkHttpClient httpClient() {
        if (endpoint.map(URI::getScheme).filter("http"::equalsIgnoreCase).isPresent()) {
            return UrlConnectionHttpClient.create(AwsClients::plainConnection);
        }
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECTION_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /** What the SDK's client opens for an {@code http} URI, with the same timeouts. */
    private static HttpURLConnection plainConnection(URI uri) {
        try {
            var connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECTION_TIMEOUT.toMillis());
            connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri, e);
        }
    }

    public Region region() {
        return region;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch.get();
    }

    public ApplicationAutoScalingClient autoScaling() {
        return autoScaling.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    /**
     * SNS in {@code topicRegion}: a topic takes a Publish only at its own region's endpoint (a client of another region
     * is answered {@code InvalidParameter: TopicArn}), so a function publishing to a hub topic elsewhere needs that
     * region's client. The function's own region gets {@link #sns()}.
     */
    public SnsClient sns(Region topicRegion) {
        if (topicRegion.equals(region)) {
            return sns();
        }
        return snsElsewhere.computeIfAbsent(topicRegion, other -> configure(SnsClient.builder()).region(other).build());
    }

    /** STS: only the local CLI's approvals use it. */
    public StsClient sts() {
        return sts.get();
    }

    /** The Resource Groups Tagging API (tagged protection's sweep). */
    public ResourceGroupsTaggingApiClient tagging() {
        return tagging.get();
    }

    @Override
    public void close() {
        dynamoDb.ifBuilt(DynamoDbClient::close);
        cloudWatch.ifBuilt(CloudWatchClient::close);
        autoScaling.ifBuilt(ApplicationAutoScalingClient::close);
        sns.ifBuilt(SnsClient::close);
        snsElsewhere.values().forEach(SnsClient::close);
        sts.ifBuilt(StsClient::close);
        tagging.ifBuilt(ResourceGroupsTaggingApiClient::close);
        http.ifBuilt(SdkHttpClient::close);
    }

    /** Built on first use, once. */
    private static final class Lazy<T> {
        private final Supplier<T> build;
        private T value;

        Lazy(Supplier<T> build) {
            this.build = build;
        }

        synchronized T get() {
            if (value == null) {
                value = build.get();
            }
            return value;
        }

        synchronized void ifBuilt(java.util.function.Consumer<T> use) {
            if (value != null) {
                use.accept(value);
            }
        }
    }
}
