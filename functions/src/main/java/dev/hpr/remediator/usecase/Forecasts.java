package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.CapacityHistory;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.aws.TaggedTables;
import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ForecastScheduleChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.WarmThroughputChange;
import dev.hpr.remediator.core.forecast.Backtest;
import dev.hpr.remediator.core.forecast.Forecast;
import dev.hpr.remediator.core.forecast.ForecastPeak;
import dev.hpr.remediator.core.forecast.ForecastSettings;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.forecast.PeakForecaster;
import dev.hpr.remediator.core.forecast.Proposal;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.remediator.core.forecast.TargetTrackingModel;
import dev.hpr.remediator.core.model.ForecastMode;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.ForecastNotice;
import dev.hpr.remediator.finding.ForecastText;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The forecast task ({@code {"task":"forecast"}}): for each protected table and GSI, reads 14 days of history
 * ({@link CapacityHistory}: hourly first, per minute only where throttling was recorded or one of our schedules
 * stands). In tagged protection nothing is read table by table first: the Tagging API's pages, a batched hourly look
 * at every table's throttle events, ListMetrics of the GSIs' throttle events and one DescribeScheduledActions a page
 * for the region name the tables to read further; the others cost no call of their own (docs/forecast.md, "Reading history at fleet scale"). It forecasts its recurring peaks ({@link PeakForecaster}) and brings the forecast's own scheduled actions
 * ({@code hpr-forecast-…}) in line with them: creates, replaces or removes ours, never anyone else's, each through the
 * journal ({@link ForecastScheduleChange}). An on-demand table's peak past its warm throughput is offered for
 * approval only ({@link WarmThroughputChange}). {@code FORECAST} and the remediation mode decide how far it goes:
 * {@code forecast-only} and a dry run change nothing, approve offers the changes as a plan.
 */
public final class Forecasts {

    private final Settings settings;
    private final Optional<StateStore> state;
    private final Clock clock;
    private final Log log;
    private final Invocation invocation;
    private final Reads reads;
    private final Supplier<ScalingPolicies> scalingPolicies;
    private final CapacityHistory history;
    private final ActionRunner runner;
    private final FindingTopic topic;
    private final TaggedTables taggedTables;
    private final ForecastSettings forecastSettings = ForecastSettings.defaults();
    private final PeakForecaster forecaster = new PeakForecaster(forecastSettings);
    private final Backtest backtest = new Backtest(forecaster, new TargetTrackingModel());

    public Forecasts(Context context, Optional<StateStore> state, Reads reads, Effects effects, FindingTopic topic,
                     TaggedTables taggedTables) {
        this.settings = context.settings();
        this.state = state;
        this.clock = context.clock();
        this.log = context.log();
        this.invocation = context.invocation();
        this.reads = reads;
        this.scalingPolicies = reads.scalingPolicies();
        this.history = new CapacityHistory(reads.metrics());
        this.runner = effects.runner();
        this.topic = topic;
        this.taggedTables = taggedTables;
    }

    /** {@code FORECAST}, read from the catalog (checked at start against its values). */
    private ForecastMode forecastMode() {
        return ForecastMode.parse(settings.text(Setting.FORECAST));
    }

    /** What one resource and operation came to. */
    enum Outcome {
        /** Our schedule was created, replaced or removed. */
        SCHEDULED,
        /** Our schedule already matches the forecast. */
        UNCHANGED,
        /** Offered for approval (a plan id). */
        OFFERED,
        /** Forecast only, or a dry run: what would change is named, nothing changed. */
        NOT_APPLIED,
        /** Nothing to do, and why. */
        LEFT_ALONE,
        /** A change failed (AWS's error). */
        FAILED
    }

