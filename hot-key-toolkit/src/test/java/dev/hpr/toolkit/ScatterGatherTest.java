package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Write sharding and suffixed GSI keys, read back by scatter-gather against the local AWS. */
class ScatterGatherTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(16);
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();
    private final ScatterGather gather = new ScatterGather(ddb, POOL);

    @AfterEach
    void clean() {
        aws.clearKeyThrottling();
    }

    @AfterAll
    static void stop() {
        POOL.shutdown();
    }

    private static Map<String, AttributeValue> order(String customer, int n) {
        return Map.of("pk", AttributeValue.fromS(customer), "sk", AttributeValue.fromS(String.format("order-%03d", n)),
                "amount", AttributeValue.fromN(Integer.toString(n)));
    }

    private static List<String> sortKeys(Gathered gathered, String attribute) {
        return gathered.items().stream().map(i -> i.get(attribute).s()).toList();
    }

    @Test
    void writeShardedKey_readsEveryItemOfEveryShardAndPage_inSortKeyOrder() {
        String table = TestTables.create(ddb, "sg-table", "sk");
        ShardedKey sharded = ShardedKey.of("pk", 8, ShardChooser.hashOf("sk")).sortKey("sk");
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            var item = sharded.assign(order("customer#42", n));
            ddb.putItem(r -> r.tableName(table).item(item));
            expected.add(String.format("order-%03d", n));
            var other = sharded.assign(order("customer#7", n));
            ddb.putItem(r -> r.tableName(table).item(other));
        }
        aws.resetCalls();

        Gathered gathered = gather.query(QueryRequest.builder().tableName(table).limit(3).build(),
                sharded.partitions("customer#42"), SortKeyCondition.none(), MergeOrder.SORT_KEY);

        assertEquals(expected, sortKeys(gathered, "sk"));
        assertEquals(8, gathered.partitions());
        assertTrue(gathered.pages() >= 100 / 3, "pages: " + gathered.pages());
        assertEquals(gathered.pages(), aws.calls("dynamodb:Query"), "one Query per page, no other call");
        assertTrue(gathered.items().stream().allMatch(i -> i.get("pk").s().startsWith("customer#42#")));
    }

    @Test
    void aSortKeyCondition_appliesInEveryShard_andDescendingMergesNewestFirst() {
        String table = TestTables.create(ddb, "sg-cond", "sk");
        ShardedKey sharded = ShardedKey.of("pk", 4, ShardChooser.random()).sortKey("sk");
        for (int n = 0; n < 40; n++) {
            var item = sharded.assign(order("customer#1", n));
            ddb.putItem(r -> r.tableName(table).item(item));
        }

        Gathered gathered = gather.query(QueryRequest.builder().tableName(table).scanIndexForward(false).build(),
                sharded.partitions("customer#1"), SortKeyCondition.between("sk", AttributeValue.fromS("order-010"),
                        AttributeValue.fromS("order-019")), MergeOrder.SORT_KEY);

        List<String> expected = new ArrayList<>();
        for (int n = 19; n >= 10; n--) {
            expected.add(String.format("order-%03d", n));
        }
        assertEquals(expected, sortKeys(gathered, "sk"));
    }

    @Test
    void suffixedGsiKey_gathersEverySuffixOfTheIndex() {
        String table = TestTables.create(ddb, "sg-gsi", null, "gsi1", "gsi1pk", "gsi1sk");
        ShardedKey gsi = ShardedKey.of("gsi1pk", 10, ShardChooser.hashOf("pk")).sortKey("gsi1sk").onIndex("gsi1");
        for (int n = 0; n < 60; n++) {
            var item = gsi.assign(Map.of("pk", AttributeValue.fromS("order#" + n),
                    "gsi1sk", AttributeValue.fromS(String.format("2025-06-01T10:%02d", n))), "user123");
            ddb.putItem(r -> r.tableName(table).item(item));
        }
        ddb.putItem(r -> r.tableName(table).item(gsi.assign(Map.of("pk", AttributeValue.fromS("order#x"),
                "gsi1sk", AttributeValue.fromS("2025")), "user999")));

        Gathered gathered = gather.query(QueryRequest.builder().tableName(table).limit(4).build(),
                gsi.partitions("user123"), SortKeyCondition.none(), MergeOrder.SORT_KEY);

        assertEquals(60, gathered.items().size());
        assertEquals(10, gathered.partitions());
        assertEquals("2025-06-01T10:00", gathered.items().get(0).get("gsi1sk").s());
        assertEquals("2025-06-01T10:59", gathered.items().get(59).get("gsi1sk").s());
        assertTrue(gathered.items().stream().allMatch(i -> i.get("gsi1pk").s().startsWith("user123#")));
    }

    @Test
    void aShardThatFails_failsTheWholeRead_namingThatShard() {
        String table = TestTables.create(ddb, "sg-fail", "sk");
        ShardedKey sharded = ShardedKey.of("pk", 4, ShardChooser.hashOf("sk")).sortKey("sk");
        aws.throttleKeys(table, List.of("customer#9#2"), "Query");
        try (DynamoDbClient noRetry = aws.dynamoDbBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            ScatterGather failing = new ScatterGather(noRetry, POOL);

            ShardReadFailed e = assertThrows(ShardReadFailed.class, () -> failing.query(
                    QueryRequest.builder().tableName(table).build(), sharded.partitions("customer#9"),
                    SortKeyCondition.none(), MergeOrder.PARTITION));

            assertEquals(AttributeValue.fromS("customer#9#2"), e.partition());
            assertInstanceOf(ProvisionedThroughputExceededException.class, e.getCause());
        }
    }

    @Test
    void aTemplateWithItsOwnKeyCondition_isRefused() {
        var template = QueryRequest.builder().tableName("t").keyConditionExpression("pk = :p").build();
        assertThrows(IllegalArgumentException.class, () -> gather.query(template,
                Partitions.of(null, "pk", List.of("a"), null), SortKeyCondition.none(), MergeOrder.PARTITION));
        assertThrows(IllegalArgumentException.class, () -> gather.query(QueryRequest.builder().tableName("t").build(),
                Partitions.of(null, "pk", List.of("a"), null), SortKeyCondition.none(), MergeOrder.SORT_KEY));
    }
}
