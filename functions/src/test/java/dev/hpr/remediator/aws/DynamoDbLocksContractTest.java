package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.TableLocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-table lock's contract, against the local AWS: one owner at a time (of any number of concurrent takers, one),
 * until it expires, when another owner may take it; only its owner releases it; and a write AWS fails is an
 * {@link AwsCallFailed}, never read as "held by another".
 */
class DynamoDbLocksContractTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final Duration EXPIRY = Duration.ofMinutes(15);

    private final LocalAws aws = LocalAws.shared();
    private final TableLocks locks = LocalStateTable.create(aws, "locks-contract").store().locks();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void tryLock_isExclusive_untilItExpires_evenForItsOwner() {
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));

        assertFalse(locks.tryLock("orders", "invocation-b", T0.plusSeconds(1), EXPIRY));
        assertFalse(locks.tryLock("orders", "invocation-b", T0.plus(EXPIRY).minusSeconds(1), EXPIRY));
        assertFalse(locks.tryLock("orders", "invocation-a", T0.plusSeconds(1), EXPIRY),
                "not re-entrant: an owner is one invocation, which takes it once");
    }

    @Test
    void tryLock_isPerTable() {
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));

        assertTrue(locks.tryLock("orders-archive", "invocation-b", T0, EXPIRY));
    }

    @Test
    void anExpiredLock_isTakenByAnotherOwner_andTheFormerOwnersUnlockLeavesItHeld() {
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));
        Instant afterExpiry = T0.plus(EXPIRY).plusSeconds(1);

        assertTrue(locks.tryLock("orders", "invocation-b", afterExpiry, EXPIRY));

        locks.unlock("orders", "invocation-a");
        assertFalse(locks.tryLock("orders", "invocation-c", afterExpiry.plusSeconds(1), EXPIRY),
                "invocation-a's late unlock did not release invocation-b's lock");
    }

    @Test
    void unlock_releasesOnlyTheOwnersLock() {
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));

        locks.unlock("orders", "invocation-b");
        assertFalse(locks.tryLock("orders", "invocation-c", T0.plusSeconds(1), EXPIRY), "still invocation-a's");

        locks.unlock("orders", "invocation-a");
        assertTrue(locks.tryLock("orders", "invocation-c", T0.plusSeconds(2), EXPIRY), "released by its owner");
    }

    @Test
    void unlock_ofALockNobodyHolds_isHarmless() {
        locks.unlock("orders", "invocation-a");

        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));
    }

    @Test
    void ofConcurrentTakers_exactlyOneGetsTheLock() throws Exception {
        int takers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        try {
            for (int round = 0; round < 5; round++) {
                String table = "orders-" + round;
                CountDownLatch start = new CountDownLatch(1);
                var results = new ArrayList<Future<Boolean>>();
                for (int i = 0; i < takers; i++) {
                    String owner = "invocation-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return locks.tryLock(table, owner, T0, EXPIRY);
                    }));
                }
                start.countDown();
                int holders = 0;
                for (Future<Boolean> r : results) {
                    holders += r.get() ? 1 : 0;
                }
                assertEquals(1, holders, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockWriteAwsFails_surfacesAsAwsCallFailed_notAsHeldByAnother() {
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"LOCK\""));

        var failed = assertThrows(AwsCallFailed.class, () -> locks.tryLock("orders", "invocation-a", T0, EXPIRY));

        assertEquals("dynamodb:PutItem", failed.operation());
        assertEquals("InternalServerError", failed.errorCode());
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY), "nothing was taken by the failed write");
    }

    @Test
    void anUnlockAwsFails_surfacesAsAwsCallFailed_andTheLockStaysHeld() {
        assertTrue(locks.tryLock("orders", "invocation-a", T0, EXPIRY));
        aws.failNext("dynamodb:DeleteItem", 1, 500, "InternalServerError", "boom");

        var failed = assertThrows(AwsCallFailed.class, () -> locks.unlock("orders", "invocation-a"));

        assertEquals("dynamodb:DeleteItem", failed.operation());
        assertFalse(locks.tryLock("orders", "invocation-b", T0.plusSeconds(1), EXPIRY), "held until it expires");
        assertTrue(locks.tryLock("orders", "invocation-b", T0.plus(EXPIRY).plusSeconds(1), EXPIRY));
    }
}
