package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.planning.RevertPlanner;
import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.Journal;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import dev.hpr.testfixtures.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change journal's contract, against the local AWS: an intent is written once, as PENDING, and indexes its table
 * for the revert check; it is settled only from the status it still holds (of two settlers, one wins); every field
 * comes back as written; entries come back oldest first, however many Query pages they take; closing a table drops
 * its index entry only; and a write AWS fails is an {@link AwsCallFailed}, never a silent "no".
 */
class DynamoDbJournalContractTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final String TABLE = "orders";
    private static final ResourceRef ORDERS = ResourceRef.table(TABLE);
    private static final PolicyValues BEFORE = new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60));
    private static final PolicyValues AFTER = new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300));
    private static final Action RETUNE = TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read",
            BEFORE, AFTER);
    private static final Action RAISE = MaxCapacityChange.raiseByApproval(ORDERS, OperationType.WRITE, 5, 100, 400);
    private static final Action ENABLE = ContributorInsightsChange.enable(ORDERS, "THROTTLED_KEYS", "DISABLED");

    private final LocalAws aws = LocalAws.shared();
    private final StateStore store = LocalStateTable.create(aws, "journal-contract").store();
    private final Journal journal = store.journal();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void intend_writesPending_andIndexesTheTableForTheRevertCheck() {
        ChangeRecord intent = intent(T0, 0, RETUNE);

        journal.intend(intent, T0);

        assertEquals(List.of(intent), journal.changes(TABLE));
        assertEquals(ChangeRecord.Status.PENDING, journal.changes(TABLE).get(0).status());
        assertEquals(List.of(TABLE), journal.tablesWithChanges());
    }

    @Test
    void intend_refusesAnEntryThatIsNotPending_andWritesNothing() {
        ChangeRecord active = intent(T0, 0, RETUNE).with(ChangeRecord.Status.ACTIVE, "applied");

        assertThrows(IllegalArgumentException.class, () -> journal.intend(active, T0));

        assertEquals(List.of(), journal.changes(TABLE));
        assertEquals(List.of(), journal.tablesWithChanges());
    }

    @Test
    void intend_refusesAnIdWrittenTwice_andKeepsTheFirst() {
        ChangeRecord first = intent(T0, 0, RETUNE);
        journal.intend(first, T0);
        ChangeRecord settled = first.with(ChangeRecord.Status.ACTIVE, "Applied.");
        assertTrue(journal.settle(first, settled));
        ChangeRecord sameId = ChangeRecord.intent(TABLE, first.id(), T0, "another-alarm", "finding-2",
                RemediationMode.APPLY, RAISE, Optional.empty(), "another-owner", OptionalInt.empty());

        var refused = assertThrows(AwsCallFailed.class, () -> journal.intend(sameId, T0.plusSeconds(1)));

        assertEquals("ConditionalCheckFailedException", refused.errorCode(), refused.getMessage());
        assertEquals(List.of(settled), journal.changes(TABLE), "the settled entry is not put back to PENDING");
    }

    @Test
    void settle_replacesOnlyWhileTheEntryStillHoldsTheStatusItReplaces() {
        ChangeRecord pending = intent(T0, 0, RETUNE);
        journal.intend(pending, T0);
        ChangeRecord active = pending.with(ChangeRecord.Status.ACTIVE, "Applied.");

        assertTrue(journal.settle(pending, active));
        assertFalse(journal.settle(pending, pending.failed("ValidationException: late", false)),
                "the entry is ACTIVE now, not PENDING");

        assertEquals(List.of(active), journal.changes(TABLE));
    }

    @Test
    void settle_neverCreatesAnEntryThatWasNotIntended() {
        ChangeRecord never = intent(T0, 0, RETUNE);

        assertFalse(journal.settle(never, never.with(ChangeRecord.Status.ACTIVE, "Applied.")));

        assertEquals(List.of(), journal.changes(TABLE));
    }

    @Test
    void settle_ofTwoConcurrentSettlers_oneWins_andItsEntryIsKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                ChangeRecord pending = intent(T0.plusSeconds(round), 0, RETUNE);
                journal.intend(pending, T0);
                ChangeRecord applied = pending.with(ChangeRecord.Status.ACTIVE, "Applied by the invocation.");
                ChangeRecord adopted = pending.with(ChangeRecord.Status.NOT_APPLIED, "Reconciled by the next one.");
                CountDownLatch start = new CountDownLatch(1);
                Future<Boolean> first = pool.submit(settling(start, pending, applied));
                Future<Boolean> second = pool.submit(settling(start, pending, adopted));
                start.countDown();

                boolean firstWon = first.get();
                assertTrue(firstWon ^ second.get(), "round " + round + ": exactly one settler wins");
                ChangeRecord kept = journal.changes(TABLE).stream().filter(c -> c.id().equals(pending.id()))
                        .findFirst().orElseThrow();
                assertEquals(firstWon ? applied : adopted, kept, "round " + round + ": the winner's entry");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyField_roundTrips_throughEachStatus() {
        var decision = new StoredPlan.Decision("plan-7", true, Instant.parse("2026-11-23T03:04:05.678Z"), "cli",
                Optional.of("arn:aws:iam::123456789012:user/ops"));
        var lambdaDecision = new StoredPlan.Decision("plan-8", true, T0.plusSeconds(9), "lambda", Optional.empty());
        ChangeRecord approved = ChangeRecord.intent(TABLE, id(T0, 0), T0, "orders-throttling", "finding-1",
                RemediationMode.APPLY, RAISE, Optional.of(decision), "invocation-1-approve-plan-7", OptionalInt.of(2));
        ChangeRecord viaLambda = ChangeRecord.intent(TABLE, id(T0.plusSeconds(1), 0), T0.plusSeconds(1), "alarm",
                "finding-2", RemediationMode.APPROVE, ENABLE, Optional.of(lambdaDecision), "owner-2",
                OptionalInt.of(0));
        ChangeRecord plain = ChangeRecord.intent(TABLE, id(T0.plusSeconds(2), 0), T0.plusSeconds(2), "fleet-sweep",
                "finding-3", RemediationMode.APPLY, RETUNE, Optional.empty(), "owner-3", OptionalInt.empty());
        for (ChangeRecord intent : List.of(approved, viaLambda, plain)) {
            journal.intend(intent, intent.appliedAt());
        }
        assertEquals(List.of(approved, viaLambda, plain), journal.changes(TABLE), "as PENDING");

        ChangeRecord transientFailure = approved.failed("dynamodb:UpdateTable failed: InternalServerError: 500", true);
        ChangeRecord refusedForGood = viaLambda.failed("ValidationException: no such index", false);
        ChangeRecord active = plain.with(ChangeRecord.Status.ACTIVE, "Applied at " + plain.appliedAt() + ".");
        assertTrue(journal.settle(approved, transientFailure));
        assertTrue(journal.settle(viaLambda, refusedForGood));
        assertTrue(journal.settle(plain, active));
        assertEquals(List.of(transientFailure, refusedForGood, active), journal.changes(TABLE), "FAILED and ACTIVE");
        assertTrue(journal.changes(TABLE).get(0).retryable());
        assertFalse(journal.changes(TABLE).get(1).retryable());

        Action restore = new TargetTrackingChange(ORDERS, OperationType.READ, "orders-read", AFTER, BEFORE,
                Optional.of(active.id()));
        ChangeRecord reverting = active.reverting(restore, "invocation-9-revert-orders", "Restore written.");
        assertTrue(journal.settle(active, reverting));
        assertEquals(Optional.of(restore), journal.changes(TABLE).get(2).restoring(), "REVERTING");
        assertEquals(reverting, journal.changes(TABLE).get(2));

        ChangeRecord reverted = reverting.with(ChangeRecord.Status.REVERTED, "Reverted by finding f-9.");
        assertTrue(journal.settle(reverting, reverted));
        assertEquals(reverted, journal.changes(TABLE).get(2), "REVERTED, the restoring action gone");
        assertEquals(Optional.empty(), journal.changes(TABLE).get(2).restoring());
    }

    @Test
    void changes_areOldestFirst_acrossMoreThanOneQueryPage() {
        // Five entries of about 300 KB each: DynamoDB (and the local AWS) return at most 1 MB per Query page.
        String bulk = "x".repeat(300_000);
        var written = new ArrayList<ChangeRecord>();
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(60L * i);
            written.add(intent(at, 0, RETUNE).with(ChangeRecord.Status.ACTIVE, i + bulk));
        }
        for (int i : List.of(3, 0, 4, 2, 1)) {
            ChangeRecord entry = written.get(i);
            ChangeRecord intent = intent(entry.appliedAt(), 0, RETUNE);
            journal.intend(intent, entry.appliedAt());
            assertTrue(journal.settle(intent, entry));
        }
        long queriesBefore = aws.calls("dynamodb:Query");

        List<ChangeRecord> read = journal.changes(TABLE);

        assertTrue(aws.calls("dynamodb:Query") - queriesBefore >= 2,
                "more than one page: " + (aws.calls("dynamodb:Query") - queriesBefore) + " Query call(s)");
        assertEquals(written, read);
    }

    @Test
    void changes_areOldestFirst_whenTheirTimesAreWrittenToDifferentPrecisions() {
        // Instant.toString writes 0, 3, 6 or 9 fraction digits, so ids ("CHANGE#<at>#...") do not sort by time:
        // "03:00:00Z" sorts after "03:00:00.500Z" and "03:00:00.500Z" after "03:00:00.500250Z".
        ChangeRecord onTheSecond = intent(T0, 0, RETUNE);
        ChangeRecord halfASecondLater = intent(T0.plusMillis(500), 0, RAISE);
        ChangeRecord aQuarterMillisecondLater = intent(T0.plusMillis(500).plusNanos(250_000), 0, ENABLE);
        for (ChangeRecord c : List.of(aQuarterMillisecondLater, halfASecondLater, onTheSecond)) {
            journal.intend(c, c.appliedAt());
        }

        assertEquals(List.of(onTheSecond, halfASecondLater, aQuarterMillisecondLater), journal.changes(TABLE));
    }

    @Test
    void changes_areTheTablesEntriesOnly_notItsLockOrAlarmState_norAnotherTables() {
        store.locks().tryLock(TABLE, "owner-1", T0, Duration.ofMinutes(15));
        store.alarms().recordAlarmState(TABLE, new AlarmState("ALARM", T0));
        ChangeRecord ours = intent(T0, 0, RETUNE);
        ChangeRecord theirs = ChangeRecord.intent("orders-archive", id(T0, 0), T0, "alarm", "finding-1",
                RemediationMode.APPLY, ENABLE, Optional.empty(), "owner-1", OptionalInt.empty());
        journal.intend(ours, T0);
        journal.intend(theirs, T0);

        assertEquals(List.of(ours), journal.changes(TABLE));
        assertEquals(List.of(theirs), journal.changes("orders-archive"));
        assertEquals(List.of(TABLE, "orders-archive"), journal.tablesWithChanges().stream().sorted().toList());
    }

    @Test
    void closeTable_removesTheIndexEntryOnly_andTheNextIntentIndexesItAgain() {
        ChangeRecord reverted = intent(T0, 0, RETUNE).with(ChangeRecord.Status.REVERTED, "Reverted.");
        journal.intend(intent(T0, 0, RETUNE), T0);
        assertTrue(journal.settle(intent(T0, 0, RETUNE), reverted));

        journal.closeTable(TABLE);

        assertEquals(List.of(), journal.tablesWithChanges());
        assertEquals(List.of(reverted), journal.changes(TABLE), "the entries stay");

        journal.intend(intent(T0.plusSeconds(3600), 0, RAISE), T0.plusSeconds(3600));
        assertEquals(List.of(TABLE), journal.tablesWithChanges());
    }

    @Test
    void intend_whoseWriteAwsFails_surfacesAsAwsCallFailed_andLeavesNoEntry() {
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"CHANGE#"));

        var failed = assertThrows(AwsCallFailed.class, () -> journal.intend(intent(T0, 0, RETUNE), T0));

        assertEquals("dynamodb:PutItem", failed.operation());
        assertEquals("InternalServerError", failed.errorCode());
        assertTrue(failed.retryable(), "a 500 is transient");
        assertEquals(List.of(), journal.changes(TABLE));
    }

    @Test
    void intend_whoseIndexWriteAwsFails_writesNoEntry() {
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom",
                LocalAws.literal("\"" + DynamoDbJournal.CHANGED_TABLES + "\""));

        var failed = assertThrows(AwsCallFailed.class, () -> journal.intend(intent(T0, 0, RETUNE), T0));

        assertEquals("dynamodb:PutItem", failed.operation());
        assertEquals(List.of(), journal.changes(TABLE), "no entry the revert check's index does not name");
        assertEquals(List.of(), journal.tablesWithChanges());
    }

    @Test
    void settle_whoseWriteAwsFails_surfacesAsAwsCallFailed_notAsAnotherSettlersWin() {
        ChangeRecord pending = intent(T0, 0, RETUNE);
        journal.intend(pending, T0);
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"CHANGE#"));

        var failed = assertThrows(AwsCallFailed.class,
                () -> journal.settle(pending, pending.with(ChangeRecord.Status.ACTIVE, "Applied.")));

        assertEquals("InternalServerError", failed.errorCode());
        assertEquals(List.of(pending), journal.changes(TABLE), "still PENDING: the next lock holder settles it");
    }

    private Callable<Boolean> settling(CountDownLatch start, ChangeRecord from, ChangeRecord to) {
        return () -> {
            start.await();
            return journal.settle(from, to);
        };
    }

    private static ChangeRecord intent(Instant at, int n, Action action) {
        return ChangeRecord.intent(TABLE, id(at, n), at, "orders-throttling", "finding-1", RemediationMode.APPLY,
                action, Optional.empty(), "invocation-1", OptionalInt.empty());
    }

    /** As the remediator writes ids: {@code CHANGE#<at>#<finding>#<n>}. */
    private static String id(Instant at, int n) {
        return "CHANGE#" + at + "#finding-1#" + n;
    }
}
