package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ForecastScheduleChange;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.state.ApprovalSteps;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StoredPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an approval of a plan may change anything now, and what: the guard chain of an approval as one pure
 * decision. In order: the deployment still protects the table and its tag still allows a change; the table's mode
 * still lets a person approve; something of the plan is left to apply (each action at most once, ever: the journal
 * says what earlier approvals did); then each action left is applied only if its "before" still holds and its setting
 * is out of its cooldown. The use case reads AWS and the journal, asks this, and writes only what it answers.
 */
public final class ApprovalGuard {

    private final TableProtection protection;
    private final RemediationMode configured;
    private final Cooldowns cooldowns;

    public ApprovalGuard(TableProtection protection, RemediationMode configured, Cooldowns cooldowns) {
        this.protection = Objects.requireNonNull(protection, "protection");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.cooldowns = Objects.requireNonNull(cooldowns, "cooldowns");
    }

    /** What an approval may do: refuse (nothing changes), or apply these steps and say why the others are not. */
    public sealed interface Verdict permits Refused, Apply {
    }

    /** Nothing changes, and why (a person reads it). */
    public record Refused(String why) implements Verdict {
        public Refused {
            Objects.requireNonNull(why, "why");
        }
    }

    /** An action of the plan and its index among the plan's actions (the journal's step). */
    public record Step(int index, Action action) {
    }

    /** Apply these steps; the skipped ones say why not (already done, stale, cooling down). */
    public record Apply(List<Step> steps, List<Skip> skipped) implements Verdict {
        public Apply {
            steps = List.copyOf(steps);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * @param table   the table as read now
     * @param current what the plan's settings hold now
     * @param journal the table's journal entries, settled
     */
    public Verdict decide(StoredPlan plan, TableDescription table, Current current, List<ChangeRecord> journal,
                          Instant now) {
        // A table unlisted, untagged or tagged dry-run or off since the plan was offered is not changed (the plan
        // stays pending until it expires).
        Optional<String> unprotected = protection.refusalByName(plan.table())
                .or(() -> protection.refusalByTags(plan.table(), table.tags()));
        if (unprotected.isPresent()) {
            return new Refused(unprotected.get() + " Plan " + plan.planId() + " was not applied.");
        }
        Planner.ModeDecision mode = Planner.mode(table, configured);
        if (mode.mode() != RemediationMode.APPLY && mode.mode() != RemediationMode.APPROVE) {
            return new Refused("table " + plan.table() + " is in mode " + mode.mode().word() + " now ("
                    + mode.reason() + "): plan " + plan.planId() + " was not applied; nothing changed");
        }
        var skipped = new ArrayList<Skip>();
        List<Integer> left = ApprovalSteps.left(plan, journal, skipped);
        if (left.isEmpty()) {
            return new Refused("plan " + plan.planId() + " was already "
                    + plan.decision().map(StoredPlan.Decision::text).orElse("decided") + " and each of its actions"
                    + " was applied or closed since: nothing is left to apply");
        }
        var fresh = new ArrayList<Step>();
        Current holds = current;
        for (int index : left) {
            Action action = plan.actions().get(index);
            Optional<String> stale = action.stale(holds);
            if (stale.isPresent()) {
                skipped.add(Skip.of(action.resource(), action.description(), Skip.Code.STALE,
                        "Changed since the plan: " + stale.get() + "; not applied."));
                continue;
            }
            fresh.add(new Step(index, action));
            holds = action.project(holds);
        }
        List<Action> outside = cooldowns.outsideCooldown(fresh.stream().map(Step::action).toList(), journal, now,
                skipped);
        // A forecast's raise is put only with its restore standing (in AWS, or put by this approval before it), and
        // a restore removed only with its raise gone: a restore refused, in cooldown or changed since the plan never
        // leaves its raise alone. Checked over what is applied, in order.
        var applying = new ArrayList<Step>();
        Current after = current;
        for (Step step : fresh) {
            if (!outside.contains(step.action())) {
                continue;
            }
            if (step.action() instanceof ForecastScheduleChange f) {
                boolean partnerStands = after.scheduledAction(f.resource(), f.operation(),
                        ScheduledMinCapacity.partnerOf(f.name())).isPresent();
                if (f.putsRaise() && !partnerStands) {
                    skipped.add(Skip.of(f.resource(), f.description(), Skip.Code.STALE, "Its restore does not stand"
                            + " (refused, in cooldown, or changed since the plan): a raise is put only with its"
                            + " restore; not applied."));
                    continue;
                }
                if (f.removesRestore() && partnerStands) {
                    skipped.add(Skip.of(f.resource(), f.description(), Skip.Code.STALE, "Its raise stands: a"
                            + " restore is removed only once its raise is gone; not applied."));
                    continue;
                }
            }
            applying.add(step);
            after = step.action().project(after);
        }
        return new Apply(applying, skipped);
    }
}