    /** Runs the forecast over every protected table; the summary as JSON. */
    public String run(String invocationId) {
        Instant now = clock.instant();
        ObjectNode summary = JsonTree.NODES.objectNode().put("task", "forecast").put("invocationId", invocationId)
                .put("forecast", forecastMode().word()).put("at", now.toString());
        ArrayNode tables = summary.putArray("tables");
        if (forecastMode() == ForecastMode.OFF) {
            summary.put("reason", "FORECAST=off: nothing read, nothing changed");
            return JsonTree.write(summary);
        }
        Map<String, Optional<Map<String, String>>> protectedTables = protectedTables();
        var toRead = new TreeMap<String, Optional<Map<String, String>>>(protectedTables);
        var nodes = new TreeMap<String, ObjectNode>();
        if (settings.tagged()) {
            // Nothing a table: the tables that throttled (2 hourly metrics each, 300 a call), those one of whose GSIs
            // throttled (ListMetrics, 500 a page for the region) and those where one of our schedules stands (one
            // DescribeScheduledActions a page for the region) are read further.
            List<String> names = List.copyOf(protectedTables.keySet());
            var look = new java.util.TreeSet<String>();
            int throttled;
            try {
                look.addAll(history.throttledTables(names, now));
                history.tablesWithThrottledIndexes().stream().filter(protectedTables::containsKey).forEach(look::add);
                throttled = look.size();
                scalingPolicies.get().tablesWithScheduledActions(ScheduledMinCapacity::isOurs).stream()
                        .filter(protectedTables::containsKey).forEach(look::add);
            } catch (AwsCallFailed e) {
                // Without the first look no table can be told quiet, nor ours found: none is read, all are named.
                log.error("forecast's first look failed: no table forecast this run", "tables", names.size(),
                        "error", e.getMessage());
                names.forEach(name -> tables.addObject().put("table", name).put("outcome", Outcome.FAILED.name())
                        .put("reason", "the first look (throttle events of every table and GSI, our scheduled"
                                + " actions) failed: " + e.getMessage() + "; forecast again at the next run"));
                summary.put("reason", "the first look failed: " + e.getMessage());
                return JsonTree.write(summary);
            }
            toRead.keySet().retainAll(look);
            for (String name : names) {
                if (!look.contains(name)) {
                    nodes.put(name, JsonTree.NODES.objectNode().put("table", name).put("checked", "hourly")
                            .put("outcome", Outcome.LEFT_ALONE.name()).put("reason", "checked hourly over 14 days:"
                                    + " no ReadThrottleEvents or WriteThrottleEvents, neither on the table nor on any"
                                    + " of its GSIs (ListMetrics), and no schedule of ours stands; not described,"
                                    + " per-minute history not read"));
                }
            }
            summary.put("tablesQuiet", names.size() - toRead.size()).put("tablesThrottled", throttled);
        }
        var described = new ArrayList<TableDescription>();
        toRead.forEach((name, tags) -> {
            ObjectNode node = JsonTree.NODES.objectNode().put("table", name);
            nodes.put(name, node);
            try {
                described.add(reads.tables().describe(name, tags.orElse(null)));
            } catch (TableNotFound | AwsCallFailed e) {
                log.warn("forecast could not read the table", "table", name, "error", e.getMessage());
                node.put("outcome", Outcome.FAILED.name()).put("reason", e.getMessage());
            }
        });
        Map<ResourceRef, List<CapacityHistory.Hourly>> coarse = coarse(described, now);
        for (TableDescription table : described) {
            table(nodes.get(table.name()), table, coarse, invocationId, now);
        }
        nodes.values().forEach(tables::add);
        log.info("forecast done", "invocationId", invocationId, "tables", tables.size(), "read", described.size());
        return JsonTree.write(summary);
    }

    /**
     * The hourly pass of every described table's and GSI's, batched across tables (300 metrics a GetMetricData call):
     * provisioned ones in one read, on-demand ones in another.
     */
    private Map<ResourceRef, List<CapacityHistory.Hourly>> coarse(List<TableDescription> tables, Instant now) {
        var byResource = new java.util.HashMap<ResourceRef, List<CapacityHistory.Hourly>>();
        for (boolean onDemand : new boolean[] {false, true}) {
            List<ResourceRef> resources = tables.stream().filter(t -> t.isOnDemand() == onDemand)
                    .flatMap(t -> t.resources().stream()).toList();
            if (resources.isEmpty()) {
                continue;
            }
            try {
                history.coarse(resources, onDemand, now).forEach(h -> byResource
                        .computeIfAbsent(h.resource(), r -> new ArrayList<>()).add(h));
            } catch (AwsCallFailed e) {
                log.warn("forecast could not read the hourly history", "error", e.getMessage());
            }
        }
        return byResource;
    }

