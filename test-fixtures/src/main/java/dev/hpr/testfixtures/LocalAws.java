package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
public final class LocalAws implements AutoCloseable {

    /** The region every client uses. */
    public static final String REGION = "us-east-1";
    /** {@code times} value for {@link #failNext}: fail every call until {@link #clearFaults()}. */
    public static final int ALWAYS = -1;
    /** {@code hold} value for {@link #holdReply}: hold the reply until {@link #releaseHeldReplies()} or {@link #resetAll()}. */
    public static final Duration UNTIL_RELEASED = Duration.ofSeconds(-1);
    /** Most datums one PutMetricData takes (CloudWatch API Reference: "no more than 1000 metrics per call"). */
    public static final int MAX_DATUMS_PER_PUT = 1000;

    /** What to install when python3 or moto is missing. */
    public static final String INSTALL_HINT =
            "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'";

    private static final String SCRIPT = "test-fixtures/local_aws/local_aws.py";
    private static final String READY = "LOCAL_AWS_READY port=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private final Process process;
    private final int port;
    private final URI endpoint;
    private final boolean isShared;
    private final Deque<String> stderrTail;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AwsCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private final List<AutoCloseable> clients = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private CloudWatchClient cloudWatch;
    private ApplicationAutoScalingClient autoScaling;
    private SnsClient sns;
    private SqsClient sqs;
    private ResourceGroupsTaggingApiClient tagging;
    private volatile boolean closed;

    private LocalAws(Process process, int port, Deque<String> stderrTail, boolean isShared) {
        this.process = process;
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.stderrTail = stderrTail;
        this.isShared = isShared;
    }

