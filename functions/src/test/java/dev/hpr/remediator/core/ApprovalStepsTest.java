package dev.hpr.remediator.core;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.state.ApprovalSteps;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StoredPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which of an approved plan's actions are left to apply: each at most once, ever; transient failures stay open. */
class ApprovalStepsTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final Action RAISE = MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 100, 1000, 9000);
    private static final Action ON_DEMAND = new OnDemandMaximumChange(ORDERS, OperationType.WRITE, 100, 400,
            Optional.empty());
    private static final StoredPlan PLAN = new StoredPlan("plan-1", "orders", "finding-1", Optional.empty(), "alarm",
            RemediationMode.APPLY, T0, T0.plusSeconds(3600), List.of(RAISE, ON_DEMAND), StoredPlan.Status.PENDING,
            Optional.empty());
    private static final StoredPlan.Decision APPROVED = new StoredPlan.Decision("plan-1", true, T0, "cli",
            Optional.of("arn:aws:iam::123456789012:user/ops"));

    private static ChangeRecord entry(int step, Action action, String id) {
        return ChangeRecord.intent("orders", id, T0, "alarm", "finding-2", RemediationMode.APPLY, action,
                Optional.of(APPROVED), "approver", OptionalInt.of(step));
    }

    @Test
    void everyStepIsLeft_beforeAnyApproval() {
        assertEquals(List.of(0, 1), ApprovalSteps.left(PLAN, List.of(), new ArrayList<>()));
    }

    @Test
    void aStepAppliedOnce_isNeverLeftAgain_whateverBecameOfIt() {
        for (ChangeRecord.Status status : List.of(ChangeRecord.Status.ACTIVE, ChangeRecord.Status.REVERTED,
                ChangeRecord.Status.LEFT)) {
            var skipped = new ArrayList<Skip>();
            var journal = List.of(entry(0, RAISE, "CHANGE#1").with(status, "x"));

            assertEquals(List.of(1), ApprovalSteps.left(PLAN, journal, skipped), status.name());
            assertEquals(Skip.Code.ALREADY_DONE, skipped.get(0).code());
        }
        assertEquals(List.of(1), ApprovalSteps.left(PLAN, List.of(entry(0, RAISE, "CHANGE#1")), new ArrayList<>()),
                "an unsettled entry may be in force: not applied twice");
    }

    @Test
    void aTransientFailure_staysApprovable_aRefusalForGood_isClosed() {
        var journal = List.of(entry(0, RAISE, "CHANGE#1").failed("InternalServiceException: 500", true),
                entry(1, ON_DEMAND, "CHANGE#2").failed("ValidationException: bad", false));
        var skipped = new ArrayList<Skip>();

        assertEquals(List.of(0), ApprovalSteps.left(PLAN, journal, skipped));
        assertTrue(skipped.get(0).reason().contains("refused it for good"), skipped.toString());
    }

    @Test
    void theNewestEntryOfAStep_decides() {
        var journal = List.of(entry(0, RAISE, "CHANGE#1").failed("ThrottlingException", true),
                entry(0, RAISE, "CHANGE#2").with(ChangeRecord.Status.ACTIVE, "applied on the retry"));

        assertEquals(List.of(1), ApprovalSteps.left(PLAN, journal, new ArrayList<>()));
    }

    @Test
    void anotherPlansEntries_doNotCount() {
        var other = new StoredPlan.Decision("plan-2", true, T0, "cli", Optional.empty());
        var journal = List.of(ChangeRecord.intent("orders", "CHANGE#1", T0, "alarm", "f", RemediationMode.APPLY, RAISE,
                Optional.of(other), "x", OptionalInt.of(0)).with(ChangeRecord.Status.ACTIVE, "applied"));

        assertEquals(List.of(0, 1), ApprovalSteps.left(PLAN, journal, new ArrayList<>()));
    }
}
