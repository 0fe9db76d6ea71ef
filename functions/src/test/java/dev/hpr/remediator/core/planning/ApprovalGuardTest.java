package dev.hpr.remediator.core.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.Protection;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StoredPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An approval's guard chain as one decision, without AWS: what it refuses, and what it lets through. */
class ApprovalGuardTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final PolicyValues BEFORE = new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60));
    private static final PolicyValues AFTER = new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300));
    private static final Action RETUNE = TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read",
            BEFORE, AFTER);
    private static final Action RAISE = MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 100, 1000, 9000);
    private static final StoredPlan PLAN = new StoredPlan("plan-1", "orders", "finding-1", Optional.empty(), "alarm",
            RemediationMode.APPROVE, T0, T0.plusSeconds(3600), List.of(RETUNE, RAISE), StoredPlan.Status.PENDING,
            Optional.empty());
    private static final ApprovalGuard GUARD = new ApprovalGuard(new TableProtection(Protection.LISTED,
            Set.of("orders")), RemediationMode.APPROVE, new Cooldowns(Duration.ofMinutes(30)));

    private static TableDescription table(Map<String, String> tags) {
        return new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(100, 5)), Optional.empty(), 0, false, List.of(),
                tags);
    }

    private static Current holding(PolicyValues policy, TableDescription table) {
        return new Current(table, new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 100,
                1000)), List.of(new ScalingState.TargetTrackingPolicy("orders-read", ORDERS, OperationType.READ,
                policy.targetValue(), policy.scaleOutCooldown(), policy.scaleInCooldown(), false))), List.of());
    }

    @Test
    void aPendingPlan_whoseBeforeValuesHold_isAppliedWhole() {
        var table = table(Map.of());

        var verdict = GUARD.decide(PLAN, table, holding(BEFORE, table), List.of(), T0.plusSeconds(60));

        var apply = assertInstanceOf(ApprovalGuard.Apply.class, verdict);
        assertEquals(List.of(new ApprovalGuard.Step(0, RETUNE), new ApprovalGuard.Step(1, RAISE)), apply.steps());
        assertEquals(List.of(), apply.skipped());
    }

    @Test
    void aTableNoLongerProtected_orTaggedOff_isRefused() {
        var unlisted = new ApprovalGuard(new TableProtection(Protection.LISTED, Set.of("sessions")),
                RemediationMode.APPROVE, new Cooldowns(Duration.ofMinutes(30)));
        var table = table(Map.of());
        var off = table(Map.of(TableDescription.MODE_TAG, "off"));

        assertInstanceOf(ApprovalGuard.Refused.class, unlisted.decide(PLAN, table, holding(BEFORE, table), List.of(),
                T0));
        var refused = assertInstanceOf(ApprovalGuard.Refused.class, GUARD.decide(PLAN, off, holding(BEFORE, off),
                List.of(), T0));
        assertTrue(refused.why().contains("mode off"), refused.why());
    }

    @Test
    void aStaleAction_isSkipped_andTheRestApplied() {
        var table = table(Map.of());
        var someoneElses = new PolicyValues(50, OptionalInt.of(60), OptionalInt.of(60));

        var apply = assertInstanceOf(ApprovalGuard.Apply.class, GUARD.decide(PLAN, table, holding(someoneElses, table),
                List.of(), T0));

        assertEquals(List.of(new ApprovalGuard.Step(1, RAISE)), apply.steps());
        assertEquals(Skip.Code.STALE, apply.skipped().get(0).code());
    }

    @Test
    void aStepAnEarlierApprovalApplied_isNotAppliedTwice_andNothingLeftIsRefused() {
        var table = table(Map.of());
        var decision = new StoredPlan.Decision("plan-1", true, T0, "cli", Optional.empty());
        var applied = ChangeRecord.intent("orders", "CHANGE#1", T0, "alarm", "f", RemediationMode.APPROVE, RETUNE,
                Optional.of(decision), "w", OptionalInt.of(0)).with(ChangeRecord.Status.ACTIVE, "applied");
        var failedForGood = ChangeRecord.intent("orders", "CHANGE#2", T0, "alarm", "f", RemediationMode.APPROVE,
                RAISE, Optional.of(decision), "w", OptionalInt.of(1)).failed("ValidationException", false);

        var verdict = GUARD.decide(PLAN, table, holding(AFTER, table), List.of(applied, failedForGood),
                T0.plusSeconds(60));

        var refused = assertInstanceOf(ApprovalGuard.Refused.class, verdict);
        assertTrue(refused.why().contains("nothing is left to apply"), refused.why());
    }

    @Test
    void aSettingInItsCooldown_isSkipped() {
        var table = table(Map.of());
        var recent = new ChangeRecord("orders", "CHANGE#9", T0, "alarm", "other", RemediationMode.APPLY,
                RETUNE, ChangeRecord.Status.ACTIVE, Optional.empty());

        var apply = assertInstanceOf(ApprovalGuard.Apply.class, GUARD.decide(PLAN, table, holding(BEFORE, table),
                List.of(recent), T0.plusSeconds(60)));

        assertEquals(List.of(new ApprovalGuard.Step(1, RAISE)), apply.steps());
        assertEquals(Skip.Code.COOLDOWN, apply.skipped().get(0).code());
    }
}
