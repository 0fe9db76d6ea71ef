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
import dev.hpr.remediator.core.planning.RevertPlanner;
import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.ChangeRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RevertAndCooldownTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

    private static final Action RETUNE = TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read",
            new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60)),
            new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300)));
    private static final Action RAISE = MaxCapacityChange.raise(ORDERS, OperationType.READ, 100, 1000, 2000);
    private static final Action ENABLE = ContributorInsightsChange.enable(ORDERS, "THROTTLED_KEYS", "DISABLED");

    private static ChangeRecord change(String id, Instant at, Action action) {
        return new ChangeRecord("orders", id, at, "alarm", "finding-1", RemediationMode.APPLY, action,
                ChangeRecord.Status.ACTIVE, Optional.empty());
    }

    private static TableDescription table(long readUnits) {
        return new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(readUnits, 5)), Optional.empty(), 0, false, List.of(),
                Map.of());
    }

    private static ScalingState scaling(double target, int out, int in, int max) {
        return new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 100, max)),
                List.of(new ScalingState.TargetTrackingPolicy("orders-read", ORDERS, OperationType.READ, target,
                        OptionalInt.of(out), OptionalInt.of(in), false)));
    }

    private static final List<InsightsStatus> INSIGHTS_OURS = List.of(new InsightsStatus(ORDERS, "ENABLED",
            Optional.of("THROTTLED_KEYS"), List.of(), Optional.empty()));

    @Test
    void cooldown_skipsAChangeToTheSameSetting_withTheTimeLeft() {
        var plan = new Plan(RemediationMode.APPLY, "deployment mode apply", List.of(RETUNE, ENABLE), List.of());
        var changes = List.of(change("CHANGE#1", T0, RETUNE));

        Plan cooled = new Cooldowns(Duration.ofMinutes(30)).apply(plan, changes, T0.plus(Duration.ofMinutes(10)));

        assertEquals(List.of(ENABLE), cooled.actions());
        assertTrue(cooled.skipped().get(0).reason().contains("20 minute(s) left of the 30-minute cooldown"),
                cooled.skipped().toString());
        assertEquals(2, new Cooldowns(Duration.ofMinutes(30)).apply(plan, changes, T0.plus(Duration.ofMinutes(30)))
                .actions().size(), "cooldown over");
    }

    @Test
    void revert_waitsForCalm() {
        var planner = new RevertPlanner(Duration.ofMinutes(60));

        assertTrue(planner.notCalmYet(Optional.of(new AlarmState("OK", T0)), T0.plus(Duration.ofMinutes(59)))
                .orElseThrow().contains("59 of the 60 minutes"));
        assertTrue(planner.notCalmYet(Optional.of(new AlarmState("ALARM", T0)), T0.plus(Duration.ofHours(5)))
                .isPresent());
        assertTrue(planner.notCalmYet(Optional.of(new AlarmState("OK", T0)), T0.plus(Duration.ofMinutes(60)))
                .isEmpty());
    }

    @Test
    void revert_restoresWhatItSet_newestFirst() {
        var changes = List.of(change("CHANGE#1", T0, ENABLE), change("CHANGE#2", T0, RETUNE),
                change("CHANGE#3", T0.plusSeconds(1), RAISE));
        var current = new Current(table(900), scaling(60, 60, 300, 2000), INSIGHTS_OURS);

        var plan = new RevertPlanner(Duration.ofMinutes(60)).plan(changes, current);

        assertEquals(3, plan.restores().size());
        assertEquals("MaxCapacity 1000", plan.restores().get(0).action().after());
        assertEquals("TargetValue 70, ScaleOutCooldown 300s, ScaleInCooldown 60s", plan.restores().get(1).action().after());
        assertEquals("DisableContributorInsights", plan.restores().get(2).action().type());
        assertTrue(plan.left().isEmpty());
    }

    @Test
    void revert_leavesWhatAPersonChangedSince() {
        var changes = List.of(change("CHANGE#2", T0, RETUNE), change("CHANGE#3", T0, RAISE));
        // a person set the target to 50 and MaxCapacity to 5000 after the remediator
        var current = new Current(table(900), scaling(50, 60, 300, 5000), List.of());

        var plan = new RevertPlanner(Duration.ofMinutes(60)).plan(changes, current);

        assertTrue(plan.restores().isEmpty());
        assertEquals(2, plan.left().size());
        assertTrue(plan.left().stream().allMatch(l -> l.reason().startsWith("Changed since by a person or another tool")));
    }

    @Test
    void revert_defersMaxCapacity_whenRestoringWouldForceADecrease() {
        var changes = List.of(change("CHANGE#3", T0, RAISE));
        var current = new Current(table(1500), scaling(60, 60, 300, 2000), List.of());

        var plan = new RevertPlanner(Duration.ofMinutes(60)).plan(changes, current);

        assertTrue(plan.restores().isEmpty());
        assertTrue(plan.left().isEmpty(), "still ACTIVE: tried again at the next check");
        assertTrue(plan.deferred().get(0).reason().contains("would force a capacity decrease"));
    }

    @Test
    void revert_ignoresChangesAlreadyRevertedOrLeft() {
        var done = change("CHANGE#2", T0, RETUNE).with(ChangeRecord.Status.REVERTED, "reverted");
        var current = new Current(table(900), scaling(70, 300, 60, 1000), List.of());

        assertTrue(new RevertPlanner(Duration.ofMinutes(60)).plan(List.of(done), current).isEmpty());
    }
}
