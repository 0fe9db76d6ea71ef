package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Read replicas against the local AWS, with replica writes failing under injected key throttling. */
class ReadReplicasTest {
    private static final String HOT = "user#celebrity";
    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS(HOT));
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb =
            aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final String table = TestTables.create(ddb, "replicas", null);
    private final AtomicInteger chosen = new AtomicInteger();

    @AfterEach
    void clean() {
        aws.clearKeyThrottling();
        aws.clearFaults();
        ddb.close();
    }

    private ReadReplicas replicas() {
        return ReadReplicas.builder(ddb, table, TableKey.partitionKey("pk")).replicas(4)
                .replicaChooser(bound -> chosen.get()).build();
    }

    private static Map<String, AttributeValue> profile(String followers) {
        return Map.of("pk", AttributeValue.fromS(HOT), "followers", AttributeValue.fromS(followers));
    }

    private String readVia(ReadReplicas replicas, int replica) {
        chosen.set(replica);
        return replicas.get(KEY).map(i -> i.get("followers").s()).orElse("missing");
    }

    @Test
    void aReplicaThatFailedToUpdate_isNeverServedOverANewerPrimary_andRepairBringsItBack() {
        ReadReplicas replicas = replicas();
        assertTrue(replicas.put(profile("10M"), 1).complete());
        aws.throttleKeys(table, List.of(HOT + "#replica#2"), "PutItem");

        ReplicatedWrite write = replicas.put(profile("11M"), 2);

        assertEquals(List.of(2), write.replicasNotUpdated());
        assertInstanceOf(ProvisionedThroughputExceededException.class, write.errors().get(0));
        for (int replica = 0; replica < 4; replica++) {
            aws.resetCalls();
            assertEquals("11M", readVia(replicas, replica), "read via replica " + replica);
            assertEquals(replica == 2 ? 2 : 1, aws.calls("dynamodb:GetItem"),
                    "the stale replica costs a primary read; the others are served alone");
        }
        aws.clearKeyThrottling();
        assertEquals(1, replicas.repair(KEY));
        aws.resetCalls();
        assertEquals("11M", readVia(replicas, 2));
        assertEquals(1, aws.calls("dynamodb:GetItem"), "repaired: served by the replica");
        assertEquals(0, replicas.repair(KEY), "nothing left to repair");
    }

    @Test
    void aFenceThatFails_leavesThePrimaryUnwritten_andReadsOnTheOldVersion_untilTheWriteIsRetried() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);
        aws.throttleKeys(table, List.of(HOT + "#replica#1"), "UpdateItem");

        ReplicaFenceFailed e = assertThrows(ReplicaFenceFailed.class, () -> replicas.put(profile("12M"), 2));

        assertEquals(1, e.replica());
        for (int replica = 0; replica < 4; replica++) {
            assertEquals("10M", readVia(replicas, replica), "the primary was not written, so 10M is current");
        }
        aws.resetCalls();
        readVia(replicas, 0);
        assertEquals(2, aws.calls("dynamodb:GetItem"), "replica 0 was fenced before the failure: skipped");
        assertEquals(0, replicas.repair(KEY), "repair never lowers a fence");
        aws.clearKeyThrottling();
        assertTrue(replicas.put(profile("12M"), 2).complete(), "the retried write");
        for (int replica = 0; replica < 4; replica++) {
            aws.resetCalls();
            assertEquals("12M", readVia(replicas, replica));
            assertEquals(1, aws.calls("dynamodb:GetItem"));
        }
    }

    @Test
    void anOlderVersion_loses_andLeavesTheNewerOneServed() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("11M"), 5);

        StaleVersion e = assertThrows(StaleVersion.class, () -> replicas.put(profile("10M"), 4));

        assertEquals(4, e.version());
        for (int replica = 0; replica < 4; replica++) {
            assertEquals("11M", readVia(replicas, replica));
        }
    }

    @Test
    void aReadReturnsThePrimarysKey_withoutTheFence() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 7);
        chosen.set(3);

        Optional<Map<String, AttributeValue>> read = replicas.get(KEY);

        assertEquals(Map.of("pk", AttributeValue.fromS(HOT), "followers", AttributeValue.fromS("10M"),
                "version", AttributeValue.fromN("7")), read.orElseThrow());
        assertFalse(replicas.get(Map.of("pk", AttributeValue.fromS("nobody"))).isPresent());
    }

    @Test
    void randomReads_spreadOverTheReplicas_withoutTouchingThePrimary() {
        ReadReplicas replicas = ReadReplicas.builder(ddb, table, TableKey.partitionKey("pk")).replicas(4).build();
        replicas.put(profile("10M"), 1);
        aws.throttleKeys(table, List.of(HOT), "GetItem"); // the primary's partition is too hot to read
        aws.resetCalls();

        for (int i = 0; i < 100; i++) {
            assertEquals("10M", replicas.get(KEY).orElseThrow().get("followers").s());
        }

        assertEquals(100, aws.calls("dynamodb:GetItem"));
        assertEquals(0, aws.keyThrottled());
    }

    // ------------------------------------------------------------------------------------------ deletes

    private String readEach(ReadReplicas replicas) {
        String seen = readVia(replicas, 0);
        for (int replica = 1; replica < 4; replica++) {
            assertEquals(seen, readVia(replicas, replica), "replica " + replica + " agrees with replica 0");
        }
        return seen;
    }

    @Test
    void delete_tombstonesThePrimaryAndEveryReplica_soNoReaderSeesTheItem_andARecreateNeedsALaterVersion() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);

        assertTrue(replicas.delete(KEY, 2).complete());

        assertEquals("missing", readEach(replicas));
        aws.resetCalls();
        readVia(replicas, 3);
        assertEquals(1, aws.calls("dynamodb:GetItem"), "the replica's tombstone answers alone");
        assertEquals(0, replicas.repair(KEY), "tombstones are up to date");
        StaleVersion stale = assertThrows(StaleVersion.class, () -> replicas.put(profile("new"), 1));
        assertTrue(stale.getMessage().contains("a delete at version 2"), stale.getMessage());
        assertEquals(2L, stale.heldVersion());
        assertTrue(replicas.put(profile("new"), 3).complete());
        assertEquals("new", readEach(replicas));
    }

    @Test
    void aDeleteWhoseReplicaWriteFailed_leavesThatReplicaFenced_soItIsStillNotServed() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);
        aws.throttleKeys(table, List.of(HOT + "#replica#1"), "PutItem");

        ReplicatedWrite delete = replicas.delete(KEY, 2);

        assertEquals(List.of(1), delete.replicasNotUpdated());
        assertEquals("missing", readEach(replicas));
    }

    @Test
    void aPrimaryDeletedElsewhere_isServedByReplicasUntilRepair_whichRemovesThem() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);
        ddb.deleteItem(r -> r.tableName(table).key(KEY)); // not through ReadReplicas: its replicas cannot know

        assertEquals(4, replicas.repair(KEY));

        assertEquals("missing", readEach(replicas));
        assertEquals(0, replicas.repair(KEY));
    }

    @Test
    void anItemRecreatedElsewhereFromVersionOne_replacesTheOldReplicas_soReadersGetTheNewContent() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("old"), 5);
        ddb.deleteItem(r -> r.tableName(table).key(KEY)); // deleted elsewhere, and no repair

        assertTrue(replicas.put(profile("new"), 1).complete());

        assertEquals("new", readEach(replicas), "the leftover replicas at version 5 were replaced");
    }

    // ------------------------------------------------------------------------------------------ the primary step

    @Test
    void aFailedPrimaryWrite_saysTheReplicasAreFenced_readsGoToThePrimary_andARetryCompletes() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);
        aws.throttleKeys(table, List.of(HOT), "PutItem");

        PrimaryWriteFailed e = assertThrows(PrimaryWriteFailed.class, () -> replicas.put(profile("11M"), 2));

        assertEquals(4, e.replicasFenced());
        assertTrue(e.getMessage().contains("fenced at 2"), e.getMessage());
        assertInstanceOf(ProvisionedThroughputExceededException.class, e.getCause());
        for (int replica = 0; replica < 4; replica++) {
            aws.resetCalls();
            assertEquals("10M", readVia(replicas, replica));
            assertEquals(2, aws.calls("dynamodb:GetItem"), "fenced: the read goes on to the primary");
        }
        aws.clearKeyThrottling();
        assertTrue(replicas.put(profile("11M"), 2).complete());
        aws.resetCalls();
        assertEquals("11M", readEach(replicas));
        assertEquals(4, aws.calls("dynamodb:GetItem"), "served by the replicas again");
    }

    @Test
    void aPrimaryWriteThatGot500_isPrimaryWriteFailed_andTheRetryCompletes() {
        ReadReplicas replicas = replicas();
        replicas.put(profile("10M"), 1);
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "Internal server error",
                dev.hpr.testfixtures.LocalAws.literal(table));

        PrimaryWriteFailed e = assertThrows(PrimaryWriteFailed.class, () -> replicas.put(profile("11M"), 2));

        assertEquals(500, ((software.amazon.awssdk.awscore.exception.AwsServiceException) e.getCause()).statusCode());
        assertEquals("10M", readEach(replicas), "fenced replicas: the primary's 10M is read");
        assertTrue(replicas.put(profile("11M"), 2).complete());
        assertEquals("11M", readEach(replicas));
    }

    @Test
    void aRetryOfAWriteWhoseReplyWasLost_isIdempotent_butOtherContentAtThatVersionIsStale() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(ddb);
        ReadReplicas replicas = ReadReplicas.builder(faulty, table, TableKey.partitionKey("pk")).replicas(4)
                .replicaChooser(bound -> chosen.get()).build();
        replicas.put(profile("10M"), 1);
        faulty.failNextPutItem(FaultyDynamoDb.Fault.REPLY_LOST); // the primary's write is applied, its reply lost

        assertThrows(PrimaryWriteFailed.class, () -> replicas.put(profile("11M"), 2));
        StaleVersion other = assertThrows(StaleVersion.class, () -> replicas.put(profile("12M"), 2));
        assertTrue(other.getMessage().contains("other content"), other.getMessage());
        ReplicatedWrite retry = replicas.put(profile("11M"), 2);

        assertTrue(retry.complete());
        aws.resetCalls();
        assertEquals("11M", readEach(replicas));
        assertEquals(4, aws.calls("dynamodb:GetItem"), "every replica serves the retried write");
    }

    @Test
    void aMissingTable_failsAtTheFirstFence_namingIt() {
        ReadReplicas replicas = ReadReplicas.builder(ddb, "no-such-table", TableKey.partitionKey("pk")).build();
        ReplicaFenceFailed e = assertThrows(ReplicaFenceFailed.class, () -> replicas.put(profile("x"), 1));
        assertEquals(0, e.replica());
        assertInstanceOf(ResourceNotFoundException.class, e.getCause());
    }
}
