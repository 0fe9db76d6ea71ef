package dev.hpr.remediator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * When a table has been calm long enough, plans restoring the values this remediator changed: newest change first,
 * each only if the setting still holds the value the remediator set (else a person or another tool changed it
 * since, and it is left as it is). A MaxCapacity is restored only when the current provisioned capacity fits under
 * the old maximum, so a revert never forces a capacity decrease; otherwise it is deferred to a later check.
 */
public final class RevertPlanner {

    private final Duration calm;

    public RevertPlanner(Duration calm) {
        this.calm = calm;
    }

    /** The table's alarm state as last seen by the remediator. */
    public record AlarmState(String state, Instant since) {
        public AlarmState {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(since, "since");
        }
    }

    /** What to restore, what to leave (and mark), and what to try again later. */
    public record RevertPlan(List<Restore> restores, List<Left> left, List<Skip> deferred) {
        public RevertPlan {
            restores = List.copyOf(restores);
            left = List.copyOf(left);
            deferred = List.copyOf(deferred);
        }

        public boolean isEmpty() {
            return restores.isEmpty() && left.isEmpty();
        }
    }

    /** A change to restore, and the action that restores it. */
    public record Restore(ChangeRecord change, Action action) {
    }

    /** A change left as it is, and why. */
    public record Left(ChangeRecord change, String reason) {
    }

    /** The current values the revert compares with. */
    public record Current(ScalingState scaling, List<InsightsStatus> insights, TableDescription table) {
    }

    /** Whether the table has been calm long enough for a revert at {@code now}; empty when it has. */
    public Optional<String> notCalmYet(Optional<AlarmState> alarm, Instant now) {
        if (alarm.isEmpty()) {
            return Optional.of("no alarm state recorded for the table yet");
        }
        if (!"OK".equals(alarm.get().state())) {
            return Optional.of("its alarm is " + alarm.get().state() + " since " + alarm.get().since());
        }
        Duration calmFor = Duration.between(alarm.get().since(), now);
        if (calmFor.compareTo(calm) < 0) {
            return Optional.of(String.format(Locale.ROOT, "calm for %d of the %d minutes a revert waits for",
                    Math.max(0, calmFor.toMinutes()), calm.toMinutes()));
        }
        return Optional.empty();
    }

    public RevertPlan plan(List<ChangeRecord> changes, Current current) {
        var restores = new ArrayList<Restore>();
        var left = new ArrayList<Left>();
        var deferred = new ArrayList<Skip>();
        // What each setting holds now, updated as newer changes are restored so that older ones compare correctly.
        Map<String, Object> holds = new HashMap<>();
        List<ChangeRecord> newestFirst = changes.stream()
                .filter(c -> c.status() == ChangeRecord.Status.ACTIVE)
                .sorted(Comparator.comparing(ChangeRecord::appliedAt).thenComparing(ChangeRecord::id).reversed())
                .toList();
        for (ChangeRecord change : newestFirst) {
            Action action = change.action();
            if (action instanceof Action.RetuneTargetTracking retune) {
                restoreTargetTracking(change, retune, current, holds, restores, left);
            } else if (action instanceof Action.RaiseMaxCapacity raise) {
                restoreMaxCapacity(change, raise, current, holds, restores, left, deferred);
            } else if (action instanceof Action.EnableContributorInsights enable) {
                disableContributorInsights(change, enable, current, holds, restores, left);
            }
        }
        return new RevertPlan(restores, left, deferred);
    }

    private record PolicyValues(double target, OptionalInt out, OptionalInt in) {
    }

