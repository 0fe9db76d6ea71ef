package dev.hpr.remediator.usecase;

import static dev.hpr.remediator.usecase.ForecastSummary.describe;
import static dev.hpr.remediator.usecase.ForecastSummary.left;
import static dev.hpr.remediator.usecase.ForecastSummary.reasonOf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.aws.CapacityHistory;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ForecastScheduleChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.forecast.Backtest;
import dev.hpr.remediator.core.forecast.Forecast;
import dev.hpr.remediator.core.forecast.ForecastPeak;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.forecast.PeakForecaster;
import dev.hpr.remediator.core.forecast.Proposal;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.remediator.core.model.ForecastMode;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.finding.ForecastText;
import dev.hpr.remediator.usecase.ForecastSummary.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The forecast of a provisioned table: per scalable target (the table's or a GSI's, read or write), our scheduled
 * {@code MinCapacity} actions ({@code hpr-forecast-…}) brought in line with its recurring peaks, and a
 * {@code MaxCapacity} raise offered for a peak that needs more; never anyone else's action, never a scheduled
 * {@code MaxCapacity}.
 */
final class ScheduleForecast {

    private final Settings settings;
    private final Supplier<ScalingPolicies> scalingPolicies;
    private final CapacityHistory history;
    private final PeakForecaster forecaster;
    private final Backtest backtest;
    private final ForecastChanges acting;

    ScheduleForecast(Settings settings, Supplier<ScalingPolicies> scalingPolicies, CapacityHistory history,
                     PeakForecaster forecaster, Backtest backtest, ForecastChanges acting) {
        this.settings = settings;
        this.scalingPolicies = scalingPolicies;
        this.history = history;
        this.forecaster = forecaster;
        this.backtest = backtest;
        this.acting = acting;
    }