    /**
     * The JVM-wide instance, started on first use and stopped when the JVM exits. With the system property
     * {@value #FUNCTION_CALLS_FILE} set, it first writes there the calls the remediator function made
     * ({@link #functionCalls()}), as JSON: the infra module's IAM simulation checks each of them.
     */
    public static synchronized LocalAws shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = launch(true);
            LocalAws instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.writeFunctionCalls();
                instance.stop();
            }, "local-aws-shutdown"));
        }
        return shared;
    }

    /** The system property naming the file the shared instance writes the function's calls to at exit. */
    public static final String FUNCTION_CALLS_FILE = "hpr.functionCallsFile";

    private void writeFunctionCalls() {
        String file = System.getProperty(FUNCTION_CALLS_FILE);
        if (file == null || file.isBlank() || !process.isAlive()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(functionCalls()));
        } catch (IOException | RuntimeException e) {
            System.err.println("local AWS: could not write the function's calls to " + file + ": " + e);
        }
    }

    /** A private instance on its own free port; {@link #close()} stops it. */
    public static LocalAws start() {
        LocalAws instance = launch(false);
        Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "local-aws-shutdown"));
        return instance;
    }

    private static LocalAws launch(boolean isShared) {
        Path script = repoRoot().resolve(SCRIPT);
        String python = System.getenv().getOrDefault("HPR_PYTHON", "python3");
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE); // closing it (or our death) makes the server exit
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + python + "' (set HPR_PYTHON to the interpreter). "
                    + INSTALL_HINT, e);
        }
        Deque<String> stderrTail = new ArrayDeque<>();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        boolean echo = Boolean.getBoolean("hpr.localAws.verbose");
        daemon("local-aws-stdout", () -> {
            try (BufferedReader r = reader(process.getInputStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(READY)) {
                        ready.complete(Integer.parseInt(line.substring(READY.length()).trim()));
                    } else if (echo) {
                        System.out.println("[local-aws] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("local AWS closed its output before it was ready"));
        });
        daemon("local-aws-stderr", () -> {
            try (BufferedReader r = reader(process.getErrorStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        while (stderrTail.size() > 200) {
                            stderrTail.removeFirst();
                        }
                    }
                    if (echo) {
                        System.err.println("[local-aws] " + line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        int port;
        try {
            port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the local AWS", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS); // let stderr drain
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            String err = tail(stderrTail);
            String hint = err.contains(INSTALL_HINT) ? "" : "\n(if python3 or moto is missing: " + INSTALL_HINT + ")";
            throw new IllegalStateException("the local AWS (" + python + " " + script + ") did not become ready in "
                    + START_TIMEOUT.toSeconds() + " s" + exitInfo(process) + "; its stderr:\n" + err + hint, e);
        }
        return new LocalAws(process, port, stderrTail, isShared);
    }

    private static String exitInfo(Process p) {
        return p.isAlive() ? "" : " (exit code " + p.exitValue() + ")";
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static String tail(Deque<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** {@code -Dhpr.repoRoot}, else the nearest directory up from the working directory holding the script. */
    static Path repoRoot() {
        String prop = System.getProperty("hpr.repoRoot");
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve(SCRIPT))) {
                throw new IllegalStateException("hpr.repoRoot=" + prop + " has no " + SCRIPT);
            }
            return p;
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " above " + Paths.get("").toAbsolutePath()
                + "; set -Dhpr.repoRoot=<repository root>");
    }

    // ------------------------------------------------------------------------------------------ where and how

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    public String region() {
        return REGION;
    }

    /** Static credentials testing/testing. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The last lines the server wrote to stderr (for diagnosing a failing test). */
    public String stderr() {
        return tail(stderrTail);
    }

    /** Points any SDK v2 sync client builder here: endpoint, region, static credentials, UrlConnectionHttpClient. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials);
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)));
        return builder;
    }

    public DynamoDbClientBuilder dynamoDbBuilder() {
        return configure(DynamoDbClient.builder());
    }

    public CloudWatchClientBuilder cloudWatchBuilder() {
        return configure(CloudWatchClient.builder());
    }

    public ApplicationAutoScalingClientBuilder autoScalingBuilder() {
        return configure(ApplicationAutoScalingClient.builder());
    }

    public SnsClientBuilder snsBuilder() {
        return configure(SnsClient.builder());
    }

    public SqsClientBuilder sqsBuilder() {
        return configure(SqsClient.builder());
    }

    /** The Resource Groups Tagging API (signing name {@code tagging}: calls count as {@code tagging:GetResources}). */
    public ResourceGroupsTaggingApiClientBuilder taggingBuilder() {
        return configure(ResourceGroupsTaggingApiClient.builder());
    }

    /** A client built once per instance (default SDK retries); closed with a private instance. */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = keep(dynamoDbBuilder().build());
        }
        return dynamoDb;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = keep(cloudWatchBuilder().build());
        }
        return cloudWatch;
    }

    public synchronized ApplicationAutoScalingClient autoScaling() {
        if (autoScaling == null) {
            autoScaling = keep(autoScalingBuilder().build());
        }
        return autoScaling;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = keep(snsBuilder().build());
        }
        return sns;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = keep(sqsBuilder().build());
        }
        return sqs;
    }

    public synchronized ResourceGroupsTaggingApiClient tagging() {
        if (tagging == null) {
            tagging = keep(taggingBuilder().build());
        }
        return tagging;
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        return client;
    }

    // ------------------------------------------------------------------------------------------ controls

    /** Calls per {@code <service>:<Operation>} since the last reset (faulted calls included, controls not). */
    public Map<String, Long> calls() {
        JsonNode calls = control("calls", null).path("calls");
        Map<String, Long> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = calls.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
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
        JsonNode calls = control("calls/function", null).path("calls");
        Map<String, Long> out = new TreeMap<>();
        calls.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    public void resetCalls() {
        control("calls/reset", null);
    }

    /**
     * The metrics the function's own GetMetricData calls requested (User-Agent {@code hot-partition-remediator}):
     * {@code metricStat} (one per MetricStat query) and {@code insightsAnalysed} (metrics its Metrics Insights queries
     * analysed); {@code reset} zeroes them after reading.
     */
    public Map<String, Long> functionMetrics(boolean reset) {
        ObjectNode body = JSON.createObjectNode();
        body.put("reset", reset);
        JsonNode metrics = control("metrics/function", body).path("metrics");
        Map<String, Long> out = new TreeMap<>();
        metrics.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
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
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", operation);
        body.put("times", times);
        body.put("status", status);
        body.put("code", code);
        body.put("message", message == null ? "" : message);
        body.set("extra", JSON.valueToTree(extraJson == null ? Map.of() : extraJson));
        control("faults", body);
    }

    /**
     * As {@link #failNext(String, int, int, String, String)}, for calls whose body {@code bodyPattern} (a Python
     * regular expression, searched) finds: the raw JSON for JSON protocols (e.g. {@code "CHANGE#} or
     * {@code "TableName":"orders"}), the percent-decoded form for awsQuery (CloudWatch, SNS). Calls it does not find
     * go on and do not use up {@code times}. A null pattern faults every call.
     */
    public void failNext(String operation, int times, int status, String code, String message, String bodyPattern) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", operation);
        body.put("times", times);
        body.put("status", status);
        body.put("code", code);
        body.put("message", message == null ? "" : message);
        if (bodyPattern != null) {
            body.put("match", bodyPattern);
        }
        control("faults", body);
    }

    /**
     * The next {@code times} calls of {@code operation} ({@link #ALWAYS}: every one until {@link #clearFaults()})
     * whose body {@code bodyPattern} finds (null: any body) are applied as usual, then their reply is held for
     * {@code hold} ({@link #UNTIL_RELEASED}: until {@link #releaseHeldReplies()} or {@link #resetAll()}) before it is
     * sent. Other calls are served meanwhile. For a test that kills a client after AWS acted: see
     * {@link #awaitHeldReply}.
     */
    public void holdReply(String operation, int times, Duration hold, String bodyPattern) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", operation);
        body.put("times", times);
        body.put("mode", "hold");
        if (hold != null && !hold.isNegative()) {
            body.put("seconds", hold.toMillis() / 1000.0);
        }
        if (bodyPattern != null) {
            body.put("match", bodyPattern);
        }
        control("faults", body);
    }

    /**
     * A body pattern that finds {@code text} as it is: every ASCII character other than a letter, digit or {@code _}
     * backslash-escaped, which Python's {@code re} reads as the character itself (Java's {@code Pattern.quote} gives
     * {@code \Q…\E}, which Python refuses).
     */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (char c : text.toCharArray()) {
            if (c < 128 && !Character.isLetterOrDigit(c) && c != '_') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The replies held now, oldest first. */
    public List<HeldReply> heldReplies() {
        List<HeldReply> out = new ArrayList<>();
        control("faults/held", null).path("held").forEach(n -> out.add(HeldReply.fromControl(n)));
        return out;
    }

    /**
     * Waits until a reply to {@code operation} (call key or bare operation) is held, and returns it (the oldest):
     * the call was applied and its client is still waiting. Throws IllegalStateException after {@code timeout},
     * naming the calls counted so far.
     */
    public HeldReply awaitHeldReply(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (HeldReply h : heldReplies()) {
                if (h.isFor(operation)) {
                    return h;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no reply to " + operation + " held within " + timeout
                        + "; held: " + heldReplies() + "; calls: " + calls());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a held reply to " + operation, e);
            }
        }
    }

    /** Sends every held reply now; returns how many. */
    public int releaseHeldReplies() {
        return control("faults/release", null).path("released").asInt();
    }

    /** Clears every fault (fail and hold); replies already held stay held ({@link #releaseHeldReplies()}). */
    public void clearFaults() {
        control("faults/clear", null);
    }

    /**
     * What {@code GetInsightRuleReport} answers for the rule of kind {@code ruleKind} (PKC, PKT, SKC, SKT) of the
     * table or index, whatever its generated name. Replaces earlier seeds for the same rule; may come before
     * Contributor Insights is enabled. The rule itself exists only while Contributor Insights is ENABLED in a mode
     * that creates it.
     */
    public void seedContributors(String table, String indexOrNull, String ruleKind, List<Contributor> contributors) {
        ObjectNode body = JSON.createObjectNode();
        body.put("table", table);
        if (indexOrNull != null) {
            body.put("index", indexOrNull);
        }
        body.put("ruleKind", ruleKind);
        ArrayNode list = body.putArray("contributors");
        for (Contributor c : contributors) {
            ObjectNode n = list.addObject();
            ArrayNode keys = n.putArray("keys");
            c.keys().forEach(keys::add);
            n.put("value", c.value());
        }
        control("contributors", body);
    }

    /** The next ENABLE of Contributor Insights on this table/index ends FAILED with LimitExceededException. */
    /**
     * The region's Contributor Insights rule quota (default 100, as CloudWatch's): a DynamoDB ENABLE whose rules would
     * pass it ends FAILED with LimitExceededException; DescribeInsightRules lists DynamoDB's rules with moto's.
     */
    public void insightRuleQuota(int quota) {
        ObjectNode body = JSON.createObjectNode();
        body.put("quota", quota);
        control("insight-rules/quota", body);
    }

    public void failNextContributorInsightsEnable(String table, String indexOrNull) {
        ObjectNode body = JSON.createObjectNode();
        body.put("table", table);
        if (indexOrNull != null) {
            body.put("index", indexOrNull);
        }
        control("contributor-insights/fail-next-enable", body);
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
        control("throttle-keys", JSON.valueToTree(throttle.toControl()));
    }

    /** Throttles every request of {@code operations} (all emulated ones when none) on these partition keys. */
    public void throttleKeys(String table, List<String> keys, String... operations) {
        throttleKeys(KeyThrottle.of(table, keys).operations(operations));
    }

    /** Requests (and BatchWriteItem request items) throttled by {@link #throttleKeys} rules since they were set. */
    public long keyThrottled() {
        return control("throttle-keys/list", null).path("throttled").asLong();
    }

    /** Removes every {@link #throttleKeys} rule. */
    public void clearKeyThrottling() {
        control("throttle-keys/clear", null);
    }

    /** Clears everything: extension state (counts, faults, seeds, Contributor Insights; held replies are sent) and moto's own state. */
    public void resetAll() {
        control("reset", null);
        post("/moto-api/reset", "");
    }

    private JsonNode control(String name, JsonNode body) {
        String text = post("/_local_aws/" + name, body == null ? "{}" : body.toString());
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String post(String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("local AWS control " + path + " answered " + resp.statusCode()
                        + ": " + resp.body());
            }
            return resp.body();
        } catch (IOException e) {
            throw new UncheckedIOException("local AWS control " + path + " failed" + exitInfo(process)
                    + "; stderr:\n" + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        return !closed && process.isAlive();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        clients.clear();
        try {
            process.getOutputStream().close(); // the server exits when its stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy(); // SIGTERM
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Loads an incident's metric: one {@code AWS/DynamoDB} datapoint a minute of {@code metricName} for the table (or
     * its GSI), for {@code minutes} whole minutes ending {@code endMinutesAgo} minutes before now.
     */
    public void putDynamoDbMetric(String table, String indexOrNull, String metricName, double value, int minutes,
                                  int endMinutesAgo) {
        java.time.Instant end = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .minus(endMinutesAgo, java.time.temporal.ChronoUnit.MINUTES);
        String[] dimensions = indexOrNull == null ? new String[] {"TableName", table}
                : new String[] {"TableName", table, "GlobalSecondaryIndexName", indexOrNull};
        var data = new ArrayList<software.amazon.awssdk.services.cloudwatch.model.MetricDatum>();
        for (int i = 1; i <= minutes; i++) {
            data.add(dynamoDbDatum(metricName, value,
                    end.minus(i, java.time.temporal.ChronoUnit.MINUTES).plusSeconds(5), dimensions));
        }
        putDynamoDbMetrics(data, 20);
    }

    /**
     * Loads many {@code AWS/DynamoDB} datapoints at once (e.g. a fleet of tables for Metrics Insights): in
     * PutMetricData calls of up to {@link #MAX_DATUMS_PER_PUT} datums, in the order given. Returns the number of calls.
     */
    public int putDynamoDbMetrics(List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data) {
        return putDynamoDbMetrics(data, MAX_DATUMS_PER_PUT);
    }

    private int putDynamoDbMetrics(List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data,
                                   int perCall) {
        int calls = 0;
        for (int from = 0; from < data.size(); from += perCall) {
            var batch = data.subList(from, Math.min(data.size(), from + perCall));
            cloudWatch().putMetricData(b -> b.namespace("AWS/DynamoDB").metricData(batch));
            calls++;
        }
        return calls;
    }

    /**
     * One datapoint of a DynamoDB metric: {@code dynamoDbDatum("ThrottledRequests", 3, at, "TableName", "orders",
     * "Operation", "PutItem")} (dimension names and values in pairs).
     */
    public static software.amazon.awssdk.services.cloudwatch.model.MetricDatum dynamoDbDatum(
            String metricName, double value, java.time.Instant at, String... dimensionNamesAndValues) {
        if (dimensionNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("dimension names and values come in pairs");
        }
        var dimensions = new ArrayList<software.amazon.awssdk.services.cloudwatch.model.Dimension>();
        for (int i = 0; i < dimensionNamesAndValues.length; i += 2) {
            dimensions.add(software.amazon.awssdk.services.cloudwatch.model.Dimension.builder()
                    .name(dimensionNamesAndValues[i]).value(dimensionNamesAndValues[i + 1]).build());
        }
        return software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName(metricName)
                .value(value).timestamp(at).dimensions(dimensions).build();
    }
}
