package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.aws.ActionJson;
import dev.hpr.remediator.aws.IamPermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each action type is one unit: it declares its IAM actions, serialises as a value (so a plan stored now applies
 * later exactly as it would have at once), undoes itself against what the settings hold, and projects its effect.
 */
class ActionUnitsTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final ResourceRef BY_CUSTOMER = ResourceRef.index("orders", "byCustomer");
    private static final PolicyValues WAS = new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60));
    private static final PolicyValues SET = new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300));

    private static final String RAISE = "hpr-forecast-write-daily-0900-raise";
    private static final ForecastScheduleChange.Entry AT_0840 =
            new ForecastScheduleChange.Entry("cron(40 8 * * ? *)", 720);

    /** One of each permitted type, remediating and restoring. */
    static List<Action> examples() {
        return List.of(
                ContributorInsightsChange.enable(BY_CUSTOMER, "THROTTLED_KEYS", "DISABLED"),
                new ContributorInsightsChange(ORDERS, "THROTTLED_KEYS", "ENABLED (THROTTLED_KEYS)", false,
                        Optional.of("CHANGE#1")),
                TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read", WAS, SET),
                new TargetTrackingChange(ORDERS, OperationType.READ, "orders-read", SET, WAS, Optional.of("CHANGE#2")),
                MaxCapacityChange.raise(BY_CUSTOMER, OperationType.WRITE, 5, 1000, 2000),
                new MaxCapacityChange(BY_CUSTOMER, OperationType.WRITE, 5, 2000, 1000, Optional.of("CHANGE#3")),
                MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 5, 40_000, 80_000),
                OnDemandMaximumChange.raise(ORDERS, OperationType.WRITE, 500, 1000),
                new OnDemandMaximumChange(ORDERS, OperationType.WRITE, 1000, 500, Optional.of("CHANGE#4")),
                ForecastScheduleChange.put(ORDERS, OperationType.WRITE, RAISE, Optional.empty(), AT_0840),
                ForecastScheduleChange.remove(ORDERS, OperationType.WRITE, RAISE, AT_0840),
                new ForecastScheduleChange(ORDERS, OperationType.WRITE, RAISE, Optional.of(AT_0840),
                        Optional.empty(), Optional.of("CHANGE#5")),
                WarmThroughputChange.raise(new WarmThroughputLevel(ORDERS, 12_000, 4_000), OperationType.WRITE,
                        6_600));
    }

    @Test
    void everyPermittedType_hasAnExample_andDeclaresItsIamActions() {
        Set<Class<?>> covered = examples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(Action.class.getPermittedSubclasses()), covered);
        for (Class<?> type : Action.class.getPermittedSubclasses()) {
            assertFalse(IamPermissions.declaredBy(type).isEmpty(), type.getSimpleName());
        }
        assertTrue(IamPermissions.required().containsAll(IamPermissions.declaredBy(TargetTrackingChange.class)));
    }

    @Test
    void anAction_isAValue_thatReadsBackEqual() {
        for (Action action : examples()) {
            String json = ActionJson.write(action);
            assertEquals(action, ActionJson.read(json), json);
        }
    }

    @Test
    void aPlansActionsStoredAndReadBack_applyExactlyAsTheOriginals() {
        var plan = new Plan(RemediationMode.APPLY, "deployment mode apply",
                examples().stream().filter(a -> !a.needsApproval()).toList(),
                List.of(Skip.of(ORDERS, "Retune write auto scaling", Skip.Code.HOT_PARTITION, "a partition's limit"),
                        Skip.ofTable("Any change", Skip.Code.BELOW_DETECTION, "below")),
                examples().stream().filter(Action::needsApproval).toList());
        List<Action> actions = ActionJson.readActions(ActionJson.writeActions(plan.actions()));
        List<Action> forApproval = ActionJson.readActions(ActionJson.writeActions(plan.forApproval()));
        assertEquals(plan.actions(), actions);
        assertEquals(plan.forApproval(), forApproval);
        assertEquals(3, forApproval.size());

        var now = new RecordingPorts();
        var later = new RecordingPorts();
        plan.actions().forEach(a -> a.apply(now));
        plan.forApproval().forEach(a -> a.apply(now));
        actions.forEach(a -> a.apply(later));
        forApproval.forEach(a -> a.apply(later));
        assertEquals(now.calls, later.calls);
        assertEquals(13, now.calls.size());
    }

    @Test
    void undo_restoresWhatWasSet_andProjectingTheRestoreGivesBackTheBefore() {
        var retune = TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read", WAS, SET);
        Current afterRetune = retune.project(current(WAS, 1000, "DISABLED"));
        assertEquals(Optional.empty(), retune.stale(current(WAS, 1000, "DISABLED")));
        assertTrue(retune.stale(afterRetune).isPresent(), "planned against 70, the policy now holds 60");

        Undo undo = retune.undo(afterRetune, "CHANGE#9");
        assertEquals(Undo.Kind.RESTORE, undo.kind());
        Action restore = undo.restore().orElseThrow();
        assertEquals("RestoreTargetTracking", restore.type());
        assertEquals(Optional.of(WAS), restore.project(afterRetune).policy(ORDERS, OperationType.READ, "orders-read"));

        assertEquals(Undo.Kind.LEFT, retune.undo(current(new PolicyValues(50, OptionalInt.empty(), OptionalInt.empty()),
                1000, "DISABLED"), "CHANGE#9").kind(), "a person set 50 since");
    }

    @Test
    void undoOfARaise_waitsWhileTheTableIsProvisionedAboveTheOldMaximum() {
        var raise = MaxCapacityChange.raise(ORDERS, OperationType.READ, 100, 1000, 2000);
        Current raised = raise.project(current(WAS, 1500, "DISABLED"));
        assertEquals(Undo.Kind.DEFERRED, raise.undo(raised, "CHANGE#1").kind());
        Current scaledIn = raise.project(current(WAS, 900, "DISABLED"));
        assertEquals("MaxCapacity 1000", raise.undo(scaledIn, "CHANGE#1").restore().orElseThrow().after());
    }

    @Test
    void aForecastSchedule_undoesToWhatWasThere_andIsLeftWhenSomeoneChangedIt() {
        var put = ForecastScheduleChange.put(ORDERS, OperationType.WRITE, RAISE, Optional.empty(), AT_0840);
        Current none = current(WAS, 900, "DISABLED");
        assertEquals(Optional.empty(), put.stale(none));
        assertEquals(Holds.Kind.BEFORE, put.holds(none).kind());
        Current scheduled = put.project(none);
        assertEquals(Holds.Kind.AFTER, put.holds(scheduled).kind());
        assertEquals(OptionalInt.of(720), scheduled.highestScheduledMinCapacityOfOurs(ORDERS, OperationType.WRITE));
        Action undo = put.undo(scheduled, "CHANGE#7").restore().orElseThrow();
        assertEquals("RestoreScheduledMinCapacity", undo.type());
        assertEquals("no scheduled action " + RAISE, undo.after(), "undoing a put removes it");
        assertTrue(undo.project(scheduled).scheduled().isEmpty());

        var replaced = ForecastScheduleChange.put(ORDERS, OperationType.WRITE, RAISE, Optional.of(AT_0840),
                new ForecastScheduleChange.Entry("cron(45 8 * * ? *)", 800));
        Current now = replaced.project(scheduled);
        assertEquals("cron(40 8 * * ? *) MinCapacity 720",
                replaced.undo(now, "CHANGE#8").restore().orElseThrow().after(), "undoing a replace puts it back");
        assertEquals(Undo.Kind.LEFT, replaced.undo(scheduled, "CHANGE#8").kind(), "someone put 720 back since");
    }

    @Test
    void aForecastSchedule_touchesOnlyOurNames_andNeverAScheduledMaxCapacity() {
        assertThrows(IllegalArgumentException.class, () -> ForecastScheduleChange.put(ORDERS, OperationType.WRITE,
                "nightly-batch", Optional.empty(), AT_0840));
        var theirs = new ScheduledCapacity(ORDERS, OperationType.WRITE, RAISE, "cron(40 8 * * ? *)",
                OptionalInt.of(720), OptionalInt.of(800));
        assertEquals(Optional.empty(), ForecastScheduleChange.entryOf(theirs), "one with a MaxCapacity is not ours");
    }

    @Test
    void aWarmThroughputRaise_alwaysNeedsApproval_andIsNeverLowered() {
        var raise = WarmThroughputChange.raise(new WarmThroughputLevel(ORDERS, 12_000, 4_000), OperationType.WRITE,
                6_600);
        assertTrue(raise.needsApproval());
        assertThrows(IllegalArgumentException.class, () -> WarmThroughputChange.raise(
                new WarmThroughputLevel(ORDERS, 12_000, 4_000), OperationType.WRITE, 3_000));
        Current raised = raise.project(current(WAS, 900, "DISABLED"));
        Undo undo = raise.undo(raised, "CHANGE#1");
        assertEquals(Undo.Kind.LEFT, undo.kind());
        assertTrue(undo.reason().contains("cannot be lowered") && undo.reason().contains("charged"), undo.reason());
        assertEquals(Holds.Kind.AFTER, raise.holds(raised).kind());
    }

    @Test
    void aReadAndAWriteWarmThroughputRaise_eachConcernOnlyItsOwnOperation() {
        // given the forecast's two offers on one day, each against 12,000 read / 4,000 write
        var seen = new WarmThroughputLevel(ORDERS, 12_000, 4_000);
        var read = WarmThroughputChange.raise(seen, OperationType.READ, 16_500);
        var write = WarmThroughputChange.raise(seen, OperationType.WRITE, 6_600);
        Current today = warm(seen);
        assertEquals(Optional.empty(), read.stale(today));
        assertEquals(Optional.empty(), write.stale(today));
        assertEquals(Holds.Kind.BEFORE, read.holds(today).kind());
        assertEquals(Holds.Kind.BEFORE, write.holds(today).kind());
        assertFalse(read.setting().equals(write.setting()), "two settings: one's cooldown does not hold the other");

        // when the read raise is approved and applied first
        Current readRaised = read.project(today);
        assertEquals(new WarmThroughputLevel(ORDERS, 16_500, 4_000), readRaised.warmThroughputOf(ORDERS).orElseThrow(),
                "projecting the read raise changes only read");

        // then the write raise is still fresh and still BEFORE, and the read raise holds
        assertEquals(Optional.empty(), write.stale(readRaised), "the other operation's raise makes it not stale");
        assertEquals(Holds.Kind.BEFORE, write.holds(readRaised).kind());
        assertEquals(Holds.Kind.AFTER, read.holds(readRaised).kind());

        // and after the write raise too, both hold, and the projection kept the read raise
        Current bothRaised = write.project(readRaised);
        assertEquals(new WarmThroughputLevel(ORDERS, 16_500, 6_600), bothRaised.warmThroughputOf(ORDERS).orElseThrow());
        assertEquals(Holds.Kind.AFTER, read.holds(bothRaised).kind(), "the write raise leaves the read one holding");
        assertEquals(Holds.Kind.AFTER, write.holds(bothRaised).kind());

        // a change of the raised operation itself still makes its plan stale, and NEITHER when at another value
        Current readMovedElsewhere = warm(new WarmThroughputLevel(ORDERS, 14_000, 9_000));
        assertTrue(read.stale(readMovedElsewhere).orElseThrow().contains("14000 read"),
                read.stale(readMovedElsewhere).toString());
        assertEquals(Holds.Kind.NEITHER, read.holds(readMovedElsewhere).kind());
        assertEquals(Holds.Kind.NEITHER, write.holds(readMovedElsewhere).kind(), "write is at 9,000, neither");
        assertTrue(write.stale(readMovedElsewhere).orElseThrow().contains("9000 write"));
    }

    @Test
    void aWarmThroughputRaise_sendsOnlyItsOperation_andRaisesOnlyIt() {
        var seen = new WarmThroughputLevel(ORDERS, 12_000, 4_000);
        var ports = new RecordingPorts();
        WarmThroughputChange.raise(seen, OperationType.READ, 16_500).apply(ports);
        WarmThroughputChange.raise(seen, OperationType.WRITE, 6_600).apply(ports);
        assertEquals(List.of("warm throughput orders READ 16500", "warm throughput orders WRITE 6600"), ports.calls);
        assertThrows(IllegalArgumentException.class, () -> WarmThroughputChange.raise(seen, OperationType.READ,
                12_000), "not a raise");
        assertThrows(IllegalArgumentException.class, () -> new WarmThroughputChange(ORDERS, OperationType.READ,
                12_000, 4_000, 16_500, 5_000, Optional.empty()), "a change raises one operation only");
        assertThrows(IllegalArgumentException.class, () -> new WarmThroughputChange(ORDERS, OperationType.READ,
                12_000, 4_000, 16_500, 3_000, Optional.empty()), "and never lowers the other");
    }

    private static Current warm(WarmThroughputLevel level) {
        Current base = current(WAS, 900, "DISABLED");
        return new Current(base.table(), base.scaling(), base.insights(), List.of(), List.of(level));
    }

    @Test
    void aMaxCapacityRestore_waitsWhileOurScheduleRaisesMinCapacityAboveTheOldMaximum() {
        var raise = MaxCapacityChange.raise(ORDERS, OperationType.READ, 100, 1000, 2000);
        Current raised = raise.project(current(WAS, 900, "DISABLED"));
        assertEquals(Undo.Kind.RESTORE, raise.undo(raised, "CHANGE#1").kind());
        Current withSchedule = ForecastScheduleChange.put(ORDERS, OperationType.READ, "hpr-forecast-read-daily-0900-raise",
                Optional.empty(), new ForecastScheduleChange.Entry("cron(40 8 * * ? *)", 1500)).project(raised);
        Undo undo = raise.undo(withSchedule, "CHANGE#1");
        assertEquals(Undo.Kind.DEFERRED, undo.kind());
        assertTrue(undo.reason().contains("1500"), undo.reason());
    }

    @Test
    void undoOfAnEnable_disablesOnlyWhatIsStillOnInItsMode() {
        var enable = ContributorInsightsChange.enable(ORDERS, "THROTTLED_KEYS", "DISABLED");
        assertEquals("DisableContributorInsights",
                enable.undo(enable.project(current(WAS, 900, "DISABLED")), "C").restore().orElseThrow().type());
        assertEquals(Undo.Kind.LEFT, enable.undo(current(WAS, 900, "DISABLED"), "C").kind());
    }

    private static Current current(PolicyValues policy, long provisionedRead, String insights) {
        var table = new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders", "ACTIVE",
                BillingMode.PROVISIONED, Optional.of(new Capacity(provisionedRead, 10)), Optional.empty(), 0, false,
                List.of(), Map.of());
        var scaling = new ScalingState(List.of(new ScalingState.Target(ORDERS, OperationType.READ, 100, 1000)),
                List.of(new ScalingState.TargetTrackingPolicy("orders-read", ORDERS, OperationType.READ,
                        policy.targetValue(), policy.scaleOutCooldown(), policy.scaleInCooldown(), false)));
        return new Current(table, scaling, List.of(new InsightsStatus(ORDERS, insights, Optional.empty(), List.of(),
                Optional.empty())));
    }

    /** The ports, recording each call: what applying a plan asks of AWS. */
    private static final class RecordingPorts implements ActionPorts, ActionPorts.ContributorInsights,
            ActionPorts.AutoScaling, ActionPorts.Tables {
        final List<String> calls = new ArrayList<>();

        @Override
        public ContributorInsights contributorInsights() {
            return this;
        }

        @Override
        public AutoScaling autoScaling() {
            return this;
        }

        @Override
        public Tables tables() {
            return this;
        }

        @Override
        public void updateOnDemandMaximum(ResourceRef resource, OperationType operation, long maximum) {
            calls.add("on-demand maximum " + resource.shortName() + " " + operation + " " + maximum);
        }

        @Override
        public void raiseWarmThroughput(ResourceRef resource, OperationType operation, long unitsPerSecond) {
            calls.add("warm throughput " + resource.shortName() + " " + operation + " " + unitsPerSecond);
        }

        @Override
        public void putScheduledMinCapacity(ResourceRef resource, OperationType operation, String name,
                                            String schedule, int minCapacity) {
            calls.add("put scheduled " + resource.shortName() + " " + operation + " " + name + " " + schedule + " "
                    + minCapacity);
        }

        @Override
        public void deleteScheduledAction(ResourceRef resource, OperationType operation, String name) {
            calls.add("delete scheduled " + resource.shortName() + " " + operation + " " + name);
        }

        @Override
        public String enable(ResourceRef resource, String mode) {
            calls.add("enable " + resource.shortName() + " " + mode);
            return "ENABLED";
        }

        @Override
        public String disable(ResourceRef resource) {
            calls.add("disable " + resource.shortName());
            return "DISABLED";
        }

        @Override
        public void writeTargetTracking(ResourceRef resource, OperationType operation, String policyName,
                                        PolicyValues values) {
            calls.add("policy " + resource.shortName() + " " + operation + " " + policyName + " " + values.text());
        }

        @Override
        public void registerCapacity(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity) {
            calls.add("capacity " + resource.shortName() + " " + operation + " " + minCapacity + "-" + maxCapacity);
        }
    }

    @Test
    void aStandingScheduleEntry_staysWhenCloseEnough_soTheForecastDoesNotReplaceItEveryDay() {
        var standing = new ForecastScheduleChange.Entry("cron(44 8 * * ? *)", 1500);

        assertTrue(standing.closeEnough(new ForecastScheduleChange.Entry("cron(47 8 * * ? *)", 1640), true),
                "3 minutes and 9% apart: a raise stays");
        assertTrue(standing.closeEnough(new ForecastScheduleChange.Entry("cron(39 8 * * ? *)", 1365), true));
        assertFalse(standing.closeEnough(new ForecastScheduleChange.Entry("cron(50 8 * * ? *)", 1500), true),
                "6 minutes later: replaced");
        assertFalse(standing.closeEnough(new ForecastScheduleChange.Entry("cron(44 8 * * ? *)", 1700), true),
                "13% higher: replaced");
        assertFalse(standing.closeEnough(new ForecastScheduleChange.Entry("cron(44 8 ? * MON-FRI *)", 1500), true),
                "other days: replaced");
        var restore = new ForecastScheduleChange.Entry("cron(30 9 * * ? *)", 5);
        assertTrue(restore.closeEnough(new ForecastScheduleChange.Entry("cron(33 9 * * ? *)", 5), false));
        assertFalse(restore.closeEnough(new ForecastScheduleChange.Entry("cron(30 9 * * ? *)", 6), false),
                "a restore's MinCapacity is the table's own: exact");
        assertFalse(new ForecastScheduleChange.Entry("at(2026-12-07T08:44:00)", 1500)
                .closeEnough(new ForecastScheduleChange.Entry("cron(44 8 * * ? *)", 1500), true));
    }
}
