package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** Faults scoped to calls whose body matches a pattern, and replies held after AWS applied the call. */
class ScopedAndHeldFaultsTest {
    private final LocalAws aws = LocalAws.shared();

    @BeforeEach
    @AfterEach
    void clean() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    private DynamoDbClient ddbNoRetry() {
        return aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private boolean exists(String table, String pk) {
        return aws.dynamoDb().getItem(r -> r.tableName(table).key(item(pk)).consistentRead(true)).hasItem();
    }

    @Test
    void aMatchedFaultFailsOnlyTheCallsWhoseBodyMatches() {
        String table = Tables.create(aws.dynamoDb(), "scoped", false, false);
        aws.resetCalls();
        aws.failNext("dynamodb:PutItem", LocalAws.ALWAYS, 500, "InternalServerError", "state table down",
                "\"" + LocalAws.literal(table) + "\".*\"CHANGE#");
        try (DynamoDbClient ddb = ddbNoRetry()) {
            ddb.putItem(r -> r.tableName(table).item(item("LOCK#orders")));
            DynamoDbException e = assertThrows(DynamoDbException.class,
                    () -> ddb.putItem(r -> r.tableName(table).item(item("CHANGE#orders#1"))));
            assertEquals(500, e.statusCode());
            assertEquals("InternalServerError", e.awsErrorDetails().errorCode());
            assertEquals("state table down", e.awsErrorDetails().errorMessage());
            ddb.putItem(r -> r.tableName(table).item(item("PLAN#orders"))); // ALWAYS: still only CHANGE# fails
            assertThrows(DynamoDbException.class, () -> ddb.putItem(r -> r.tableName(table).item(item("CHANGE#orders#2"))));
        }
        assertTrue(exists(table, "LOCK#orders"));
        assertTrue(exists(table, "PLAN#orders"));
        assertFalse(exists(table, "CHANGE#orders#1"));
        assertEquals(4L, aws.calls("dynamodb:PutItem")); // faulted calls are counted like the others

        aws.clearFaults();
        try (DynamoDbClient ddb = ddbNoRetry()) {
            ddb.putItem(r -> r.tableName(table).item(item("CHANGE#orders#3")));
        }
        assertTrue(exists(table, "CHANGE#orders#3"));
    }

    @Test
    void aHeldReplysCallIsAppliedWhileItsClientWaitsAndOtherCallsAreServed() throws Exception {
        String table = Tables.create(aws.dynamoDb(), "held", false, false);
        aws.holdReply("dynamodb:PutItem", 1, LocalAws.UNTIL_RELEASED, LocalAws.literal(table) + ".*\"CHANGE#");
        try (DynamoDbClient first = ddbNoRetry()) {
            CompletableFuture<PutItemResponse> waiting = CompletableFuture.supplyAsync(
                    () -> first.putItem(r -> r.tableName(table).item(item("CHANGE#orders#1"))));

            HeldReply held = aws.awaitHeldReply("PutItem", Duration.ofSeconds(10));
            assertEquals("dynamodb:PutItem", held.operation());
            assertEquals(200, held.status());
            assertTrue(held.matched().endsWith("\"CHANGE#"), held.matched());

            // a second client sees the write while the first still waits for its reply
            assertTrue(exists(table, "CHANGE#orders#1"));
            assertFalse(waiting.isDone());
            // other calls, the same operation's too, are served meanwhile
            aws.dynamoDb().putItem(r -> r.tableName(table).item(item("CHANGE#orders#2")));
            aws.dynamoDb().describeTable(r -> r.tableName(table));
            assertEquals(1, aws.heldReplies().size());
            assertFalse(waiting.isDone());

            assertEquals(1, aws.releaseHeldReplies());
            waiting.get(10, TimeUnit.SECONDS);
            assertTrue(aws.heldReplies().isEmpty());
        }
    }

    @Test
    void aTimedHoldSendsTheReplyAfterItsDuration() {
        String table = Tables.create(aws.dynamoDb(), "timed", false, false);
        aws.holdReply("dynamodb:DescribeTable", 1, Duration.ofMillis(600), "\"" + LocalAws.literal(table) + "\"");
        long started = System.nanoTime();
        aws.dynamoDb().describeTable(r -> r.tableName(table));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 600, "answered after " + tookMillis + " ms");
        started = System.nanoTime();
        aws.dynamoDb().describeTable(r -> r.tableName(table)); // used up
        assertTrue((System.nanoTime() - started) / 1_000_000 < 600);
    }

    @Test
    void awaitingAReplyThatIsNeverHeldFailsNamingTheCalls() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> aws.awaitHeldReply("dynamodb:UpdateTable", Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("no reply to dynamodb:UpdateTable held within PT0.2S"), e.getMessage());
    }
}
