package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.state.ApprovalPlans;
import dev.hpr.remediator.core.state.StoredPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import dev.hpr.testfixtures.LocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The approval plans' contract, against the local AWS: a plan is saved once; it is decided once, by the first of any
 * number of concurrent deciders, never after it expired; the plan and its decision come back as written; and a write
 * AWS fails is an {@link AwsCallFailed}, never read as "already decided".
 */
class DynamoDbPlansContractTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00.250Z");
    private static final Instant EXPIRES = Instant.parse("2026-11-23T04:00:00Z");
    private static final ResourceRef ORDERS = ResourceRef.table("orders");

    private final LocalAws aws = LocalAws.shared();
    private final ApprovalPlans plans = LocalStateTable.create(aws, "plans-contract").store().plans();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void aSavedPlan_roundTrips_asPending() {
        StoredPlan plan = plan("plan-1");

        plans.savePlan(plan);

        assertEquals(Optional.of(plan), plans.plan("plan-1"));
        assertEquals(Optional.empty(), plans.plan("plan-2"));
    }

    @Test
    void savePlan_isRefusedForAPlanIdSavedBefore_andTheFirstIsKept() {
        plans.savePlan(plan("plan-1"));
        StoredPlan other = new StoredPlan("plan-1", "orders-archive", "finding-9", Optional.empty(), "fleet-sweep",
                RemediationMode.APPROVE, T0, EXPIRES, List.of(raise()), StoredPlan.Status.PENDING, Optional.empty());

        var refused = assertThrows(AwsCallFailed.class, () -> plans.savePlan(other));

        assertEquals("ConditionalCheckFailedException", refused.errorCode(), refused.getMessage());
        assertEquals(Optional.of(plan("plan-1")), plans.plan("plan-1"));
    }

    @Test
    void aDecision_roundTrips_approvedViaTheCliWithItsApprover_orRejectedViaLambdaWithout() {
        plans.savePlan(plan("plan-1"));
        plans.savePlan(plan("plan-2"));
        var approved = new StoredPlan.Decision("plan-1", true, T0.plusSeconds(60), "cli",
                Optional.of("arn:aws:iam::123456789012:user/ops"));
        var rejected = new StoredPlan.Decision("plan-2", false, Instant.parse("2026-11-23T03:30:00.123456Z"),
                "lambda", Optional.empty());

        StoredPlan decided = plans.decide(approved).orElseThrow();
        StoredPlan refused = plans.decide(rejected).orElseThrow();

        assertEquals(decided(plan("plan-1"), approved), decided);
        assertEquals(decided(plan("plan-2"), rejected), refused);
        assertEquals(Optional.of(decided), plans.plan("plan-1"));
        assertEquals(Optional.of(refused), plans.plan("plan-2"));
    }

    @Test
    void aPlanIsDecidedOnce_aLaterDecisionIsRefused_andTheFirstKept() {
        plans.savePlan(plan("plan-1"));
        var first = new StoredPlan.Decision("plan-1", true, T0.plusSeconds(60), "cli", Optional.of("ops"));
        StoredPlan decided = plans.decide(first).orElseThrow();

        assertEquals(Optional.empty(), plans.decide(new StoredPlan.Decision("plan-1", false, T0.plusSeconds(61),
                "lambda", Optional.empty())));
        assertEquals(Optional.empty(), plans.decide(new StoredPlan.Decision("plan-1", true, T0.plusSeconds(62),
                "lambda", Optional.empty())), "approving again is the journal's to answer, not a second decision");

        assertEquals(Optional.of(decided), plans.plan("plan-1"));
    }

    @Test
    void ofConcurrentDeciders_exactlyOneDecides_andItsDecisionIsKept() throws Exception {
        int deciders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(deciders);
        try {
            for (int round = 0; round < 5; round++) {
                String planId = "plan-" + round;
                plans.savePlan(plan(planId));
                CountDownLatch start = new CountDownLatch(1);
                var results = new ArrayList<Future<Optional<StoredPlan>>>();
                for (int i = 0; i < deciders; i++) {
                    var decision = new StoredPlan.Decision(planId, i % 2 == 0, T0.plusSeconds(i), "lambda",
                            Optional.of("person-" + i));
                    results.add(pool.submit(() -> {
                        start.await();
                        return plans.decide(decision);
                    }));
                }
                start.countDown();
                var winners = new ArrayList<StoredPlan>();
                for (Future<Optional<StoredPlan>> r : results) {
                    r.get().ifPresent(winners::add);
                }
                assertEquals(1, winners.size(), "round " + round + ": " + winners);
                assertEquals(Optional.of(winners.get(0)), plans.plan(planId), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPlanIsNeverDecidedAtOrAfterItsExpiry_andStaysPending() {
        plans.savePlan(plan("plan-1"));

        for (Instant at : List.of(EXPIRES, EXPIRES.plusMillis(1), EXPIRES.plusSeconds(3600))) {
            assertEquals(Optional.empty(), plans.decide(new StoredPlan.Decision("plan-1", true, at, "cli",
                    Optional.empty())), "at " + at);
        }

        assertEquals(Optional.of(plan("plan-1")), plans.plan("plan-1"));
        assertTrue(plans.decide(new StoredPlan.Decision("plan-1", true, EXPIRES.minusSeconds(1), "cli",
                Optional.empty())).isPresent(), "a second before its expiry it is decided");
    }

    @Test
    void anExpiryWithinASecond_isKeptToTheSecondBefore_neverLater() {
        // approvalExpiresAt is epoch seconds (what the conditional update compares): a fraction is dropped, so the
        // plan closes up to a second early, never late.
        Instant expiresWithin = EXPIRES.plusMillis(500);
        plans.savePlan(new StoredPlan("plan-1", "orders", "finding-1", Optional.empty(), "alarm",
                RemediationMode.APPROVE, T0, expiresWithin, List.of(raise()), StoredPlan.Status.PENDING,
                Optional.empty()));

        assertEquals(EXPIRES, plans.plan("plan-1").orElseThrow().expiresAt());
        assertEquals(Optional.empty(), plans.decide(new StoredPlan.Decision("plan-1", true, EXPIRES.plusMillis(200),
                "cli", Optional.empty())), "200 ms before the expiry asked: closed");
    }

    @Test
    void decidingAPlanNeverSaved_isRefused_andCreatesNone() {
        assertEquals(Optional.empty(), plans.decide(new StoredPlan.Decision("plan-9", true, T0, "cli",
                Optional.empty())));

        assertEquals(Optional.empty(), plans.plan("plan-9"));
    }

    @Test
    void aDecisionAwsFails_surfacesAsAwsCallFailed_notAsAlreadyDecided_andThePlanStaysPending() {
        plans.savePlan(plan("plan-1"));
        aws.failNext("dynamodb:UpdateItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"PLAN#"));

        var failed = assertThrows(AwsCallFailed.class, () -> plans.decide(new StoredPlan.Decision("plan-1", true,
                T0.plusSeconds(60), "cli", Optional.empty())));

        assertEquals("dynamodb:UpdateItem", failed.operation());
        assertTrue(failed.retryable());
        assertEquals(Optional.of(plan("plan-1")), plans.plan("plan-1"));
    }

    private static StoredPlan plan(String planId) {
        return new StoredPlan(planId, "orders", "finding-1", Optional.of("orders-throttling"), "orders-throttling",
                RemediationMode.APPLY, T0, EXPIRES, List.of(raise(), new OnDemandMaximumChange(ORDERS,
                OperationType.WRITE, 100, 400, Optional.empty())), StoredPlan.Status.PENDING, Optional.empty());
    }

    private static MaxCapacityChange raise() {
        return MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 100, 1000, 9000);
    }

    private static StoredPlan decided(StoredPlan plan, StoredPlan.Decision decision) {
        return new StoredPlan(plan.planId(), plan.table(), plan.findingId(), plan.alarmName(), plan.trigger(),
                plan.mode(), plan.createdAt(), plan.expiresAt(), plan.actions(),
                decision.approved() ? StoredPlan.Status.APPROVED : StoredPlan.Status.REJECTED, Optional.of(decision));
    }
}
