package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import dev.hpr.testfixtures.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Sets up an incident in the local AWS with the real SDK: a table (with GSIs, tags, auto scaling), the metrics of a
 * throttling incident over the last hour, Contributor Insights with seeded throttled keys, and a findings topic
 * with an SQS subscription to read findings back. Each incident has its own table and topic names.
 */
final class Incident {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final LocalAws aws;
    final String table;
    final String topicArn;
    final String queueUrl;
    final Map<String, String> env = new HashMap<>();

    Incident(LocalAws aws, String prefix) {
        this.aws = aws;
        this.table = prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100000;
        this.topicArn = aws.sns().createTopic(b -> b.name(table + "-findings")).topicArn();
        this.queueUrl = aws.sqs().createQueue(b -> b.queueName(table + "-findings")).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        env.put("FINDINGS_TOPIC_ARN", topicArn);
        env.put("REMEDIATION_MODE", "apply");
        env.put("AWS_REGION", aws.region());
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
    }

    Incident provisionedTable(long read, long write, Map<String, String> tags, String... gsis) {
        var gsiList = new ArrayList<GlobalSecondaryIndex>();
        var attributes = new ArrayList<AttributeDefinition>();
        attributes.add(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
        for (String gsi : gsis) {
            attributes.add(AttributeDefinition.builder().attributeName(gsi + "Key").attributeType(ScalarAttributeType.S).build());
            gsiList.add(GlobalSecondaryIndex.builder().indexName(gsi)
                    .keySchema(KeySchemaElement.builder().attributeName(gsi + "Key").keyType(KeyType.HASH).build())
                    .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                    .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build())
                    .build());
        }
        aws.dynamoDb().createTable(b -> {
            b.tableName(table).billingMode(BillingMode.PROVISIONED)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(attributes)
                    .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build())
                    .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
            if (!gsiList.isEmpty()) {
                b.globalSecondaryIndexes(gsiList);
            }
        });
        return this;
    }

    Incident onDemandTable(Map<String, String> tags) {
        aws.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        return this;
    }

    /** An on-demand table with an OnDemandThroughput maximum ({@code -1}: none) for reads and writes. */
    Incident onDemandTable(long maxRead, long maxWrite) {
        aws.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .onDemandThroughput(o -> o.maxReadRequestUnits(maxRead).maxWriteRequestUnits(maxWrite)));
        return this;
    }

    /** The table's OnDemandThroughput as DescribeTable reports it: read, then write. */
    long[] onDemandMaximum() {
        var throughput = aws.dynamoDb().describeTable(b -> b.tableName(table)).table().onDemandThroughput();
        return new long[] {throughput.maxReadRequestUnits(), throughput.maxWriteRequestUnits()};
    }

    /** The state table's item of a plan offered for approval. */
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> planItem(String planId) {
        return aws.dynamoDb().getItem(b -> b.tableName(env.get("STATE_TABLE_NAME")).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PLAN#" + planId),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PLAN")))).item();
    }

    /** A scalable target and a target-tracking policy for the table (or a GSI) and operation. */
    Incident autoScaling(String index, String operation, int min, int max, double target, Integer scaleOut, Integer scaleIn) {
        String resourceId = resourceId(index);
        String dimension = dimension(index, operation);
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId).scalableDimension(dimension).minCapacity(min).maxCapacity(max));
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(table + "-" + operation.toLowerCase() + "-scaling").resourceId(resourceId)
                .scalableDimension(dimension).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target)
                        .scaleOutCooldown(scaleOut).scaleInCooldown(scaleIn).disableScaleIn(false)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(
                                "Read".equals(operation) ? MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION
                                        : MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION))));
        return this;
    }

    /** Puts one value per minute for the last {@code minutes} minutes, ending {@code endMinutesAgo} minutes ago. */
    Incident metric(String index, String metricName, double value, int minutes, int endMinutesAgo) {
        aws.putDynamoDbMetric(table, index, metricName, value, minutes, endMinutesAgo);
        return this;
    }

    Incident contributorInsights(String index, String mode) {
        aws.dynamoDb().updateContributorInsights(b -> b.tableName(table).indexName(index)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE).contributorInsightsMode(mode));
        return this;
    }

    Incident throttledKeys(String index, LocalAws.Contributor... contributors) {
        aws.seedContributors(table, index, "PKT", List.of(contributors));
        return this;
    }

    /** A state table (pk/sk, as the construct creates it) for dedupe, locks, cooldowns, audit and revert. */
    /** Makes the table a global table with replicas in these Regions (UpdateTable ReplicaUpdates). */
    Incident replicas(String... regions) {
        aws.dynamoDb().updateTable(b -> b.tableName(table).replicaUpdates(java.util.Arrays.stream(regions)
                .map(r -> software.amazon.awssdk.services.dynamodb.model.ReplicationGroupUpdate.builder()
                        .create(c -> c.regionName(r)).build()).toList()));
        return this;
    }

    Incident withStateTable() {
        String name = table + "-state";
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        env.put("STATE_TABLE_NAME", name);
        env.put("PROTECTED_TABLES", table);
        return this;
    }

    /** The audit trail's change items of this table, oldest first. */
    List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> changes() {
        return aws.dynamoDb().query(b -> b.tableName(env.get("STATE_TABLE_NAME"))
                .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
                .expressionAttributeValues(Map.of(
                        ":pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TABLE#" + table),
                        ":c", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CHANGE#")))).items();
    }

    /** The sample event with its new state's timestamp set: another delivery of another state change. */
    String eventAt(String file, Instant stateChangedAt) throws IOException {
        String json = event(file);
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .withZone(java.time.ZoneOffset.UTC).format(stateChangedAt);
        return json.replace("2026-11-23T03:01:12.345+0000", stamp).replace("2026-11-23T03:16:09.702+0000", stamp);
    }

    Incident env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The sample event from events/, about this incident's table. */
    String event(String file) throws IOException {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        String json = Files.readString(root.resolve("events").resolve(file));
        return json.replace("orders", table);
    }

    /** Invokes the handler as Lambda does: a fresh handler (a new container), the event as a stream. */
    String invoke(String eventJson) throws IOException {
        return invokeAt(eventJson, Clock.systemUTC());
    }

    /** The same, with the function's clock at another time (a plan expiring). */
    String invokeAt(String eventJson, Clock clock) throws IOException {
        return invoke(eventJson, clock, null);
    }

    /** The same, as the runtime invokes it through an alias: the context names the invoked ARN. */
    String invokeAs(String eventJson, String invokedFunctionArn) throws IOException {
        return invoke(eventJson, Clock.systemUTC(), RuntimeContext.invokedAs(invokedFunctionArn));
    }

    private String invoke(String eventJson, Clock clock, com.amazonaws.services.lambda.runtime.Context context)
            throws IOException {
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, clock, Log.forRuntime()).handleRequest(
                new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Findings published so far (the SNS envelopes' messages, i.e. the default payloads). */
    List<Message> findings() {
        var all = new ArrayList<Message>();
        while (true) {
            var batch = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
    }

    ScalingPolicy policy(String index, String operation) {
        return aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId(index)).scalableDimension(dimension(index, operation))).scalingPolicies().get(0);
    }

    int maxCapacity(String index, String operation) {
        return aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds(resourceId(index)).scalableDimension(dimension(index, operation)))
                .scalableTargets().get(0).maxCapacity();
    }

    String insightsStatus(String index) {
        return aws.dynamoDb().describeContributorInsights(b -> b.tableName(table).indexName(index))
                .contributorInsightsStatusAsString();
    }

    private String resourceId(String index) {
        return index == null ? "table/" + table : "table/" + table + "/index/" + index;
    }

    private static String dimension(String index, String operation) {
        return "dynamodb:" + (index == null ? "table" : "index") + ":" + operation + "CapacityUnits";
    }
}