    /** The protected tables, each with its tags when the Tagging API already gave them (tagged protection). */
    private Map<String, Optional<Map<String, String>>> protectedTables() {
        var tables = new TreeMap<String, Optional<Map<String, String>>>();
        if (settings.tagged()) {
            taggedTables.list().stream().filter(t -> TableProtection.protectingTags(t.tags()))
                    .forEach(t -> tables.put(t.name(), Optional.of(t.tags())));
            return tables;
        }
        if (settings.protectedTables().isEmpty()) {
            throw new IllegalStateException("the forecast needs PROTECTED_TABLES (or PROTECTION=tagged): the tables"
                    + " to forecast");
        }
        settings.protectedTables().forEach(t -> tables.put(t, Optional.empty()));
        return tables;
    }

    private void table(ObjectNode node, TableDescription table, Map<ResourceRef, List<CapacityHistory.Hourly>> coarse,
                       String invocationId, Instant now) {
        String name = table.name();
        var hourly = new ArrayList<CapacityHistory.Hourly>();
        for (ResourceRef r : table.resources()) {
            List<CapacityHistory.Hourly> h = coarse.get(r);
            if (h == null) {
                node.put("outcome", Outcome.FAILED.name()).put("reason", "the hourly history of " + r.label()
                        + " could not be read; forecast again at the next run");
                return;
            }
            hourly.addAll(h);
        }
        Planner.ModeDecision mode = Planner.mode(table, settings.mode());
        node.put("billingMode", table.billingMode().name()).put("mode", mode.mode().word())
                .put("modeReason", mode.reason());
        String owner = invocationId + "-forecast-" + name;
        if (state.isPresent() && !state.get().locks().tryLock(name, owner, now,
                Duration.ofSeconds(settings.lockSeconds()))) {
            node.put("outcome", Outcome.LEFT_ALONE.name())
                    .put("reason", "another invocation holds the table's lock; forecast again at the next run");
            return;
        }
        try {
            ArrayNode resources = node.putArray("resources");
            ForecastSpeech speech = ForecastSpeech.read(state, name, now, log);
            // What a gone run left unsettled (killed between its intent and AWS's answer) is settled first, from
            // what AWS holds: adopted, or closed as never applied; the finding says so.
            List<String> settled = state.map(s -> new Reconciler(s.journal(), reads.current(), log).reconcile(table,
                    s.journal().changes(name), owner, scalingPolicies.get()).said()).orElse(List.of());
            if (!settled.isEmpty()) {
                node.putArray("reconciled").addAll(settled.stream().map(JsonTree.NODES::textNode).toList());
                speech.settled(settled);
            }
            if (table.isOnDemand()) {
                onDemand(table, hourly, mode, invocationId, now, resources, speech);
            } else {
                provisioned(table, hourly, mode, invocationId, now, resources, speech);
            }
            speech.finish();
            if (speech.sections().isEmpty()) {
                node.put("finding", "none: nothing new since the forecast last published (it publishes when a"
                        + " schedule or proposal is created, changed or removed)");
                speech.keep();
            } else {
                try {
                    node.put("findingMessageId", publish(table, speech));
                    speech.keep();
                } catch (AwsCallFailed e) {
                    // Not kept as said: the next run says it again (an offer then gets a new plan; this one expires).
                    log.error("forecast finding not published; the next run publishes it again", "table", name,
                            "error", e.getMessage());
                    node.put("finding", "not published (" + e.getMessage() + "); the next run publishes it again");
                }
            }
        } catch (AwsCallFailed e) {
            log.warn("forecast could not read what it needs", "table", name, "error", e.getMessage());
            node.put("outcome", Outcome.FAILED.name()).put("reason", e.getMessage());
        } finally {
            state.ifPresent(s -> s.locks().unlock(name, owner));
        }
    }