    private static void restoreTargetTracking(ChangeRecord change, Action.RetuneTargetTracking retune, Current current,
                                              Map<String, Object> holds, List<Restore> restores, List<Left> left) {
        String key = ChangeRecord.setting(retune);
        Optional<PolicyValues> now = Optional.ofNullable((PolicyValues) holds.get(key)).or(() ->
                current.scaling().policy(retune.resource(), retune.operation())
                        .filter(p -> p.policyName().equals(retune.policyName()))
                        .map(p -> new PolicyValues(p.targetValue(), p.scaleOutCooldown(), p.scaleInCooldown())));
        var ours = new PolicyValues(retune.targetValueAfter(), retune.scaleOutCooldownAfter(), retune.scaleInCooldownAfter());
        if (now.isEmpty()) {
            left.add(new Left(change, "Policy " + retune.policyName() + " no longer exists; nothing to restore."));
        } else if (!now.get().equals(ours)) {
            left.add(new Left(change, "Changed since by a person or another tool: it now holds "
                    + Action.RetuneTargetTracking.values(now.get().target(), now.get().out(), now.get().in())
                    + ", not the " + retune.after() + " this remediator set; left as it is."));
        } else {
            restores.add(new Restore(change, new Action.RestoreTargetTracking(retune.resource(), retune.operation(),
                    retune.policyName(), change.id(), retune.targetValueAfter(), retune.targetValueBefore(),
                    retune.scaleOutCooldownAfter(), retune.scaleOutCooldownBefore(), retune.scaleInCooldownAfter(),
                    retune.scaleInCooldownBefore())));
            holds.put(key, new PolicyValues(retune.targetValueBefore(), retune.scaleOutCooldownBefore(),
                    retune.scaleInCooldownBefore()));
        }
    }

    private static void restoreMaxCapacity(ChangeRecord change, Action.RaiseMaxCapacity raise, Current current,
                                           Map<String, Object> holds, List<Restore> restores, List<Left> left,
                                           List<Skip> deferred) {
        String key = ChangeRecord.setting(raise);
        Optional<Integer> now = Optional.ofNullable((Integer) holds.get(key)).or(() ->
                current.scaling().target(raise.resource(), raise.operation()).map(ScalingState.Target::maxCapacity));
        long provisioned = current.table().provisionedFor(raise.resource()).map(c -> c.of(raise.operation())).orElse(0L);
        if (now.isEmpty()) {
            left.add(new Left(change, "Its scalable target no longer exists; nothing to restore."));
        } else if (now.get() != raise.maxCapacityAfter()) {
            left.add(new Left(change, "Changed since by a person or another tool: MaxCapacity is now " + now.get()
                    + ", not the " + raise.maxCapacityAfter() + " this remediator set; left as it is."));
        } else if (provisioned > raise.maxCapacityBefore()) {
            deferred.add(Skip.of(raise.resource(), "Restore " + raise.operation().lower() + " MaxCapacity",
                    "Provisioned " + raise.operation().lower() + " capacity is " + provisioned + ", above the original"
                            + " MaxCapacity " + raise.maxCapacityBefore() + ": restoring it now would force a capacity"
                            + " decrease. Deferred until auto scaling has scaled in."));
        } else {
            int min = current.scaling().target(raise.resource(), raise.operation())
                    .map(ScalingState.Target::minCapacity).orElse(raise.minCapacity());
            restores.add(new Restore(change, new Action.RestoreMaxCapacity(raise.resource(), raise.operation(),
                    change.id(), min, raise.maxCapacityAfter(), raise.maxCapacityBefore())));
            holds.put(key, raise.maxCapacityBefore());
        }
    }

    private static void disableContributorInsights(ChangeRecord change, Action.EnableContributorInsights enable,
                                                   Current current, Map<String, Object> holds,
                                                   List<Restore> restores, List<Left> left) {
        String key = ChangeRecord.setting(enable);
        if (holds.containsKey(key)) {
            return;
        }
        Optional<InsightsStatus> now = current.insights().stream()
                .filter(s -> s.resource().equals(enable.resource())).findFirst();
        boolean stillOurs = now.isPresent() && now.get().isOn()
                && now.get().mode().map(enable.mode()::equals).orElse(false);
        if (!stillOurs) {
            left.add(new Left(change, "Contributor Insights on " + enable.resource().label() + " is now "
                    + now.map(s -> s.status() + s.mode().map(m -> " (" + m + ")").orElse("")).orElse("unknown")
                    + ", not the ENABLED (" + enable.mode() + ") this remediator set; left as it is."));
        } else {
            restores.add(new Restore(change, new Action.DisableContributorInsights(enable.resource(), change.id(),
                    now.get().status() + " (" + enable.mode() + ")")));
            holds.put(key, "DISABLED");
        }
    }
}
