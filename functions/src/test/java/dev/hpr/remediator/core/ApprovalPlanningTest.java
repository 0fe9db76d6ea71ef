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
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.aws.ActionJson;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import dev.hpr.remediator.core.action.Undo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What is offered for approval and what is applied without one, mode by mode; and the approval-only change, an
 * on-demand maximum, as a unit (stale, undo, JSON).
 */
class ApprovalPlanningTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private final Planner planner = new Planner(DefaultSettings.remediation());

    @Test
    void onDemandMaximum_isOfferedForApprovalInApplyMode_andNeverAmongTheActions() {
        Plan plan = planner.plan(atOnDemandMaximum(1000), List.of(), ScalingState.none(), RemediationMode.APPLY);

        assertTrue(plan.actions().isEmpty(), plan.actions().toString());
        assertEquals(1, plan.forApproval().size());
        Action raise = plan.forApproval().get(0);
        assertTrue(raise.needsApproval());
        assertEquals("MaxWriteRequestUnits 1000", raise.before());
        assertEquals("MaxWriteRequestUnits 2000", raise.after());
    }

    @Test
    void onDemandMaximum_stopsAtItsCeiling_andIsSkippedThere() {
        Plan capped = planner.plan(atOnDemandMaximum(30_000), List.of(), ScalingState.none(), RemediationMode.APPLY);
        assertEquals("MaxWriteRequestUnits 40000", capped.forApproval().get(0).after());

        Plan atCeiling = planner.plan(atOnDemandMaximum(40_000), List.of(), ScalingState.none(), RemediationMode.APPLY);
        assertTrue(atCeiling.forApproval().isEmpty());
        assertTrue(atCeiling.skipped().stream().anyMatch(s -> s.code() == Skip.Code.AT_CEILING), atCeiling.toString());
    }

    @Test
    void dryRun_offersNothing_andSaysWhatItWouldOffer() {
        Plan plan = planner.plan(atOnDemandMaximum(1000), List.of(), ScalingState.none(), RemediationMode.DRY_RUN);

        assertTrue(plan.forApproval().isEmpty());
        assertTrue(plan.skipped().stream().anyMatch(s -> s.code() == Skip.Code.APPROVAL_UNAVAILABLE
                && s.reason().contains("1000 -> MaxWriteRequestUnits 2000")), plan.skipped().toString());
    }

    @Test
    void approveMode_offersEveryChange_andAppliesNone() {
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 10, 1000)),
                List.of(new ScalingState.TargetTrackingPolicy("p", ORDERS, OperationType.READ, 70, OptionalInt.of(300),
                        OptionalInt.of(60), false)));
        Plan applying = planner.plan(underProvisioned(1000), List.of(), scaling, RemediationMode.APPLY);
        Plan approving = planner.plan(underProvisioned(1000), List.of(), scaling, RemediationMode.APPROVE);

        assertEquals(2, applying.actions().size());
        assertTrue(approving.actions().isEmpty());
        assertEquals(applying.actions(), approving.forApproval());
    }

    @Test
    void tagApprove_makesAnApplyDeploymentAskFirst_butNeverADryRunOneBolder() {
        var tagged = Map.of(TableDescription.MODE_TAG, "approve");
        assertEquals(RemediationMode.APPROVE, Planner.mode(table(tagged), RemediationMode.APPLY).mode());
        assertEquals(RemediationMode.DRY_RUN, Planner.mode(table(tagged), RemediationMode.DRY_RUN).mode());
        assertEquals(RemediationMode.APPROVE, Planner.mode(table(Map.of()), RemediationMode.APPROVE).mode());
    }

    @Test
    void aPlan_refusesAnApprovalOnlyChangeAmongTheChangesItApplies() {
        var raise = OnDemandMaximumChange.raise(ORDERS, OperationType.WRITE, 1000, 2000);
        var error = assertThrows(IllegalArgumentException.class,
                () -> new Plan(RemediationMode.APPLY, "test", List.of(raise), List.of()));
        assertTrue(error.getMessage().contains("needs approval"), error.getMessage());
        var beyond = MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 10, 40_000, 80_000);
        assertThrows(IllegalArgumentException.class,
                () -> new Plan(RemediationMode.APPLY, "test", List.of(beyond), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Plan(RemediationMode.APPROVE, "test", List.of(MaxCapacityChange.raise(ORDERS,
                        OperationType.READ, 10, 100, 200)), List.of()));
    }

    @Test
    void onDemandMaximum_isStaleWhenItsValueMoved_andItsRestoreFollowsTheOwnersValue() {
        var raise = OnDemandMaximumChange.raise(ORDERS, OperationType.WRITE, 1000, 2000);
        assertTrue(raise.stale(current(1000)).isEmpty());
        assertEquals(Optional.of("MaxWriteRequestUnits is now 1500, not the 1000 the plan saw"),
                raise.stale(current(1500)));

        Undo undo = raise.undo(current(2000), "CHANGE#1");
        assertEquals(Undo.Kind.RESTORE, undo.kind());
        Action restore = undo.restore().orElseThrow();
        assertEquals("MaxWriteRequestUnits 1000", restore.after());
        assertTrue(!restore.needsApproval(), "a restore needs no one");
        assertEquals(Undo.Kind.LEFT, raise.undo(current(3000), "CHANGE#1").kind());
    }

    @Test
    void approvalOnlyChanges_surviveTheStateTablesJson() {
        List<Action> actions = List.of(OnDemandMaximumChange.raise(ORDERS, OperationType.WRITE, 1000, 2000),
                MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 10, 40_000, 80_000));
        String json = ActionJson.writeActions(actions);
        List<Action> back = ActionJson.readActions(json);
        assertEquals(actions, back);
        assertTrue(back.stream().allMatch(Action::needsApproval), json);
    }

    private static Current current(long maxWrite) {
        return new Current(onDemand(maxWrite), ScalingState.none(), List.of());
    }

    private static TableDescription onDemand(long maxWrite) {
        return new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PAY_PER_REQUEST, Optional.empty(), Optional.of(new Capacity(-1, maxWrite)), 0, false,
                List.of(), Map.of());
    }

    private static TableDescription table(Map<String, String> tags) {
        return new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(1000, 5)), Optional.empty(), 0, false, List.of(),
                tags);
    }

    private static Diagnosis atOnDemandMaximum(long maxWrite) {
        Window window = Window.lastMinutes(Instant.parse("2026-11-23T03:00:00Z"), 60);
        var metrics = new MetricsSnapshot(window, Map.of(
                new MetricKey(ORDERS, OperationType.WRITE, MetricKind.MAX_ON_DEMAND_THROTTLES),
                Scenario.runs("0x30, 100x30", 60)));
        return new Diagnoser(DefaultSettings.diagnosis()).diagnose(onDemand(maxWrite), metrics, List.of());
    }

    private static Diagnosis underProvisioned(long readUnits) {
        Window window = Window.lastMinutes(Instant.parse("2026-11-23T03:00:00Z"), 60);
        var metrics = new MetricsSnapshot(window, Map.of(
                new MetricKey(ORDERS, OperationType.READ, MetricKind.PROVISIONED_THROTTLES),
                Scenario.runs("0x30, 100x30", 60)));
        return new Diagnoser(DefaultSettings.diagnosis()).diagnose(table(Map.of()), metrics, List.of());
    }
}