    /** Provisioned: per scalable target, our scheduled actions brought in line with the forecast. */
    private void provisioned(TableDescription table, List<CapacityHistory.Hourly> coarse, Planner.ModeDecision mode,
                             String invocationId, Instant now, ArrayNode out, ForecastSpeech speech) {
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
            // The table's own MinCapacity, which our restores set back: the current one, unless one of our raises is
            // in force right now (the current minimum is a raise's), then the one our restores hold. An owner who
            // changed the minimum meanwhile is followed: the restores are rewritten to the new one.
            int current = target.get().minCapacity();
            boolean raisedNow = ours.stream().anyMatch(a -> a.name().endsWith("-raise")
                    && a.minCapacity().isPresent() && a.minCapacity().getAsInt() == current);
            int baseMin = !raisedNow ? current : ours.stream().filter(a -> a.name().endsWith("-restore")
                    && a.minCapacity().isPresent()).mapToInt(a -> a.minCapacity().getAsInt()).findFirst()
                    .orElse(current);
            History minutes = history.perMinute(resource, op, false, now);
            Forecast forecast = forecaster.forecast(minutes, new Serving.TargetTracking(
                    Math.min(baseMin, target.get().maxCapacity()), target.get().maxCapacity(),
                    policy.get().targetValue()), now);
            describe(node, forecast, now);
            List<ScheduledMinCapacity> wanted = forecast.scheduledActions();
            var changes = new ArrayList<Action>();
            for (ScheduledMinCapacity w : wanted) {
                var entry = new ForecastScheduleChange.Entry(w.schedule().expression(), w.minCapacity());
                Optional<ScheduledCapacity> existing = ours.stream().filter(a -> a.name().equals(w.scheduledActionName()))
                        .findFirst();
                Optional<ForecastScheduleChange.Entry> was = existing.map(a -> ForecastScheduleChange.entryOf(a)
                        .orElse(new ForecastScheduleChange.Entry(a.text(), a.minCapacity().orElse(1))));
                // A standing entry close enough to the new forecast stays: the 14-day window slides daily, and a
                // schedule replaced (journaled, published) every day for a minute or a few units helps no one.
                if (was.isEmpty() || !was.get().closeEnough(entry, w.step() == ScheduledMinCapacity.Step.RAISE)) {
                    changes.add(ForecastScheduleChange.put(resource, op, w.scheduledActionName(), was, entry));
                }
            }
            for (ScheduledCapacity a : ours) {
                if (wanted.stream().noneMatch(w -> w.scheduledActionName().equals(a.name()))
                        && ForecastScheduleChange.entryOf(a).isPresent()) {
                    changes.add(ForecastScheduleChange.remove(resource, op, a.name(),
                            ForecastScheduleChange.entryOf(a).get()));
                }
            }
            // Should a run stop half-way, no raise stands without its restore (it would hold MinCapacity up every
            // day): restores are put before raises, raises removed before restores.
            changes.sort(Comparator.comparing(c -> c instanceof ForecastScheduleChange f
                    && f.name().endsWith("-raise") == f.becomes().isPresent()));
            if (forecast.proposal() instanceof Proposal.MinCapacitySchedule s && !s.forApproval().isEmpty()) {
                offerMaxCapacity(table, mode, s, resource, op, target.get().minCapacity(), invocationId, node,
                        speech, minutes);
            }
            String key = ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.SCHEDULE);
            Optional<String> said = wanted.isEmpty() ? Optional.empty() : Optional.of(ForecastSpeech.saidOf(wanted));
            var policyNow = new Serving.TargetTracking(Math.min(baseMin, target.get().maxCapacity()),
                    target.get().maxCapacity(), policy.get().targetValue());
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
            if (changes.isEmpty()) {
                said.ifPresent(s -> speech.standing(key, s, () -> findingText(minutes, forecast, wanted, baseMin,
                        List.of(), policyNow, price)));
                node.put("outcome", wanted.isEmpty() ? Outcome.LEFT_ALONE.name() : Outcome.UNCHANGED.name())
                        .put("reason", wanted.isEmpty() ? reasonOf(forecast)
                                : "our scheduled actions already match the forecast");
                continue;
            }
            act(table, mode, changes, policies, invocationId, node, speech, key, said, () -> findingText(minutes,
                    forecast, wanted, baseMin, changes, policyNow, price));
        }
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
        if (forecastMode() != ForecastMode.ON || mode.mode() == RemediationMode.DRY_RUN
                || mode.mode() == RemediationMode.OFF) {
            beyond.put("outcome", Outcome.NOT_APPLIED.name()).put("reason", forecastMode() != ForecastMode.ON
                    ? "FORECAST=" + forecastMode().word() + ": the MaxCapacity raise is named, not offered"
                    : mode.reason() + ": nothing is offered");
            speech.proposed(key, said, () -> what + "\n" + ForecastText.typicalDay(minutes) + "\nNot offered: "
                    + beyond.get("reason").asText() + ".");
            return;
        }
        if (namedEarlierOffer(beyond, speech.earlierOffer(key, said, List.of(raise)))) {
            return;
        }
        Optional<String> planId = offer(table.name(), "forecast-" + invocationId + "-" + table.name(), mode.mode(),
                List.of(raise));
        if (planId.isEmpty()) {
            beyond.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", "only a person may approve it, and no"
                    + " plan could be stored (no state table, or storing failed): nothing offered");
            speech.carry(key);
            return;
        }
        beyond.put("outcome", Outcome.OFFERED.name()).put("reason", "offered for approval: approve PLAN_ID raises"
                + " MaxCapacity; the next forecast then schedules up to it").putObject("approval")
                .put("planId", planId.get());
        speech.offered(key, said, planId.get(), what + "\n" + ForecastText.typicalDay(minutes)
                + "\nOffered for approval: plan " + planId.get() + ".");
    }

    /** On-demand: a peak past the warm throughput is offered for approval, never applied without it. */
    private void onDemand(TableDescription table, List<CapacityHistory.Hourly> coarse, Planner.ModeDecision mode,
                          String invocationId, Instant now, ArrayNode out, ForecastSpeech speech) {
        List<WarmThroughputLevel> warm = reads.tables().warmThroughput(table.name());
        for (CapacityHistory.Hourly hourly : coarse) {
            ResourceRef resource = hourly.resource();
            OperationType op = hourly.operation();
            ObjectNode node = out.addObject().put("resource", resource.label()).put("operation", op.lower());
            Optional<WarmThroughputLevel> level = warm.stream().filter(w -> w.resource().equals(resource)).findFirst();
            if (level.isEmpty()) {
                left(node, "DynamoDB reports no warm throughput for it");
                continue;
            }
            long units = level.get().of(op);
            node.put("warmThroughputUnitsPerSecond", units);
            // A peak of minPeakMinutes at or above the warm throughput lifts its hour's average at least this high.
            double floor = units * forecastSettings.minPeakMinutes() / 60.0;
            if (!hourly.throttled() && hourly.highestHourlyAverage() < floor) {
                left(node, String.format(Locale.ROOT, "checked hourly over 14 days: no throttle events and no hour"
                        + " averaging %.0f units/s or more (what a %d-minute peak at the warm throughput would show);"
                        + " per-minute history not read", floor, forecastSettings.minPeakMinutes()));
                continue;
            }
            History minutes = history.perMinute(resource, op, true, now);
            Forecast forecast = forecaster.forecast(minutes, new Serving.WarmThroughput(units), now);
            describe(node, forecast, now);
            if (!(forecast.proposal() instanceof Proposal.WarmThroughputRaise raise)) {
                node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", reasonOf(forecast));
                continue;
            }
            Optional<String> region = ForecastText.regionOf(table.arn());
            String cost = ForecastText.warmThroughputCost(region, op, raise.currentUnitsPerSecond(),
                    raise.proposedUnitsPerSecond());
            node.put("cost", "Warm throughput cannot be lowered once raised, and raising it is charged: a person"
                    + " decides. " + cost);
            node.putObject("price").put("region", region.orElse(null)).putNull("oneTimeUsd")
                    .put("published", false).put("pricingPage", ForecastText.WARM_THROUGHPUT_PRICING_PAGE)
                    .put("source", ForecastText.WARM_THROUGHPUT_GUIDE);
            Action change = WarmThroughputChange.raise(level.get(), op, raise.proposedUnitsPerSecond());
            act(table, mode, List.of(change), scalingPolicies.get(), invocationId, node, speech,
                    ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.WARM_THROUGHPUT),
                    Optional.of(ForecastSpeech.valued("WarmThroughput of " + resource.label() + " " + op.lower(),
                            raise.proposedUnitsPerSecond())), () -> "Warm throughput of "
                    + resource.label() + " (" + op.lower() + ") " + raise.currentUnitsPerSecond() + " → "
                    + raise.proposedUnitsPerSecond() + " units/s, for approval only, ahead of the recurring peak "
                    + raise.peak().describe() + ".\n" + ForecastText.typicalDay(minutes) + "\n"
                    + WarmThroughputChange.CANNOT_BE_LOWERED + "\n" + cost);
        }
    }

    /**
     * Applies the changes (apply mode and FORECAST=on), offers them (approve mode, or anything that needs approval),
     * or only names them (forecast-only, dry run, off). What it says goes into the table's finding only when it is
     * news ({@link ForecastSpeech}): a change made, a proposal new or changed, a plan offered (once).
     *
     * @param key  the resource's, operation's and topic's note
     * @param said what the forecast proposes, canonically (the changes, when empty)
     */
    private void act(TableDescription table, Planner.ModeDecision mode, List<Action> changes,
                     ScalingPolicies policies, String invocationId, ObjectNode node, ForecastSpeech speech,
                     String key, Optional<String> said, Supplier<String> findingText) {
        String proposal = said.orElse(ForecastSpeech.said(changes));
        ArrayNode list = node.putArray("changes");
        changes.forEach(c -> list.addObject().put("type", c.type()).put("description", c.description())
                .put("before", c.before()).put("after", c.after()));
        if (forecastMode() != ForecastMode.ON || mode.mode() == RemediationMode.DRY_RUN
                || mode.mode() == RemediationMode.OFF) {
            node.put("outcome", Outcome.NOT_APPLIED.name()).put("reason", forecastMode() != ForecastMode.ON
                    ? "FORECAST=" + forecastMode().word() + ": the forecast is published, nothing is changed"
                    : mode.reason() + ": " + (mode.mode() == RemediationMode.OFF ? "remediation is off"
                            : "a dry run schedules nothing"));
            speech.proposed(key, proposal, () -> findingText.get() + "\nNothing changed: "
                    + node.get("reason").asText() + ".");
            return;
        }
        boolean byApproval = mode.mode() == RemediationMode.APPROVE || changes.stream().anyMatch(Action::needsApproval)
                || (table.isGlobal() && changes.stream().anyMatch(Action::changesCapacity));
        String findingId = "forecast-" + invocationId + "-" + table.name();
        if (byApproval) {
            if (namedEarlierOffer(node, speech.earlierOffer(key, proposal, changes))) {
                return;
            }
            Optional<String> planId = offer(table.name(), findingId, mode.mode(), changes);
            if (planId.isEmpty()) {
                node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", "only a person may approve it, and no"
                        + " plan could be stored (no state table, or storing failed): nothing offered");
                speech.carry(key);
                return;
            }
            node.put("outcome", Outcome.OFFERED.name()).put("reason", "offered for approval: approve PLAN_ID applies"
                    + " it").putObject("approval").put("planId", planId.get());
            speech.offered(key, proposal, planId.get(), findingText.get() + "\nOffered for approval: plan "
                    + planId.get() + ".");
            return;
        }
        Plan plan = new Plan(RemediationMode.APPLY, mode.reason(), changes, List.of());
        ActionRunner.Run run = runner.run(plan, new ActionRunner.Writer(table.name(), findingId, "forecast",
                RemediationMode.APPLY, Optional.empty(), findingId), runner.ports(policies));
        ArrayNode results = node.putArray("results");
        boolean failed = false;
        for (Finding.ActionResult r : run.results()) {
            results.addObject().put("description", r.action().description()).put("status", r.status().name())
                    .put("error", r.error().orElse(null));
            failed |= r.status() == Finding.ActionResult.Status.FAILED;
        }
        if (!run.journaled().isEmpty()) {
            node.putArray("journal").addAll(run.journaled().stream().map(JsonTree.NODES::textNode).toList());
        }
        node.put("outcome", failed ? Outcome.FAILED.name() : Outcome.SCHEDULED.name())
                .put("reason", failed ? "a change failed (see results); the next run tries again"
                        : "our scheduled actions now match the forecast");
        speech.changed(key, failed ? Optional.empty() : said, findingText.get(), run.results().stream()
                .anyMatch(r -> r.status() == Finding.ActionResult.Status.APPLIED));
    }

    /**
     * How long a forecast's offer waits for a person: a week, or {@code APPROVAL_TTL_MINUTES} when longer. An alarm's
     * plan answers an incident and expires within the hour by default; a forecast's answers a peak that recurs daily,
     * arrives when the forecast runs (00:30 UTC by default), and would otherwise expire before anyone reads it and be
     * offered again at every run. Approving it later is safe: each change checks that what it expects still stands.
     */
    private Duration offerTtl() {
        return Duration.ofMinutes(Math.max(settings.approvalTtlMinutes(), FORECAST_OFFER_TTL.toMinutes()));
    }

    static final Duration FORECAST_OFFER_TTL = Duration.ofDays(7);

    private Optional<String> offer(String table, String findingId, RemediationMode mode, List<Action> changes) {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var stored = new StoredPlan(UUID.randomUUID().toString(), table, findingId, Optional.empty(), "forecast",
                mode == RemediationMode.APPROVE ? RemediationMode.APPROVE : RemediationMode.APPLY, now,
                now.plus(offerTtl()), changes, StoredPlan.Status.PENDING,
                Optional.empty());
        try {
            state.get().plans().savePlan(stored);
        } catch (AwsCallFailed e) {
            log.error("could not store the forecast's plan for approval; nothing offered", "table", table,
                    "error", e.getMessage());
            return Optional.empty();
        }
        log.info("forecast plan offered for approval", "table", table, "planId", stored.planId(),
                "actions", changes.size());
        return Optional.of(stored.planId());
    }

    /** The forecast finding, in the SNS shape of every finding (Subject; default JSON, email text, chat). */
    private String publish(TableDescription table, ForecastSpeech speech) {
        ForecastNotice notice = ForecastNotice.of(table.name(), table.arn(), speech.sections(), speech.planIds(),
                speech.changedAws());
        String id = topic.publish(notice.subject(), notice.snsMessage());
        log.info("forecast finding published", "table", table.name(), "messageId", id, "plans",
                speech.planIds().size(), "changed", speech.changedAws());
        return id;
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

    /**
     * Names the plan offered earlier for the same proposal, if there is one: still open ({@code OFFERED}, its plan id),
     * or rejected ({@code LEFT_ALONE}); then nothing is offered again.
     */
    private static boolean namedEarlierOffer(ObjectNode node, Optional<ForecastSpeech.EarlierOffer> earlier) {
        earlier.ifPresent(e -> {
            node.put("outcome", e.open() ? Outcome.OFFERED.name() : Outcome.LEFT_ALONE.name()).put("reason", e.text());
            if (e.open()) {
                node.putObject("approval").put("planId", e.plan().planId());
            }
        });
        return earlier.isPresent();
    }

    private static void left(ObjectNode node, String reason) {
        node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", reason);
    }

    private static String reasonOf(Forecast forecast) {
        return forecast.proposal() instanceof Proposal.NoSchedule n ? n.reason().name() + ": " + n.detail()
                : "nothing to schedule";
    }

    /** The forecast's peaks: the next occurrence's start and end in ISO UTC, and the expected units per second. */
    private static void describe(ObjectNode node, Forecast forecast, Instant now) {
        node.put("checked", "per-minute").put("historyHours", forecast.history().toHours())
                .put("baselineUnitsPerSecond", Math.round(forecast.baselineUnitsPerSecond() * 10) / 10.0);
        ArrayNode peaks = node.putArray("peaks");
        for (ForecastPeak p : forecast.peaks()) {
            Instant start = p.nextStart(now);
            peaks.addObject().put("recurrence", p.recurrence().name()).put("nextStart", start.toString())
                    .put("nextEnd", start.plus(p.length()).toString())
                    .put("expectedUnitsPerSecond", Math.round(p.expectedConsumedUnitsPerSecond()))
                    .put("seen", p.occurrences() + " of " + p.eligibleDays() + " days")
                    .put("throttledOccurrences", p.throttledOccurrences()).put("pastServing", p.pastServing())
                    .put("text", p.describe());
        }
    }
}
