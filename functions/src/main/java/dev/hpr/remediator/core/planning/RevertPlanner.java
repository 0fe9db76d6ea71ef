package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.action.Undo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a table has been calm long enough, plans restoring the values this remediator changed: newest change first,
 * each as its action type says ({@link Action#undo}): restored if the setting still holds the value the remediator
 * set, left if a person or another tool changed it since, deferred if restoring now would force what the remediator
 * never does. Each planned restore is projected onto what the settings hold, so an older change of the same setting
 * compares with the value the newer restore leaves.
 */
public final class RevertPlanner {

    private final Duration calm;

    public RevertPlanner(Duration calm) {
        this.calm = calm;
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
        List<ChangeRecord> newestFirst = changes.stream()
                .filter(c -> c.status() == ChangeRecord.Status.ACTIVE)
                // A forecast schedule is not an incident's response: it stands until the next forecast changes or
                // removes it (journaled as a change of its own), whatever the alarm does.
                .filter(c -> !(c.action() instanceof dev.hpr.remediator.core.action.ForecastScheduleChange))
                .sorted(Comparator.comparing(ChangeRecord::appliedAt).thenComparing(ChangeRecord::id).reversed())
                .toList();
        Current holds = current;
        for (ChangeRecord change : newestFirst) {
            Undo undo = change.action().undo(holds, change.id());
            switch (undo.kind()) {
                case RESTORE -> {
                    Action restoring = undo.restore().orElseThrow();
                    restores.add(new Restore(change, restoring));
                    holds = restoring.project(holds);
                }
                case LEFT -> left.add(new Left(change, undo.reason()));
                case DEFERRED -> deferred.add(Skip.of(change.action().resource(),
                        "Restore " + change.action().description(), Skip.Code.DEFERRED, undo.reason()));
            }
        }
        return new RevertPlan(restores, left, deferred);
    }
}
