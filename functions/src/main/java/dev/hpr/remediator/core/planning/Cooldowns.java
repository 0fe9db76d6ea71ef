package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * After the remediator changes a setting, it leaves that setting alone for a cooldown: the change needs time to
 * take effect (target tracking scales out after 2 minutes over target), and repeated alarms must not stack changes.
 */
public final class Cooldowns {

    private final Duration cooldown;

    public Cooldowns(Duration cooldown) {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, was " + cooldown);
        }
        this.cooldown = cooldown;
    }

    /**
     * The plan without the actions (applied or offered for approval) whose setting changed within the cooldown; those
     * become skips with the time left. A change that may have taken effect counts (an unsettled journal entry too);
     * one AWS refused, or that never took effect, does not.
     */
    public Plan apply(Plan plan, List<ChangeRecord> changes, Instant now) {
        var skipped = new ArrayList<>(plan.skipped());
        List<Action> actions = outsideCooldown(plan.actions(), changes, now, skipped);
        List<Action> forApproval = outsideCooldown(plan.forApproval(), changes, now, skipped);
        return new Plan(plan.mode(), plan.modeReason(), actions, skipped, forApproval);
    }

    /** The actions outside their setting's cooldown; a skip for each of the others. */
    public List<Action> outsideCooldown(List<Action> planned, List<ChangeRecord> changes, Instant now,
                                        List<Skip> skipped) {
        var actions = new ArrayList<Action>();
        for (Action action : planned) {
            Optional<ChangeRecord> last = changes.stream()
                    .filter(c -> c.status().mayHaveTakenEffect())
                    .filter(c -> c.action().setting().equals(action.setting()))
                    .max(Comparator.comparing(ChangeRecord::appliedAt));
            Instant until = last.map(c -> c.appliedAt().plus(cooldown)).orElse(Instant.MIN);
            if (until.isAfter(now)) {
                long minutesLeft = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
                skipped.add(Skip.of(action.resource(), action.description(), Skip.Code.COOLDOWN,
                        "Cooldown: this remediator changed it at " + last.get().appliedAt() + " ("
                                + last.get().action().before() + " -> " + last.get().action().after() + "); "
                                + minutesLeft + " minute(s) left of the " + cooldown.toMinutes() + "-minute cooldown."));
            } else {
                actions.add(action);
            }
        }
        return actions;
    }
}
