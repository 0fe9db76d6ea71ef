package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.RemediationSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PlannerSafetyTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private final Planner planner = new Planner(DefaultSettings.remediation());

    private static ScalingState.TargetTrackingPolicy policy(double target, Integer out, Integer in) {
        return new ScalingState.TargetTrackingPolicy("p", ORDERS, OperationType.READ, target,
                out == null ? OptionalInt.empty() : OptionalInt.of(out),
                in == null ? OptionalInt.empty() : OptionalInt.of(in), false);
    }

    @Test
    void retune_neverRaisesTargetValue_whenAlreadyBelowTheConfiguredTarget() {
        // given a policy already more aggressive than 60, and below the floor of 40
        var policy = policy(35, 30, 600);

        // when
        var retune = planner.retune(policy);

        // then nothing moves: not up to the floor, not up to 60
        assertTrue(retune.isEmpty(), "expected no change, got " + retune);
    }

    @Test
    void retune_lowersTargetToConfiguredValue_andBoundsCooldowns() {
        var retune = planner.retune(policy(75, 120, 0)).orElseThrow();

        assertEquals(60, retune.valuesAfter().targetValue());
        assertEquals(OptionalInt.of(60), retune.valuesAfter().scaleOutCooldown());
        assertEquals(OptionalInt.of(300), retune.valuesAfter().scaleInCooldown());
    }

    @Test
    void retune_keepsUnsetScaleOutCooldown_becauseUnsetMeansZero() {
        var retune = planner.retune(policy(70, null, null)).orElseThrow();

        assertEquals(OptionalInt.empty(), retune.valuesAfter().scaleOutCooldown());
        assertEquals(OptionalInt.of(300), retune.valuesAfter().scaleInCooldown());
    }

    @Test
    void retune_respectsTheFloor_whenTheConfiguredTargetIsAtTheFloor() {
        var planner = new Planner(new RemediationSettings(40, 40, 60, 300, 2, 100, "THROTTLED_KEYS", 100, 2, 100));

        assertEquals(40, planner.retune(policy(50, 60, 300)).orElseThrow().valuesAfter().targetValue());
    }

    @Test
    void raiseMaxCapacity_refusesToLowerOrKeep() {
        assertThrows(IllegalArgumentException.class,
                () -> MaxCapacityChange.raise(ORDERS, OperationType.READ, 5, 100, 100));
        assertThrows(IllegalArgumentException.class,
                () -> TargetTrackingChange.retune(ORDERS, OperationType.READ, "p",
                        new PolicyValues(50, OptionalInt.empty(), OptionalInt.empty()),
                        new PolicyValues(60, OptionalInt.empty(), OptionalInt.empty())));
    }

    @Test
    void plan_capsMaxCapacityAtTheCeiling_andSkipsWhenAtIt() {
        // given a table provisioned at its MaxCapacity of 30000, ceiling 40000, factor 2
        var table = provisioned(30_000, Map.of());
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 30_000)),
                List.of(policy(60, 60, 300)));

        // when
        Plan plan = planner.plan(underProvisioned(table), List.of(), scaling, RemediationMode.APPLY);

        // then
        var raise = plan.actions().stream().filter(a -> a instanceof MaxCapacityChange).findFirst().orElseThrow();
        assertEquals("MaxCapacity 40000", raise.after());

        // and at the ceiling it is never applied, never lowered: past it only by approval, up to 80000
        var atCeiling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 40_000)),
                List.of(policy(60, 60, 300)));
        Plan again = planner.plan(underProvisioned(provisioned(40_000, Map.of())), List.of(), atCeiling,
                RemediationMode.APPLY);
        assertTrue(again.actions().stream().noneMatch(a -> a instanceof MaxCapacityChange));
        assertEquals(List.of("MaxCapacity 80000"), again.forApproval().stream().map(a -> a.after()).toList());

        // and at the approval ceiling too, it is skipped
        var atBoth = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 80_000)),
                List.of(policy(60, 60, 300)));
        Plan last = planner.plan(underProvisioned(provisioned(80_000, Map.of())), List.of(), atBoth,
                RemediationMode.APPLY);
        assertTrue(last.actions().isEmpty() || last.actions().stream().noneMatch(a -> a instanceof MaxCapacityChange));
        assertTrue(last.forApproval().isEmpty());
        assertTrue(last.skipped().stream().anyMatch(s -> s.reason().contains("at or above the ceiling 40000")));
    }

    @Test
    void mode_tagCanOnlyMakeRemediationSafer() {
        assertEquals(RemediationMode.DRY_RUN,
                Planner.mode(provisioned(5, Map.of("hot-partition-remediator", "dry-run")), RemediationMode.APPLY).mode());
        assertEquals(RemediationMode.OFF,
                Planner.mode(provisioned(5, Map.of("hot-partition-remediator", "OFF")), RemediationMode.APPLY).mode());
        assertEquals(RemediationMode.DRY_RUN,
                Planner.mode(provisioned(5, Map.of("hot-partition-remediator", "apply")), RemediationMode.DRY_RUN).mode());
        assertEquals(RemediationMode.DRY_RUN,
                Planner.mode(provisioned(5, Map.of("hot-partition-remediator", "yes please")), RemediationMode.APPLY).mode());
    }

    @Test
    void plan_dryRunKeepsTheWholePlan() {
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 1000)),
                List.of(policy(70, 300, 60)));

        Plan plan = planner.plan(underProvisioned(provisioned(100, Map.of())), List.of(), scaling, RemediationMode.DRY_RUN);

        assertEquals(RemediationMode.DRY_RUN, plan.mode());
        assertEquals(1, plan.actions().size());
    }

    @Test
    void globalTable_capacityChangesAreOfferedForApprovalOnly_evenInApplyMode() {
        // given a global table (replicas in two other Regions) that is under-provisioned, in apply mode
        var local = provisioned(100, Map.of());
        var global = new TableDescription(local.name(), local.arn(), local.status(), local.billingMode(),
                local.provisioned(), local.onDemandMaximum(), 0, false, List.of(), Map.of(),
                List.of("us-west-2", "eu-west-1"));
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 1000)),
                List.of(policy(70, 300, 60)));

        // when
        Plan plan = planner.plan(underProvisioned(global), List.of(), scaling, RemediationMode.APPLY);
        Plan alone = planner.plan(underProvisioned(local), List.of(), scaling, RemediationMode.APPLY);

        // then the capacity changes wait for a person; the same table alone gets them applied
        assertTrue(global.isGlobal());
        assertTrue(plan.actions().stream().noneMatch(a -> a.changesCapacity()), plan.actions().toString());
        assertTrue(!plan.forApproval().isEmpty() && plan.forApproval().stream().allMatch(a -> a.changesCapacity()),
                plan.forApproval().toString());
        assertEquals(alone.actions().stream().filter(a -> a.changesCapacity()).toList(), plan.forApproval());
    }

    private static TableDescription provisioned(long readUnits, Map<String, String> tags) {
        return new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(readUnits, 5)), Optional.empty(), 0, false,
                List.of(), tags);
    }

    private static Diagnosis underProvisioned(TableDescription table) {
        Window window = Window.lastMinutes(Instant.parse("2026-11-23T03:00:00Z"), 60);
        var metrics = new MetricsSnapshot(window, Map.of(
                new MetricKey(ORDERS, OperationType.READ, MetricKind.PROVISIONED_THROTTLES),
                Scenario.runs("0x30, 100x30", 60)));
        return new Diagnoser(DefaultSettings.diagnosis()).diagnose(table, metrics, List.of());
    }
}
