package dev.hpr.remediator.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.remediator.logging.Log;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * An incident for a function run in its own JVM: a protected table (its own name), a state table, a findings topic
 * with a queue subscribed to read findings back, and the function's environment ({@link #env}) in {@code apply} mode
 * unless told otherwise. What the handler package's Incident sets up, for tests of this package.
 */
final class ChaosIncident {

    /** How the deployment names the tables it protects. */
    enum Protection {
        /** {@code PROTECTION=listed}: the table is in {@code PROTECTED_TABLES}; the alarm's direct action. */
        LISTED("alarm-lambda-action.json"),
        /** {@code PROTECTION=tagged}: the table is tagged {@code hot-partition-remediator=apply}, no table is
         *  named; the fleet alarm's contributor event (EventBridge). */
        TAGGED("eventbridge-contributor-state-change.json");

        final String alarmEvent;

        Protection(String alarmEvent) {
            this.alarmEvent = alarmEvent;
        }
    }

    /** The sample events' state timestamps, replaced by {@link #alarm} and {@link #ok}. */
    private static final List<String> SAMPLE_STAMPS = List.of("2026-11-23T03:01:12.345+0000",
            "2026-11-23T03:16:09.702+0000");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** How long a run of the CLI may take before it is killed and the test fails. */
    private static final Duration RUN = Duration.ofSeconds(90);

    final LocalAws aws;
    final String table;
    /** The provisioned table and its metrics; null for a table made by {@link #of}. */
    final TableIncident incident;
    final Protection protection;
    final String stateTable;
    final String queueUrl;
    final Map<String, String> env = new HashMap<>();

    private ChaosIncident(LocalAws aws, TableIncident incident, String table, Protection protection) {
        this.aws = aws;
        this.table = table;
        this.incident = incident;
        this.protection = protection;
        this.stateTable = table + "-state";
        aws.dynamoDb().createTable(b -> b.tableName(stateTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        String topicArn = aws.sns().createTopic(b -> b.name(table + "-findings")).topicArn();
        this.queueUrl = aws.sqs().createQueue(b -> b.queueName(table + "-findings")).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        env.put("FINDINGS_TOPIC_ARN", topicArn);
        env.put("STATE_TABLE_NAME", stateTable);
        env.put("REMEDIATION_MODE", "apply");
        if (protection == Protection.TAGGED) {
            env.put("PROTECTION", "tagged");
            env.put("PROTECTED_TABLES", "");
            String arn = aws.dynamoDb().describeTable(b -> b.tableName(table)).table().tableArn();
            aws.dynamoDb().tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("hot-partition-remediator")
                    .value("apply").build()));
        } else {
            env.put("PROTECTED_TABLES", table);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }

    /**
     * Reads outgrowing a provisioned table (1,000 RCU, 200 WCU) whose read auto scaling (100..1000, target 70) sits
     * at its maximum: 400 read throttles and 60,000 consumed RCU a minute for the last 30 minutes. The alarm path
     * retunes the policy's TargetValue (70 to 60), raises MaxCapacity and enables Contributor Insights.
     */
    static ChaosIncident underProvisionedReads(LocalAws aws, String prefix) {
        return underProvisionedReads(aws, prefix, Protection.LISTED);
    }

    /** The same, protected as {@code protection} says. */
    static ChaosIncident underProvisionedReads(LocalAws aws, String prefix, Protection protection) {
        String table = unique(prefix);
        TableIncident incident = TableIncident.provisioned(aws, table, 1000, 200, 0)
                .autoScaling(null, "Read", 100, 1000, 70)
                .underProvisionedReads(null, 30)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30);
        return new ChaosIncident(aws, incident, table, protection);
    }

    /**
     * A table {@code create} makes under the unique name it is given (an on-demand table, one with a forecast's
     * history), protected by name ({@code PROTECTED_TABLES}).
     */
    static ChaosIncident of(LocalAws aws, String prefix, java.util.function.Consumer<String> create) {
        String table = unique(prefix);
        create.accept(table);
        return new ChaosIncident(aws, null, table, Protection.LISTED);
    }

    /** Sets one of the function's environment variables. */
    ChaosIncident env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The repository's sample event {@code events/<file>}, about this table, written to {@code dir}. */
    Path event(String file, Path dir) throws IOException {
        return Files.writeString(dir.resolve(table + "-" + file), sample(file));
    }

    /** The protection's ALARM event about this table, its state entered at {@code at} (a delivery of its own). */
    Path alarm(Path dir, Instant at) {
        return write(dir, "alarm-" + at.toEpochMilli() + ".json", stamped(sample(protection.alarmEvent), at));
    }

    /** The protection's event of the alarm (or the table's contributor) back to OK at {@code at}. */
    Path ok(Path dir, Instant at) {
        String json = protection == Protection.LISTED ? sample("alarm-lambda-action-ok.json")
                : sample(protection.alarmEvent).replace("\"value\": \"ALARM\"", "\"value\": \"OK\"");
        if (!json.contains("\"OK\"")) {
            throw new IllegalStateException("the sample event has no state to set to OK: " + json);
        }
        return write(dir, "ok-" + at.toEpochMilli() + ".json", stamped(json, at));
    }

    /** A task input ({@code {"task":"revert-check"}}, …) as a file for {@code invoke}. */
    static Path task(Path dir, String task) {
        return write(dir, "task-" + task + ".json", "{\"task\":\"" + task + "\"}");
    }

