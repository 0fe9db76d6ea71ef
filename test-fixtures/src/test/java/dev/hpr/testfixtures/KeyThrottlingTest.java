package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The key-range throttling emulation, seen through the SDK's modelled exceptions over real HTTP. */
class KeyThrottlingTest {
    private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/";
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb =
            aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();

    @BeforeEach
    @AfterEach
    void clean() {
        aws.clearKeyThrottling();
    }

    @AfterEach
    void close() {
        ddb.close();
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS("x"));
    }

    private void put(String table, String pk) {
        ddb.putItem(r -> r.tableName(table).item(item(pk)));
    }

    private boolean exists(String table, String pk) {
        return ddb.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))).hasItem();
    }

    @Test
    void putItem_onAThrottledKey_failsWithTheKeyRangeReason_andOtherKeysPass() {
        String table = Tables.create(ddb, "kt-put", false, false);
        aws.throttleKeys(table, List.of("hot"), "PutItem");

        ProvisionedThroughputExceededException e =
                assertThrows(ProvisionedThroughputExceededException.class, () -> put(table, "hot"));
        put(table, "cold");

        assertEquals(400, e.statusCode());
        assertEquals("ProvisionedThroughputExceededException", e.awsErrorDetails().errorCode());
        assertEquals(List.of(ThrottlingReason.builder().reason("TableWriteKeyRangeThroughputExceeded")
                .resource(ARN + table).build()), e.throttlingReasons());
        assertTrue(e.isThrottlingException(), "the SDK classifies it as throttling (it retries it by default)");
        assertFalse(exists(table, "hot"));
        assertTrue(exists(table, "cold"));
        assertEquals(1, aws.keyThrottled());
    }

    @Test
    void batchWriteItem_returnsTheThrottledKeysItemsUnprocessed_andWritesTheRest() {
        String table = Tables.create(ddb, "kt-batch", false, false);
        aws.throttleKeys(table, List.of("hot-1", "hot-2"), "BatchWriteItem");
        List<WriteRequest> writes = new ArrayList<>();
        for (String pk : List.of("a", "hot-1", "b", "hot-2", "c")) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(pk)).build()).build());
        }

        BatchWriteItemResponse response = ddb.batchWriteItem(r -> r.requestItems(Map.of(table, writes)));

        List<String> unprocessed = response.unprocessedItems().get(table).stream()
                .map(w -> w.putRequest().item().get("pk").s()).toList();
        assertEquals(List.of("hot-1", "hot-2"), unprocessed);
        assertEquals(item("hot-1"), response.unprocessedItems().get(table).get(0).putRequest().item());
        for (String pk : List.of("a", "b", "c")) {
            assertTrue(exists(table, pk), pk);
        }
        assertFalse(exists(table, "hot-1"));
        assertFalse(exists(table, "hot-2"));
    }

    @Test
    void batchWriteItem_whereEveryRequestIsThrottled_failsWhole() {
        String table = Tables.create(ddb, "kt-batch-all", false, false);
        aws.throttleKeys(table, List.of("hot"), "BatchWriteItem");
        WriteRequest write = WriteRequest.builder().putRequest(PutRequest.builder().item(item("hot")).build()).build();

        ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(write)))));

        assertEquals("TableWriteKeyRangeThroughputExceeded", e.throttlingReasons().get(0).reason());
    }

    @Test
    void getItemAndQuery_onAThrottledKey_failWithTheReadReason() {
        String table = Tables.create(ddb, "kt-read", false, false);
        put(table, "hot");
        put(table, "cold");
        aws.throttleKeys(table, List.of("hot"), "GetItem", "Query");

        var get = assertThrows(ProvisionedThroughputExceededException.class, () -> exists(table, "hot"));
        var query = assertThrows(ProvisionedThroughputExceededException.class, () -> ddb.query(r -> r.tableName(table)
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "pk"))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("hot")))));

        assertEquals("TableReadKeyRangeThroughputExceeded", get.throttlingReasons().get(0).reason());
        assertEquals("TableReadKeyRangeThroughputExceeded", query.throttlingReasons().get(0).reason());
        assertEquals(1, ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :k")
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("cold")))).count());
    }

    @Test
    void anIndexRule_throttlesQueriesOfTheIndexKey_andWritesOfItemsCarryingIt() {
        String table = Tables.create(ddb, "kt-gsi", false, true);
        aws.throttleKeys(KeyThrottle.of(table, List.of("hot-g")).onIndex("gsi1").operations("Query", "PutItem"));

        var write = assertThrows(ProvisionedThroughputExceededException.class, () -> ddb.putItem(r -> r.tableName(table)
                .item(Map.of("pk", AttributeValue.fromS("p1"), "g", AttributeValue.fromS("hot-g")))));
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("hot-g")))); // the table key: not the rule's
        var read = assertThrows(ProvisionedThroughputExceededException.class, () -> ddb.query(r -> r.tableName(table)
                .indexName("gsi1").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("hot-g")))));

        assertEquals(ThrottlingReason.builder().reason("IndexWriteKeyRangeThroughputExceeded")
                .resource(ARN + table + "/index/gsi1").build(), write.throttlingReasons().get(0));
        assertEquals("IndexReadKeyRangeThroughputExceeded", read.throttlingReasons().get(0).reason());
    }

    @Test
    void everyNth_throttlesEveryNthMatchingRequest() {
        String table = Tables.create(ddb, "kt-every", false, false);
        aws.throttleKeys(KeyThrottle.of(table, List.of("hot")).operations("PutItem").every(2));

        List<Boolean> throttled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try {
                put(table, "hot");
                throttled.add(false);
            } catch (ProvisionedThroughputExceededException e) {
                throttled.add(true);
            }
        }

        assertEquals(List.of(false, true, false, true), throttled);
    }

    @Test
    void otherExceptions_carryTheirReasonsUnderTheirOwnMemberNames() {
        String table = Tables.create(ddb, "kt-exc", false, false);
        aws.throttleKeys(KeyThrottle.of(table, List.of("a")).operations("PutItem").exception("ThrottlingException")
                .reason("TableWriteMaxOnDemandThroughputExceeded"));
        aws.throttleKeys(KeyThrottle.of(table, List.of("b")).operations("PutItem").exception("RequestLimitExceeded")
                .reason("TableWriteAccountLimitExceeded"));

        var throttling = assertThrows(ThrottlingException.class, () -> put(table, "a"));
        var limit = assertThrows(RequestLimitExceededException.class, () -> put(table, "b"));

        assertEquals("TableWriteMaxOnDemandThroughputExceeded", throttling.throttlingReasons().get(0).reason());
        assertEquals("TableWriteAccountLimitExceeded", limit.throttlingReasons().get(0).reason());
        assertEquals(ARN + table, limit.throttlingReasons().get(0).resource());
    }

    @Test
    void clearing_letsEverythingThrough_andUnemulatedOperationsAreRefused() {
        String table = Tables.create(ddb, "kt-clear", false, false);
        aws.throttleKeys(table, List.of("hot"), "PutItem");
        aws.clearKeyThrottling();

        put(table, "hot");

        assertTrue(exists(table, "hot"));
        var refused = assertThrows(IllegalStateException.class,
                () -> aws.throttleKeys(table, List.of("hot"), "TransactWriteItems"));
        assertTrue(refused.getMessage().contains("not emulated"), refused.getMessage());
    }
}
