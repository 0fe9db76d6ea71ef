package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClientBuilder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The local AWS for tests, local runs and benchmarks: {@code test-fixtures/local_aws/local_aws.py} (moto 5.2.1 plus
 * extensions) in a child process on a free port of 127.0.0.1, and AWS SDK v2 clients pointed at it.
 *
 * <p>Tests use {@link #shared()}: one process for the whole JVM, stopped by a shutdown hook (its {@link #close()} does
 * nothing). {@link #start()} gives a private instance that {@link #close()} stops. Call {@link #resetAll()} between
 * tests that must not see each other's tables, counts, faults or seeds.
 *
 * <p>Call keys are {@code <signing service>:<Operation>}: {@code dynamodb:DescribeTable},
 * {@code monitoring:GetMetricData}, {@code application-autoscaling:DescribeScalingPolicies}, {@code sns:Publish},
 * {@code sqs:ReceiveMessage}, {@code tagging:GetResources}. SDK retries are separate calls and are counted.
 *
 * <p>A facade over one part per job: {@link LocalAwsProcess} (the child process), {@link LocalAwsClients} (the SDK
 * clients and builders), {@link LocalAwsControls} (counts, faults, held replies, seeds, throttling, reset) and
 * {@link DynamoDbMetrics} (loading datapoints).
 */
public final class LocalAws implements AutoCloseable {

    /** The region every client uses. */
    public static final String REGION = LocalAwsClients.REGION;
    /** {@code times} value for {@link #failNext}: fail every call until {@link #clearFaults()}. */
    public static final int ALWAYS = LocalAwsControls.ALWAYS;
    /** {@code hold} value for {@link #holdReply}: hold the reply until {@link #releaseHeldReplies()} or {@link #resetAll()}. */
    public static final Duration UNTIL_RELEASED = LocalAwsControls.UNTIL_RELEASED;
    /** Most datums one PutMetricData takes (CloudWatch API Reference: "no more than 1000 metrics per call"). */
    public static final int MAX_DATUMS_PER_PUT = DynamoDbMetrics.MAX_DATUMS_PER_PUT;
    /** What to install when python3 or moto is missing. */
    public static final String INSTALL_HINT = LocalAwsProcess.INSTALL_HINT;
    /** The system property naming the file the shared instance writes the function's calls to at exit. */
    public static final String FUNCTION_CALLS_FILE = "hpr.functionCallsFile";

    private static LocalAws shared;

    /** A key and its value as CloudWatch Contributor Insights reports it for a DynamoDB rule. */
    public record Contributor(List<String> keys, double value) {
        public Contributor {
            keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        }

        /** {@code Contributor.of(120, "customer#42")}; two keys for SKC/SKT rules (partition key, sort key). */
        public static Contributor of(double value, String... keys) {
            return new Contributor(List.of(keys), value);
        }
    }

    private final LocalAwsProcess process;
    private final boolean isShared;
    private final LocalAwsClients clients;
    private final LocalAwsControls controls;
    private final DynamoDbMetrics metrics;

    private LocalAws(LocalAwsProcess process, boolean isShared) {
        this.process = process;
        this.isShared = isShared;
        this.clients = new LocalAwsClients(process.endpoint());
        this.controls = new LocalAwsControls(process.endpoint(), process::diagnostics);
        this.metrics = new DynamoDbMetrics(clients::cloudWatch);
    }

    /**
     * The JVM-wide instance, started on first use and stopped when the JVM exits. With the system property
     * {@value #FUNCTION_CALLS_FILE} set, it first writes there the calls the remediator function made
     * ({@link #functionCalls()}), as JSON: the infra module's IAM simulation checks each of them.
     */
    public static synchronized LocalAws shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = new LocalAws(LocalAwsProcess.launch(), true);
            LocalAws instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.writeFunctionCalls();
                instance.stop();
            }, "local-aws-shutdown"));
        }
        return shared;
    }

    /** A private instance on its own free port; {@link #close()} stops it. */
    public static LocalAws start() {
        LocalAws instance = new LocalAws(LocalAwsProcess.launch(), false);
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "local-aws-shutdown"));
        return instance;
    }

    private void writeFunctionCalls() {
        String file = System.getProperty(FUNCTION_CALLS_FILE);
        if (file == null || file.isBlank() || !process.isAlive()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(functionCalls()));
        } catch (IOException | RuntimeException e) {
            System.err.println("local AWS: could not write the function's calls to " + file + ": " + e);
        }
    }

    /** {@code -Dhpr.repoRoot}, else the nearest directory up from the working directory holding the script. */
    static Path repoRoot() {
        return LocalAwsProcess.repoRoot();
    }

    // ------------------------------------------------------------------------------------------ where and how

    public URI endpoint() {
        return process.endpoint();
    }

    public int port() {
        return process.port();
    }

    public String region() {
        return REGION;
    }

    /** Static credentials testing/testing. */
    public AwsCredentialsProvider credentials() {
        return clients.credentials();
    }

    /** The last lines the server wrote to stderr (for diagnosing a failing test). */
    public String stderr() {
        return process.stderr();
    }

    // ------------------------------------------------------------------------------------------ clients

    /** Points any SDK v2 sync client builder here: endpoint, region, static credentials, UrlConnectionHttpClient. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        return clients.configure(builder);
    }

    public DynamoDbClientBuilder dynamoDbBuilder() {
        return clients.dynamoDbBuilder();
    }

    public CloudWatchClientBuilder cloudWatchBuilder() {
        return clients.cloudWatchBuilder();
    }

    public ApplicationAutoScalingClientBuilder autoScalingBuilder() {
        return clients.autoScalingBuilder();
    }

    public SnsClientBuilder snsBuilder() {
        return clients.snsBuilder();
    }

    public SqsClientBuilder sqsBuilder() {
        return clients.sqsBuilder();
    }

    /** The Resource Groups Tagging API (signing name {@code tagging}: calls count as {@code tagging:GetResources}). */
    public ResourceGroupsTaggingApiClientBuilder taggingBuilder() {
        return clients.taggingBuilder();
    }

    /** A client built once per instance (default SDK retries); closed with a private instance. */
    public DynamoDbClient dynamoDb() {
        return clients.dynamoDb();
    }

    public CloudWatchClient cloudWatch() {
        return clients.cloudWatch();
    }

    public ApplicationAutoScalingClient autoScaling() {
        return clients.autoScaling();
    }

    public SnsClient sns() {
        return clients.sns();
    }

    public SqsClient sqs() {
        return clients.sqs();
    }

    public ResourceGroupsTaggingApiClient tagging() {
        return clients.tagging();
    }

    // ------------------------------------------------------------------------------------------ controls

    /** The control endpoints, for the helpers of this package that add their own (e.g. {@link MetricHistory}). */
    LocalAwsControls controls() {
        return controls;
    }

    /** Calls per {@code <service>:<Operation>} since the last reset (faulted calls included, controls not). */
    public Map<String, Long> calls() {
        return controls.calls();
    }

    /** Calls of one key, e.g. {@code calls("dynamodb:DescribeTable")}; 0 if none. */
    public long calls(String key) {
        return calls().getOrDefault(key, 0L);
    }

    /**
     * The calls the remediator function's own SDK clients made since this local AWS started (their User-Agent says
     * {@code hot-partition-remediator}), per {@code <service>:<Operation>}: never reset, not the tests' set-up calls.
     */
    public Map<String, Long> functionCalls() {
        return controls.functionCalls();
    }

    public void resetCalls() {
        controls.resetCalls();
    }

    /**
     * The metrics the function's own GetMetricData calls requested (User-Agent {@code hot-partition-remediator}):
     * {@code metricStat} (one per MetricStat query) and {@code insightsAnalysed} (metrics its Metrics Insights queries
     * analysed); {@code reset} zeroes them after reading.
     */
    public Map<String, Long> functionMetrics(boolean reset) {
        return controls.functionMetrics(reset);
    }

    /**
     * Makes the next {@code times} calls of {@code operation} fail ({@link #ALWAYS}: every call until
     * {@link #clearFaults()}), in the operation's protocol: JSON {@code __type} for DynamoDB, Application Auto
     * Scaling and SQS; the awsQuery XML {@code ErrorResponse} for CloudWatch and SNS. {@code operation} is
     * {@code "dynamodb:DescribeTable"} or a bare {@code "DescribeTable"} (any service).
     */
    public void failNext(String operation, int times, int status, String code, String message) {
        failNext(operation, times, status, code, message, Map.of());
    }

    /** As {@link #failNext(String, int, int, String, String)}, with extra members in a JSON error body
     *  (e.g. DynamoDB's {@code throttlingReasons}). */
    public void failNext(String operation, int times, int status, String code, String message,
                         Map<String, ?> extraJson) {
        controls.failNext(operation, times, status, code, message, extraJson);
    }

    /**
     * As {@link #failNext(String, int, int, String, String)}, for calls whose body {@code bodyPattern} (a Python
     * regular expression, searched) finds: the raw JSON for JSON protocols (e.g. {@code "CHANGE#} or
     * {@code "TableName":"orders"}), the percent-decoded form for awsQuery (CloudWatch, SNS). Calls it does not find
     * go on and do not use up {@code times}. A null pattern faults every call.
     */
    public void failNext(String operation, int times, int status, String code, String message, String bodyPattern) {
        controls.failNext(operation, times, status, code, message, bodyPattern);
    }

    /**
     * The next {@code times} calls of {@code operation} ({@link #ALWAYS}: every one until {@link #clearFaults()})
     * whose body {@code bodyPattern} finds (null: any body) are applied as usual, then their reply is held for
     * {@code hold} ({@link #UNTIL_RELEASED}: until {@link #releaseHeldReplies()} or {@link #resetAll()}) before it is
     * sent. Other calls are served meanwhile. For a test that kills a client after AWS acted: see
     * {@link #awaitHeldReply}.
     */
    public void holdReply(String operation, int times, Duration hold, String bodyPattern) {
        controls.holdReply(operation, times, hold, bodyPattern);
    }

    /**
     * A body pattern that finds {@code text} as it is: every ASCII character other than a letter, digit or {@code _}
     * backslash-escaped, which Python's {@code re} reads as the character itself (Java's {@code Pattern.quote} gives
     * {@code \Q…\E}, which Python refuses).
     */
    public static String literal(String text) {
        return LocalAwsControls.literal(text);
    }

    /** The replies held now, oldest first. */
    public List<HeldReply> heldReplies() {
        return controls.heldReplies();
    }

    /**
     * Waits until a reply to {@code operation} (call key or bare operation) is held, and returns it (the oldest):
     * the call was applied and its client is still waiting. Throws IllegalStateException after {@code timeout},
     * naming the calls counted so far.
     */
    public HeldReply awaitHeldReply(String operation, Duration timeout) {
        return controls.awaitHeldReply(operation, timeout);
    }

    /** Sends every held reply now; returns how many. */
    public int releaseHeldReplies() {
        return controls.releaseHeldReplies();
    }

    /** Clears every fault (fail and hold); replies already held stay held ({@link #releaseHeldReplies()}). */
    public void clearFaults() {
        controls.clearFaults();
    }

    /**
     * What {@code GetInsightRuleReport} answers for the rule of kind {@code ruleKind} (PKC, PKT, SKC, SKT) of the
     * table or index, whatever its generated name. Replaces earlier seeds for the same rule; may come before
     * Contributor Insights is enabled. The rule itself exists only while Contributor Insights is ENABLED in a mode
     * that creates it.
     */
    public void seedContributors(String table, String indexOrNull, String ruleKind, List<Contributor> contributors) {
        controls.seedContributors(table, indexOrNull, ruleKind, contributors);
    }

    /**
     * The region's Contributor Insights rule quota (default 100, as CloudWatch's): a DynamoDB ENABLE whose rules would
     * pass it ends FAILED with LimitExceededException; DescribeInsightRules lists DynamoDB's rules with moto's.
     */
    public void insightRuleQuota(int quota) {
        controls.insightRuleQuota(quota);
    }

    /** The next ENABLE of Contributor Insights on this table/index ends FAILED with LimitExceededException. */
    public void failNextContributorInsightsEnable(String table, String indexOrNull) {
        controls.failNextContributorInsightsEnable(table, indexOrNull);
    }

    /**
     * Throttles DynamoDB requests that touch chosen partition keys, as AWS does when one partition's limit is
     * exceeded: HTTP 400 {@code ProvisionedThroughputExceededException} (or the rule's exception) with a
     * {@code ThrottlingReasons} list ({@code reason} {@code TableWriteKeyRangeThroughputExceeded} and the like,
     * {@code resource} the table or index ARN), which the SDK exposes as {@code throttlingReasons()}. BatchWriteItem is
     * processed partially: throttled requests come back in {@code UnprocessedItems}; the call fails only when all
     * of its requests are throttled. Rules add up until {@link #clearKeyThrottling()} or {@link #resetAll()}.
     */
    public void throttleKeys(KeyThrottle throttle) {
        controls.throttleKeys(throttle);
    }

    /** Throttles every request of {@code operations} (all emulated ones when none) on these partition keys. */
    public void throttleKeys(String table, List<String> keys, String... operations) {
        throttleKeys(KeyThrottle.of(table, keys).operations(operations));
    }

    /** Requests (and BatchWriteItem request items) throttled by {@link #throttleKeys} rules since they were set. */
    public long keyThrottled() {
        return controls.keyThrottled();
    }

    /** Removes every {@link #throttleKeys} rule. */
    public void clearKeyThrottling() {
        controls.clearKeyThrottling();
    }

    /** Clears everything: extension state (counts, faults, seeds, Contributor Insights; held replies are sent) and moto's own state. */
    public void resetAll() {
        controls.resetAll();
    }

    // ------------------------------------------------------------------------------------------ metrics

    /**
     * Loads an incident's metric: one {@code AWS/DynamoDB} datapoint a minute of {@code metricName} for the table (or
     * its GSI), for {@code minutes} whole minutes ending {@code endMinutesAgo} minutes before now.
     */
    public void putDynamoDbMetric(String table, String indexOrNull, String metricName, double value, int minutes,
                                  int endMinutesAgo) {
        metrics.putMinutes(table, indexOrNull, metricName, value, minutes, endMinutesAgo);
    }

    /**
     * Loads many {@code AWS/DynamoDB} datapoints at once (e.g. a fleet of tables for Metrics Insights): in
     * PutMetricData calls of up to {@link #MAX_DATUMS_PER_PUT} datums, in the order given. Returns the number of calls.
     */
    public int putDynamoDbMetrics(List<MetricDatum> data) {
        return metrics.put(data, MAX_DATUMS_PER_PUT);
    }

    /**
     * One datapoint of a DynamoDB metric: {@code dynamoDbDatum("ThrottledRequests", 3, at, "TableName", "orders",
     * "Operation", "PutItem")} (dimension names and values in pairs).
     */
    public static MetricDatum dynamoDbDatum(String metricName, double value, Instant at,
                                            String... dimensionNamesAndValues) {
        return DynamoDbMetrics.datum(metricName, value, at, dimensionNamesAndValues);
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Stops a private instance; does nothing on {@link #shared()} (a shutdown hook stops that one). */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    private void stop() {
        clients.close();
        process.stop();
    }
}