    /**
     * Handles an event or task file in this JVM, through the alarm function's handler as Lambda runs it (a new
     * container each time), and returns its output: for the steps a chaos test does not put under a fault (a plan
     * offered, the remediation a revert starts from, the alarm's OK), which need no JVM of their own to kill.
     */
    JsonNode handle(Path file) {
        var function = new HashMap<>(env);
        function.put("AWS_REGION", aws.region());
        function.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        var out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            new AlarmHandler(function, Clock.systemUTC(), Log.forRuntime()).handleRequest(in, out, null);
            return JSON.readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the CLI ({@code invoke EVENT.json}, {@code approve PLAN_ID}, …) to its end in a JVM of its own, with this
     * incident's environment: a run a chaos test puts under a fault, or the next one after it.
     */
    FunctionProcess.Exit run(String... args) {
        return FunctionProcess.run(aws, env, RUN, args);
    }

    /**
     * Starts the CLI with {@code args} in a JVM of its own, with this incident's environment, and kills it once the
     * local AWS holds its reply to {@code operation} (a {@code holdReply} the test set): AWS applied the call (status
     * 200, asserted), the function never heard so.
     */
    FunctionProcess.Exit killedWhenHeld(String operation, String... args) {
        try (var function = FunctionProcess.start(aws, env, args)) {
            FunctionProcess.Exit killed = function.killWhenHeld(operation, RUN);
            assertEquals(200, killed.killedOn().status(), "AWS applied it: " + killed);
            return killed;
        }
    }

    /** The table's read target-tracking policy as Application Auto Scaling holds it now. */
    TargetTrackingScalingPolicyConfiguration readPolicy() {
        return aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                        .resourceId("table/" + table).scalableDimension("dynamodb:table:ReadCapacityUnits"))
                .scalingPolicies().get(0).targetTrackingScalingPolicyConfiguration();
    }

    /** The read scalable target's MaxCapacity now. */
    int maxCapacity() {
        return aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                        .resourceIds("table/" + table).scalableDimension("dynamodb:table:ReadCapacityUnits"))
                .scalableTargets().get(0).maxCapacity();
    }

    /** The table's Contributor Insights status now (ENABLED, DISABLED, …). */
    String insightsStatus() {
        return aws.dynamoDb().describeContributorInsights(b -> b.tableName(table)).contributorInsightsStatusAsString();
    }

    /** The three settings the remediation changes, as AWS holds them now, in one comparable line. */
    String settings() {
        return "TargetValue " + readPolicy().targetValue() + ", MaxCapacity " + maxCapacity()
                + ", Contributor Insights " + insightsStatus();
    }

    /** The journal's entries of this table (state table items {@code TABLE#<table>} / {@code CHANGE#…}), oldest first. */
    List<Map<String, AttributeValue>> journal() {
        return aws.dynamoDb().query(b -> b.tableName(stateTable).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TABLE#" + table),
                        ":c", AttributeValue.fromS("CHANGE#")))).items();
    }

    /** The journal as {@code type -> [status, …]} (entries of a type oldest first): what a person reading it sees. */
    Map<String, List<String>> journalStatuses() {
        var statuses = new TreeMap<String, List<String>>();
        journal().forEach(item -> statuses.computeIfAbsent(item.get("type").s(), t -> new ArrayList<>())
                .add(item.get("status").s()));
        return statuses;
    }

    /** The entry of the one change of {@code type}; fails when there is not exactly one. */
    Map<String, AttributeValue> entry(String type) {
        var entries = journal().stream().filter(i -> type.equals(i.get("type").s())).toList();
        if (entries.size() != 1) {
            throw new AssertionError("expected one journal entry of " + type + ", found " + entries);
        }
        return entries.get(0);
    }

    /** The state table's item of a plan offered for approval. */
    Map<String, AttributeValue> planItem(String planId) {
        return aws.dynamoDb().getItem(b -> b.tableName(stateTable).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("PLAN#" + planId), "sk", AttributeValue.fromS("PLAN")))).item();
    }

    /**
     * Waits until nobody holds the table's lock: a killed function's lock holds until its {@code lockedUntil}
     * ({@code LOCK_SECONDS} after it was taken), as in AWS; the next invocation can take it only after that.
     */
    void awaitLockFree(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var lock = aws.dynamoDb().getItem(b -> b.tableName(stateTable).consistentRead(true).key(Map.of(
                    "pk", AttributeValue.fromS("TABLE#" + table), "sk", AttributeValue.fromS("LOCK")))).item();
            if (lock.isEmpty() || Long.parseLong(lock.get("lockedUntil").n()) < Instant.now().getEpochSecond()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("table " + table + " still locked after " + timeout + ": " + lock);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Findings published since the last call (each the SNS envelope's Message, parsed), oldest first. */
    List<JsonNode> published() {
        var all = new ArrayList<JsonNode>();
        while (true) {
            var batch = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (var message : batch) {
                try {
                    all.add(JSON.readTree(JSON.readTree(message.body()).path("Message").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private String sample(String file) {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        try {
            return Files.readString(root.resolve("events").resolve(file)).replace("orders", table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stamped(String json, Instant at) {
        String stamp = STAMP.format(at);
        for (String sample : SAMPLE_STAMPS) {
            json = json.replace(sample, stamp);
        }
        return json;
    }

    private static Path write(Path dir, String name, String json) {
        try {
            return Files.writeString(dir.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