    /** Provisioned: per scalable target, our scheduled actions brought in line with the forecast. */
    void forecast(TableDescription table, List<CapacityHistory.Hourly> coarse, Planner.ModeDecision mode,
                  String invocationId, Instant now, ArrayNode out, ForecastSpeech speech, List<ChangeRecord> journal) {
        ScalingPolicies policies = scalingPolicies.get();
        ScalingState scaling = policies.describe(table.resources());
        List<ScheduledCapacity> scheduled = scaling.targets().isEmpty() ? List.of()
                : policies.scheduledActions(scaling.targets().stream().map(ScalingState.Target::resource)
                        .distinct().toList());
        for (CapacityHistory.Hourly hourly : coarse) {
            ResourceRef resource = hourly.resource();
            OperationType op = hourly.operation();
            ObjectNode node = out.addObject().put("resource", resource.label()).put("operation", op.lower());
            Optional<ScalingState.Target> target = scaling.target(resource, op);
            Optional<ScalingState.TargetTrackingPolicy> policy = scaling.policy(resource, op);
            List<ScheduledCapacity> ours = scheduled.stream().filter(a -> a.resource().equals(resource)
                    && a.operation() == op && ScheduledMinCapacity.isOurs(a.name())).toList();
            if (!hourly.throttled() && ours.isEmpty()) {
                left(node, "checked hourly over 14 days: no throttle events, and no schedule of ours stands;"
                        + " per-minute history not read");
                continue;
            }
            if (target.isEmpty() || policy.isEmpty()) {
                left(node, "throttle events recorded, but " + (target.isEmpty() ? "no scalable target"
                        : "no target-tracking policy") + ": there is no MinCapacity to schedule");
                continue;
            }
            // The table's own MinCapacity, which our restores set back (baseMin below).
            int current = target.get().minCapacity();
            // A raise of ours without its restore (a step refused for good, or an older version) whose value is the
            // minimum now: the table's own minimum is not known, and guessing it would keep the raise for good or
            // lower the owner's. Nothing is changed on this target until a person sets it.
            Optional<ScheduledCapacity> lone = ours.stream().filter(a -> ScheduledMinCapacity.isRaise(a.name())
                    && partnerOf(ours, a).isEmpty() && a.minCapacity().isPresent()
                    && a.minCapacity().getAsInt() == current).findFirst();
            if (lone.isPresent()) {
                String why = "our scheduled action " + lone.get().name() + " raises MinCapacity to " + current
                        + " and stands without its restore, and MinCapacity is " + current + " now: the table's own"
                        + " minimum is not known, so nothing is changed here; set MinCapacity back"
                        + " (RegisterScalableTarget) and delete " + lone.get().name() + ", and the next run goes on";
                left(node, why);
                speech.proposed(ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.SCHEDULE),
                        "lone raise " + lone.get().name(), () -> resource.label() + " (" + op.lower() + "): " + why
                                + ".");
                continue;
            }
            // Every value one of our raises on this target sets, or set within the last 8 days (the journal: long
            // enough for a weekday restore to run over a weekend): a minimum at one of them is ours, not the owner's,
            // whatever the time. Older ones are the owner's again (an owner who kept a value we once used).
            var raiseValues = new java.util.TreeSet<Integer>();
            ours.stream().filter(a -> ScheduledMinCapacity.isRaise(a.name()) && a.minCapacity().isPresent())
                    .forEach(a -> raiseValues.add(a.minCapacity().getAsInt()));
            journal.stream().filter(c -> c.action() instanceof ForecastScheduleChange f
                    && ScheduledMinCapacity.isRaise(f.name())
                    && f.resource().equals(resource) && f.operation() == op
                    && c.appliedAt().isAfter(now.minus(java.time.Duration.ofDays(8)))).forEach(c -> {
                        ForecastScheduleChange f = (ForecastScheduleChange) c.action();
                        f.was().ifPresent(e -> raiseValues.add(e.minCapacity()));
                        f.becomes().ifPresent(e -> raiseValues.add(e.minCapacity()));
                    });
            // The table's own minimum is what our restore holds while our raise is in force, and also whenever the
            // minimum is a value one of our raises set (a restore AWS has not run yet, or an owner who chose exactly
            // that value: taken as ours, the safe side); otherwise the minimum now, an owner's change followed.
            Optional<ScheduledCapacity> inForce = raiseInForce(ours, current, now);
            // (Restores that disagree, after a run stopped part-way: the highest, never lowering more than one of
            // them would.)
            Optional<Integer> restoreValue = inForce.flatMap(r -> partnerOf(ours, r))
                    .flatMap(r -> r.minCapacity().isPresent() ? Optional.of(r.minCapacity().getAsInt())
                            : Optional.<Integer>empty())
                    .or(() -> ours.stream().filter(x -> ScheduledMinCapacity.isRestore(x.name())
                            && x.minCapacity().isPresent())
                            .map(x -> x.minCapacity().getAsInt()).max(Integer::compare));
            int baseMin = inForce.isPresent() || raiseValues.contains(current) ? restoreValue.orElse(current)
                    : current;
            // The owner's MaxCapacity: an incident's raise of ours that the revert check has still to undo is not
            // theirs. Scheduling up to it would make it permanent (the revert waits while a scheduled MinCapacity
            // stands above the old maximum) without anyone approving it.
            int maxCapacity = target.get().maxCapacity();
            // (Any raise but the forecast's own, approved or not: the revert check undoes them all once calm.)
            OptionalInt incidentRaisedFrom = journal.stream().filter(c -> c.status() == ChangeRecord.Status.ACTIVE
                    && !"forecast".equals(c.trigger()) && c.action() instanceof MaxCapacityChange m
                    && m.restores().isEmpty() && m.resource().equals(resource) && m.operation() == op)
                    .mapToInt(c -> ((MaxCapacityChange) c.action()).maxCapacityBefore()).min();
            if (incidentRaisedFrom.isPresent() && incidentRaisedFrom.getAsInt() < maxCapacity) {
                node.put("maxCapacity", "MaxCapacity is " + maxCapacity + " by an incident's raise that the revert"
                        + " check will undo: the schedule is capped at the owner's " + incidentRaisedFrom.getAsInt()
                        + ", and a raise past it is offered once the revert is done");
                maxCapacity = incidentRaisedFrom.getAsInt();
            }
            boolean incidentRaised = node.has("maxCapacity");
            final int ceilingMax = maxCapacity;
            History minutes = history.perMinute(resource, op, false, now);
            Forecast forecast = forecaster.forecast(minutes, new Serving.TargetTracking(
                    Math.min(baseMin, ceilingMax), ceilingMax, policy.get().targetValue()), now);
            describe(node, forecast, now);
            // The owner's own scheduled MinCapacity on this target: our restore would set back a minimum the owner's
            // schedule may have changed (and undo it until their next action), our raise could lower theirs. The
            // forecast does not interleave: it names the peaks, schedules nothing here, and removes ours.
            List<String> ownersMin = scheduled.stream().filter(a -> a.resource().equals(resource)
                    && a.operation() == op && !ScheduledMinCapacity.isOurs(a.name()) && a.minCapacity().isPresent())
                    .map(ScheduledCapacity::name).toList();
            List<ScheduledMinCapacity> wanted = ownersMin.isEmpty()
                    ? namedAsStanding(forecast.scheduledActions(), ours) : List.of();
            String ownersReason = "the owner's own scheduled actions (" + String.join(", ", ownersMin) + ") set"
                    + " MinCapacity on this scalable target: our restore would undo them and our raise could lower"
                    + " theirs, so the forecast schedules nothing here; add the peaks above to your own schedule, or"
                    + " remove yours to let the forecast schedule them";
            var changes = new ArrayList<Action>();
            for (ScheduledMinCapacity w : wanted) {
                var entry = new ForecastScheduleChange.Entry(w.schedule().expression(), w.minCapacity());
                Optional<ScheduledCapacity> existing = ours.stream()
                        .filter(a -> a.name().equals(w.scheduledActionName())).findFirst();
                Optional<ForecastScheduleChange.Entry> was = existing.map(a -> ForecastScheduleChange.entryOf(a)
                        .orElse(new ForecastScheduleChange.Entry(a.text(), a.minCapacity().orElse(1))));
                // A standing entry close enough to the new forecast stays: the 14-day window slides daily, and a
                // schedule replaced (journaled, published) every day for a minute or a few units helps no one.
                if (was.isEmpty() || !was.get().closeEnough(entry, w.step() == ScheduledMinCapacity.Step.RAISE)) {
                    changes.add(ForecastScheduleChange.put(resource, op, w.scheduledActionName(), was, entry));
                }
            }
            boolean deferred = false;
            for (ScheduledCapacity a : ours) {
                if (wanted.stream().noneMatch(w -> w.scheduledActionName().equals(a.name()))
                        && ForecastScheduleChange.entryOf(a).isPresent()) {
                    ForecastScheduleChange.Entry was = ForecastScheduleChange.entryOf(a).get();
                    if (ScheduledMinCapacity.isRestore(a.name()) && (partnerOf(ours, a).isPresent()
                            || current != was.minCapacity())) {
                        // A restore goes only once its raise is gone and MinCapacity is what it restores (it has done
                        // its job, or nothing was raised): should the raise have fired (before a run or an approval
                        // removed it, or a second run inside the window), the restore still brings MinCapacity back.
                        // Meanwhile it follows an owner's new minimum, never a value one of our raises set.
                        deferred = true;
                        if (inForce.isEmpty() && !raiseValues.contains(current) && was.minCapacity() != current) {
                            changes.add(ForecastScheduleChange.put(resource, op, a.name(), Optional.of(was),
                                    new ForecastScheduleChange.Entry(was.schedule(), current)));
                        }
                        continue;
                    }
                    changes.add(ForecastScheduleChange.remove(resource, op, a.name(),
                            ForecastScheduleChange.entryOf(a).get()));
                }
            }
            if (deferred) {
                node.put("deferred", "a restore of ours no longer wanted stays until its raise is gone and"
                        + " MinCapacity is what it restores (so that it brings MinCapacity back if the raise has"
                        + " fired); a later run removes it");
            }
            if (ownersMin.isEmpty() && !incidentRaised
                    && forecast.proposal() instanceof Proposal.MinCapacitySchedule s && !s.forApproval().isEmpty()) {
                offerMaxCapacity(table, mode, s, resource, op, target.get().minCapacity(), invocationId, node,
                        speech, minutes);
            }
            String key = ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.SCHEDULE);
            Optional<String> said = wanted.isEmpty() ? Optional.empty() : Optional.of(ForecastSpeech.saidOf(wanted));
            var policyNow = new Serving.TargetTracking(Math.min(baseMin, ceilingMax), ceilingMax,
                    policy.get().targetValue());
            var price = ForecastText.CapacityPrice.of(settings.decimal(Setting.PRICE_WCU_HOUR_USD),
                    settings.decimal(Setting.PRICE_RCU_HOUR_USD), ForecastText.regionOf(table.arn()));
            // AWS holds at most 200 scheduled actions a scalable target, ours and the owner's together: new ones
            // that would not fit are not put (none of them, so that no raise stands without its restore).
            long standing = scheduled.stream().filter(a -> a.resource().equals(resource) && a.operation() == op)
                    .count();
            long added = changes.stream().filter(c -> c instanceof ForecastScheduleChange f && f.was().isEmpty()
                    && f.becomes().isPresent()).count();
            long removed = changes.stream().filter(c -> c instanceof ForecastScheduleChange f
                    && f.becomes().isEmpty()).count();
            if (added > 0 && standing - removed + added > ScheduledMinCapacity.ACTIONS_PER_TARGET) {
                String quota = String.format(Locale.ROOT, "the scalable target holds %d scheduled actions; %d new"
                        + " ones would pass AWS's %d a target (not adjustable): none of them is put; make room"
                        + " (remove actions no longer needed) and the next run schedules them", standing, added,
                        ScheduledMinCapacity.ACTIONS_PER_TARGET);
                node.put("quota", quota);
                changes.removeIf(c -> c instanceof ForecastScheduleChange f && f.was().isEmpty());
                if (changes.isEmpty()) {
                    left(node, quota);
                    speech.proposed(key, said.orElseThrow() + "; over the quota", () -> findingText(minutes,
                            forecast, wanted, baseMin, List.of(), policyNow, price) + "\nNothing scheduled: "
                            + quota + ".");
                    continue;
                }
            }
            if (!ownersMin.isEmpty() && !forecast.scheduledActions().isEmpty()) {
                node.put("owner", ownersReason);
                speech.proposed(ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.OWNER),
                        "owner schedules MinCapacity: " + String.join(", ", ownersMin), () -> resource
                        .label() + " (" + op.lower() + "): " + String.join("; ", forecast.peaks().stream()
                        .map(ForecastPeak::describe).toList()) + "\nNothing scheduled: " + ownersReason + ".");
            }
            if (changes.isEmpty()) {
                said.ifPresent(s -> speech.standing(key, s, () -> findingText(minutes, forecast, wanted, baseMin,
                        List.of(), policyNow, price)));
                node.put("outcome", wanted.isEmpty() ? Outcome.LEFT_ALONE.name() : Outcome.UNCHANGED.name())
                        .put("reason", !ownersMin.isEmpty() && !forecast.scheduledActions().isEmpty() ? ownersReason
                                : deferred ? node.get("deferred").asText()
                                : wanted.isEmpty() ? reasonOf(forecast)
                                : "our scheduled actions already match the forecast");
                continue;
            }
            // Should a run stop half-way, or a step fail, no raise stands without its restore (it would hold
            // MinCapacity up every day): raises are removed first, then restores removed and put, and raises are put
            // last, only when every earlier step was applied.
            List<List<Action>> steps = List.of(
                    changes.stream().filter(c -> isRaise(c) && isRemoval(c)).toList(),
                    changes.stream().filter(c -> !isRaise(c)).sorted(Comparator.comparing(c -> !isRemoval(c)))
                            .toList(),
                    changes.stream().filter(c -> isRaise(c) && !isRemoval(c)).toList());
            acting.act(table, mode, steps, policies, invocationId, node, speech, key, said, () -> findingText(
                    minutes, forecast, wanted, baseMin, changes, policyNow, price));
        }
    }

    /**
     * The wanted pairs, each named as a standing pair of ours whose raise is close enough to it
     * ({@link ForecastScheduleChange.Entry#closeEnough}) when none stands under its own name: a peak whose estimated
     * start moves across a quarter hour (09:07 one day, 09:08 the next) keeps its pair, rather than a new pair put
     * and the old removed over two runs, every time it moves back and forth.
     */
    private static List<ScheduledMinCapacity> namedAsStanding(List<ScheduledMinCapacity> wanted,
                                                              List<ScheduledCapacity> ours) {
        var out = new ArrayList<>(wanted);
        var wantedNames = new java.util.HashSet<String>();
        wanted.forEach(w -> wantedNames.add(w.scheduledActionName()));
        var taken = new java.util.HashSet<String>();
        for (int i = 0; i + 1 < out.size(); i += 2) {
            ScheduledMinCapacity raise = out.get(i);
            ScheduledMinCapacity restore = out.get(i + 1);
            if (raise.step() != ScheduledMinCapacity.Step.RAISE || ours.stream()
                    .anyMatch(a -> a.name().equals(raise.scheduledActionName()))) {
                continue;
            }
            var entry = new ForecastScheduleChange.Entry(raise.schedule().expression(), raise.minCapacity());
            Optional<ScheduledCapacity> match = ours.stream().filter(a -> ScheduledMinCapacity.isRaise(a.name())
                    && !wantedNames.contains(a.name()) && !taken.contains(a.name()) && partnerOf(ours, a).isPresent()
                    && ForecastScheduleChange.entryOf(a).map(e -> e.closeEnough(entry, true)).orElse(false))
                    .findFirst();
            if (match.isPresent()) {
                String name = match.get().name();
                taken.add(name);
                out.set(i, new ScheduledMinCapacity(name, raise.schedule(), raise.minCapacity(), raise.step()));
                out.set(i + 1, new ScheduledMinCapacity(ScheduledMinCapacity.partnerOf(name), restore.schedule(),
                        restore.minCapacity(), restore.step()));
            }
        }
        return out;
    }

    /** The standing other action of an action's pair: a raise's restore, a restore's raise. */
    private static Optional<ScheduledCapacity> partnerOf(List<ScheduledCapacity> ours, ScheduledCapacity action) {
        String partner = ScheduledMinCapacity.partnerOf(action.name());
        return ours.stream().filter(a -> a.name().equals(partner)).findFirst();
    }

    /** After its restore's minute, a raise still counts as in force this long: AWS runs scheduled actions late. */
    static final int RESTORE_GRACE_MINUTES = 15;

    /**
     * Our raise in force now: the current MinCapacity is its value, and the time of day is between its raise's and
     * its restore's, plus {@value #RESTORE_GRACE_MINUTES} minutes (UTC, the restore after midnight when it is earlier
     * in the day); a value alone could be an owner's.
     */
    private static Optional<ScheduledCapacity> raiseInForce(List<ScheduledCapacity> ours, int current, Instant now) {
        int t = now.atZone(java.time.ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
        return ours.stream().filter(a -> ScheduledMinCapacity.isRaise(a.name()) && a.minCapacity().isPresent()
                && a.minCapacity().getAsInt() == current).filter(raise -> partnerOf(ours, raise).map(restore -> {
                    OptionalInt r = ForecastScheduleChange.Entry.minuteOfDay(raise.schedule());
                    OptionalInt s = ForecastScheduleChange.Entry.minuteOfDay(restore.schedule());
                    if (r.isEmpty() || s.isEmpty()) {
                        return true; // not a time of day: by value, as the safe side (the restore keeps the base)
                    }
                    int start = r.getAsInt();
                    int end = (s.getAsInt() + RESTORE_GRACE_MINUTES) % 1440;
                    return start <= end ? t >= start && t < end : t >= start || t < end;
                }).orElse(false)).findFirst();
    }

    private static boolean isRaise(Action change) {
        return change instanceof ForecastScheduleChange f && ScheduledMinCapacity.isRaise(f.name());
    }

    private static boolean isRemoval(Action change) {
        return change instanceof ForecastScheduleChange f && f.becomes().isEmpty();
    }

    /**
     * A peak that needs more than {@code MaxCapacity}: the scheduled raise stays capped at the current maximum, and a
     * {@code MaxCapacity} raise to what the highest such peak needs is offered for approval, bounded like the
     * planner's approval raise by {@code MAX_CAPACITY_APPROVAL_CEILING} (or {@code MAX_CAPACITY_CEILING} when higher).
     * It is a plan of its own ({@link MaxCapacityChange#raiseByApproval} needs approval by construction), so the
     * schedule within {@code MaxCapacity} is applied or offered as the mode says whatever a person decides; once the
     * raise is approved, the next forecast schedules up to the new maximum. Offered once: while that plan waits (or
     * was rejected) the same raise is not offered again; once it expired unanswered ({@code APPROVAL_TTL_MINUTES}),
     * the next run offers it again if the peak still needs more.
     */
    private void offerMaxCapacity(TableDescription table, Planner.ModeDecision mode, Proposal.MinCapacitySchedule s,
                                  ResourceRef resource, OperationType op, int minCapacity, String invocationId,
                                  ObjectNode node, ForecastSpeech speech, History minutes) {
        int needed = s.forApproval().stream().mapToInt(Proposal.BeyondMaxCapacity::neededCapacity).max().orElseThrow();
        int ceiling = Math.max(settings.remediation().maxCapacityApprovalCeiling(),
                settings.remediation().maxCapacityCeiling());
        int after = Math.min(ceiling, needed);
        ObjectNode beyond = node.putObject("beyondMaxCapacity").put("peaks", s.forApproval().size())
                .put("neededCapacity", needed).put("maxCapacity", s.maxCapacity())
                .put("approvalCeiling", ceiling);
        if (after <= s.maxCapacity()) {
            beyond.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", String.format(Locale.ROOT, "%d peak(s)"
                    + " need %d, past MaxCapacity %d, which is at or above the ceiling %d of raises offered for"
                    + " approval: the scheduled raise is capped at MaxCapacity; raise it by hand if the load is"
                    + " legitimate", s.forApproval().size(), needed, s.maxCapacity(), ceiling));
            speech.carry(ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.MAX_CAPACITY));
            return;
        }
        MaxCapacityChange raise = MaxCapacityChange.raiseByApproval(resource, op, minCapacity, s.maxCapacity(), after);
        beyond.putObject("change").put("type", raise.type()).put("description", raise.description())
                .put("before", raise.before()).put("after", raise.after());
        String what = String.format(Locale.ROOT, "%s (%s): %d peak(s) need %d, past MaxCapacity %d; the scheduled"
                + " MinCapacity is capped at %d until a person approves MaxCapacity %d → %d%s.", resource.label(),
                op.lower(), s.forApproval().size(), needed, s.maxCapacity(), s.maxCapacity(), s.maxCapacity(), after,
                after < needed ? " (the ceiling of raises offered for approval)" : "");
        String key = ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.MAX_CAPACITY);
        String said = ForecastSpeech.valued("MaxCapacity of " + resource.label() + " " + op.lower(), after);
        if (acting.forecastMode() != ForecastMode.ON || mode.mode() == RemediationMode.DRY_RUN
                || mode.mode() == RemediationMode.OFF) {
            beyond.put("outcome", Outcome.NOT_APPLIED.name()).put("reason", acting.forecastMode() != ForecastMode.ON
                    ? "FORECAST=" + acting.forecastMode().word() + ": the MaxCapacity raise is named, not offered"
                    : mode.reason() + ": nothing is offered");
            speech.proposed(key, said, () -> what + "\n" + ForecastText.typicalDay(minutes) + "\nNot offered: "
                    + beyond.get("reason").asText() + ".");
            return;
        }
        acting.offerOnce(table, invocationId, mode.mode(), List.of(raise), beyond, speech, key, said,
                "offered for approval: approve PLAN_ID raises MaxCapacity; the next forecast then schedules up to it",
                () -> what + "\n" + ForecastText.typicalDay(minutes));
    }

    private String findingText(History minutes, Forecast forecast, List<ScheduledMinCapacity> wanted,
                               int baseMin, List<Action> changes, Serving.TargetTracking policy,
                               ForecastText.CapacityPrice price) {
        var text = new StringBuilder();
        text.append(forecast.resource().label()).append(" (").append(forecast.operation().lower()).append("): ")
                .append(String.join("; ", forecast.peaks().stream().map(ForecastPeak::describe).toList()))
                .append('\n').append(ForecastText.typicalDay(minutes)).append('\n');
        double unitHours = 0;
        for (int i = 0; i + 1 < wanted.size(); i += 2) {
            ScheduledMinCapacity raise = wanted.get(i);
            ScheduledMinCapacity restore = wanted.get(i + 1);
            text.append(ForecastText.schedule(raise, restore, baseMin)).append('\n');
            unitHours += ForecastText.extraUnitHoursAMonth(raise, restore, baseMin);
        }
        if (!wanted.isEmpty()) {
            text.append(price.monthly(forecast.operation(), unitHours)).append('\n');
        }
        if (!wanted.isEmpty() && minutes.minutes() > 0) {
            text.append(ForecastText.backtest(backtest.replay(minutes, policy, wanted))).append('\n');
        }
        changes.forEach(c -> text.append(c.description()).append(": ").append(c.before()).append(" → ")
                .append(c.after()).append('\n'));
        return text.toString().trim();
    }
}
