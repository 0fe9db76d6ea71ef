package dev.hpr.remediator.perf;

import dev.hpr.remediator.logging.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The benchmark's scenarios against a private local AWS, each returning the AWS calls it made per operation: one
 * ALARM invocation on a table with N GSIs (a hot key, or under-provisioned reads), and a fleet sweep of N tables.
 */
final class ApiCallScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Calls per operation, and what the scenario covered. */
    record Counted(String name, int tables, Map<String, Long> calls, long millis, String note) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final LocalAws aws;
    private final Path root;
    private final String topicArn;
    private int sequence;

    ApiCallScenarios(LocalAws aws, Path root) {
        this.aws = aws;
        this.root = root;
        this.topicArn = aws.sns().createTopic(b -> b.name("benchmark-findings")).topicArn();
    }

    String topicArn() {
        return topicArn;
    }

    /** A celebrity key throttling the table's writes, Contributor Insights on: the invocation changes nothing. */
    TableIncident hotKeyTable(int gsis) {
        return TableIncident.provisioned(aws, "hot-" + gsis + "-" + (++sequence), 2000, 3000, gsis)
                .contributorInsights(null, "THROTTLED_KEYS")
                .throttledKeys(null, LocalAws.Contributor.of(3300, "customer#celebrity-42"),
                        LocalAws.Contributor.of(120, "customer#1187"))
                .hotKeyWrites(null, 10);
    }

    /** Reads outgrowing the table's capacity at MaxCapacity, Contributor Insights off: the fullest remediation. */
    TableIncident underProvisionedTable(int gsis) {
        return TableIncident.provisioned(aws, "under-" + gsis + "-" + (++sequence), 1000, 200, gsis)
                .autoScaling(null, "Read", 100, 1000, 70)
                .underProvisionedReads(null, 10);
    }

    /**
     * A key throttling the table's writes with Contributor Insights off: the invocation makes one change (enables
     * Contributor Insights), which the journal writes as an intent before and settles after.
     */
    TableIncident oneChangeTable() {
        return TableIncident.provisioned(aws, "change-" + (++sequence), 2000, 3000, 2).hotKeyWrites(null, 10);
    }

    /** A state table as the construct creates it (pk/sk, on demand); returns its name. */
    String stateTable() {
        String name = "benchmark-state-" + (++sequence);
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        return name;
    }

    /** The status of each journal entry of {@code table} in {@code stateTable}. */
    List<String> journalStatuses(String stateTable, String table) {
        return aws.dynamoDb().query(b -> b.tableName(stateTable).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TABLE#" + table),
                                ":c", AttributeValue.fromS("CHANGE#"))))
                .items().stream().map(item -> item.get("status").s()).toList();
    }

    Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("FINDINGS_TOPIC_ARN", topicArn);
        env.put("REMEDIATION_MODE", "apply");
        env.put("AWS_REGION", aws.region());
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        return env;
    }

    String alarmEvent(String table) throws IOException {
        return Files.readString(root.resolve("events/alarm-lambda-action.json")).replace("orders", table);
    }

    /** One ALARM invocation on a fresh handler (a new container). */
    Counted alarm(String name, TableIncident table) throws IOException {
        String event = alarmEvent(table.name());
        aws.resetCalls();
        long started = System.nanoTime();
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env(), Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode finding = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        return new Counted(name, 1, aws.calls(), millis, finding.path("outcome").asText() + ": "
                + finding.path("headline").asText());
    }

    /**
     * A sweep of {@code tables} tables with 2 GSIs each, in an empty account. Every table scales its reads and writes
     * (so the account holds 2 policies per table). In every ten tables, two throttle past the detection rule: a hot
     * key on the table's writes with Contributor Insights on (table 3, 13, …) and reads outgrowing the table at
     * MaxCapacity with Contributor Insights off (table 7, 17, …). Every fleet has the same mix, so calls per table
     * compare across sizes.
     */
    Counted sweep(int tables) throws IOException {
        aws.resetAll();
        String topic = aws.sns().createTopic(b -> b.name("benchmark-findings")).topicArn();
        var names = new ArrayList<String>();
        for (int i = 0; i < tables; i++) {
            String name = String.format("fleet-%03d", i);
            names.add(name);
            var table = TableIncident.provisioned(aws, name, 1000, 200, 2)
                    .autoScaling(null, "Read", 100, i % 10 == 7 ? 1000 : 4000, 70)
                    .autoScaling(null, "Write", 50, 1000, 70);
            if (i % 10 == 3) {
                table.contributorInsights(null, "THROTTLED_KEYS")
                        .throttledKeys(null, LocalAws.Contributor.of(3300, "customer#" + i))
                        .hotKeyWrites(null, 5);
            } else if (i % 10 == 7) {
                table.underProvisionedReads(null, 5);
            }
        }
        var env = env();
        env.put("FINDINGS_TOPIC_ARN", topic);
        env.put("PROTECTED_TABLES", String.join(",", names));
        aws.resetCalls();
        long started = System.nanoTime();
        var out = new ByteArrayOutputStream();
        new AlarmHandler(env, Clock.systemUTC(), Log.forRuntime()).handleRequest(
                new ByteArrayInputStream("{\"task\":\"sweep\"}".getBytes(StandardCharsets.UTF_8)), out, null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        return new Counted("sweep " + tables, tables, aws.calls(), millis, String.format(
                "%d tables, %d detected, %d remediated, %d changes applied", summary.path("tablesChecked").asInt(),
                summary.path("detected").asInt(), summary.path("remediated").asInt(),
                summary.path("changesApplied").asInt()));
    }

    /** Every operation seen in any scenario, sorted. */
    static List<String> operations(List<Counted> scenarios) {
        var all = new TreeMap<String, Boolean>();
        scenarios.forEach(s -> s.calls().keySet().forEach(k -> all.put(k, true)));
        return new ArrayList<>(all.keySet());
    }
}
