package dev.hpr.remediator.core;

import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Cooldowns;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.Reconciliation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The journal's reconciliation, without AWS: an entry whose invocation died between AWS's answer and the record is
 * settled by what AWS holds now, as each action reads it.
 */
class JournalReconciliationTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final PolicyValues BEFORE = new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60));
    private static final PolicyValues AFTER = new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300));
    private static final Action RETUNE = TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read",
            BEFORE, AFTER);
    private static final Action RAISE = MaxCapacityChange.raise(ORDERS, OperationType.READ, 100, 1000, 2000);
    private static final Action ENABLE = ContributorInsightsChange.enable(ORDERS, "THROTTLED_KEYS", "DISABLED");

    private static ChangeRecord intent(String id, Action action, String writer) {
        return ChangeRecord.intent("orders", id, T0, "alarm", "finding-1", RemediationMode.APPLY, action,
                Optional.empty(), writer, OptionalInt.empty());
    }

    private static Current holding(PolicyValues policy, int maxCapacity, String insights) {
        var table = new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(100, 5)), Optional.empty(), 0, false, List.of(),
                Map.of());
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 100, maxCapacity)),
                List.of(new ScalingState.TargetTrackingPolicy("orders-read", ORDERS, OperationType.READ,
                        policy.targetValue(), policy.scaleOutCooldown(), policy.scaleInCooldown(), false)));
        return new Current(table, scaling, List.of(new InsightsStatus(ORDERS, insights,
                "ENABLED".equals(insights) ? Optional.of("THROTTLED_KEYS") : Optional.empty(), List.of(),
                Optional.empty())));
    }

    @Test
    void pendingIntent_isAdoptedAsActive_whenAwsHoldsItsAfterValue() {
        var pending = List.of(intent("CHANGE#1", RETUNE, "dead"), intent("CHANGE#2", RAISE, "dead"),
                intent("CHANGE#3", ENABLE, "dead"));

        var settled = Reconciliation.settle(pending, holding(AFTER, 2000, "ENABLED"));

        settled.forEach(s -> assertEquals(ChangeRecord.Status.ACTIVE, s.to().status(), s.toString()));
        assertTrue(settled.get(0).said().startsWith("Found half-done and adopted"), settled.get(0).said());
        assertTrue(settled.get(0).to().note().orElseThrow().contains("Adopted by reconciliation"));
    }

    @Test
    void pendingIntent_isClosedAsNotApplied_whenAwsStillHoldsItsBeforeValue() {
        var pending = List.of(intent("CHANGE#1", RETUNE, "dead"), intent("CHANGE#2", RAISE, "dead"),
                intent("CHANGE#3", ENABLE, "dead"));

        var settled = Reconciliation.settle(pending, holding(BEFORE, 1000, "DISABLED"));

        settled.forEach(s -> assertEquals(ChangeRecord.Status.NOT_APPLIED, s.to().status(), s.toString()));
        assertFalse(settled.get(0).to().status().mayHaveTakenEffect(), "a change never made holds no cooldown");
    }

    @Test
    void pendingIntent_isLeft_whenSomeoneElseChangedTheSetting() {
        var settled = Reconciliation.settle(List.of(intent("CHANGE#1", RETUNE, "dead"), intent("CHANGE#2", RAISE,
                "dead")), holding(new PolicyValues(50, OptionalInt.of(60), OptionalInt.of(60)), 3000, "DISABLED"));

        settled.forEach(s -> assertEquals(ChangeRecord.Status.LEFT, s.to().status(), s.toString()));
        assertTrue(settled.get(1).to().note().orElseThrow().contains("MaxCapacity 3000"), settled.get(1).toString());
    }

    @Test
    void revertingEntry_isSettled_byWhatTheRestoreLeft() {
        ChangeRecord active = intent("CHANGE#1", RETUNE, "dead").with(ChangeRecord.Status.ACTIVE, "applied");
        Action restore = RETUNE.undo(holding(AFTER, 1000, "DISABLED"), "CHANGE#1").restore().orElseThrow();
        ChangeRecord reverting = active.reverting(restore, "dead-revert", "restore written");

        assertEquals(ChangeRecord.Status.REVERTED, Reconciliation.settle(List.of(reverting),
                holding(BEFORE, 1000, "DISABLED")).get(0).to().status(), "the restore took effect");
        ChangeRecord again = Reconciliation.settle(List.of(reverting), holding(AFTER, 1000, "DISABLED")).get(0).to();
        assertEquals(ChangeRecord.Status.ACTIVE, again.status(), "the restore never took effect: tried again");
        assertTrue(again.restoring().isEmpty());
    }

    @Test
    void onlyOtherWritersUnsettledEntries_areSettled() {
        var mine = intent("CHANGE#1", RETUNE, "me");
        var theirs = intent("CHANGE#2", RAISE, "dead");
        var settled = intent("CHANGE#3", ENABLE, "dead").with(ChangeRecord.Status.ACTIVE, "applied");

        assertEquals(List.of(theirs), Reconciliation.toSettle(List.of(mine, theirs, settled), "me"));
        assertEquals(List.of(RAISE), Reconciliation.reads(List.of(theirs)));
    }

    @Test
    void cooldown_holds_forAnUnsettledIntent_butNotForAFailedOne() {
        var plan = new Plan(RemediationMode.APPLY, "deployment mode apply", List.of(RETUNE), List.of());
        var cooldowns = new Cooldowns(java.time.Duration.ofMinutes(30));

        assertTrue(cooldowns.apply(plan, List.of(intent("CHANGE#1", RETUNE, "dead")), T0.plusSeconds(60))
                .actions().isEmpty(), "an intent whose outcome is unknown may be in force");
        assertEquals(List.of(RETUNE), cooldowns.apply(plan, List.of(intent("CHANGE#1", RETUNE, "dead")
                .failed("ValidationException", false)), T0.plusSeconds(60)).actions(), "AWS refused it: no cooldown");
    }
}
