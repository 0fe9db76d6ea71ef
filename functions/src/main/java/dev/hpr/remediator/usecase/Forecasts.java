package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.CapacityHistory;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.aws.TaggedTables;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.core.forecast.Backtest;
import dev.hpr.remediator.core.forecast.ForecastSettings;
import dev.hpr.remediator.core.forecast.PeakForecaster;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.forecast.TargetTrackingModel;
import dev.hpr.remediator.core.model.ForecastMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.finding.ForecastNotice;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.usecase.ForecastSummary.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The forecast task ({@code {"task":"forecast"}}): which tables to read, and each table's run. For each protected
 * table and GSI it reads 14 days of history ({@link CapacityHistory}: hourly first, per minute only where throttling
 * was recorded or one of our schedules stands). In tagged protection nothing is read table by table first: the
 * Tagging API's pages, a batched hourly look at every table's throttle events, ListMetrics of the GSIs' throttle
 * events and one DescribeScheduledActions a page for the region name the tables to read further; the others cost no
 * call of their own (docs/forecast.md, "Reading history at fleet scale").
 *
 * <p>Each table's run, under the table's lock: what a gone run left unsettled is settled first ({@link Reconciler}),
 * then a provisioned table's schedules are brought in line with its recurring peaks ({@link ScheduleForecast}) or an
 * on-demand table's warm throughput is offered ({@link WarmThroughputForecast}), each change applied, offered or only
 * named as {@code FORECAST} and the remediation mode say ({@link ForecastChanges}); and a finding is published when
 * something is news ({@link ForecastSpeech}).
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
    private final FindingTopic topic;
    private final TaggedTables taggedTables;
    private final ForecastChanges acting;
    private final ScheduleForecast schedules;
    private final WarmThroughputForecast warmThroughput;

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
        this.topic = topic;
        this.taggedTables = taggedTables;
        ForecastSettings forecastSettings = ForecastSettings.defaults();
        PeakForecaster forecaster = new PeakForecaster(forecastSettings);
        this.acting = new ForecastChanges(settings, state, clock, log, effects.runner());
        this.schedules = new ScheduleForecast(settings, scalingPolicies, history, forecaster,
                new Backtest(forecaster, new TargetTrackingModel()), acting);
        this.warmThroughput = new WarmThroughputForecast(reads, history, forecaster, forecastSettings, acting);
    }

    /** {@code FORECAST}, read from the catalog (checked at start against its values). */
    private ForecastMode forecastMode() {
        return acting.forecastMode();
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
            List<ChangeRecord> journal = state.map(s -> s.journal().changes(name)).orElse(List.of());
            List<String> settled = state.map(s -> new Reconciler(s.journal(), reads.current(), log).reconcile(table,
                    journal, owner, scalingPolicies.get()).said()).orElse(List.of());
            if (!settled.isEmpty()) {
                node.putArray("reconciled").addAll(settled.stream().map(JsonTree.NODES::textNode).toList());
                speech.settled(settled);
            }
            if (table.isOnDemand()) {
                warmThroughput.forecast(table, hourly, mode, invocationId, now, resources, speech);
            } else {
                schedules.forecast(table, hourly, mode, invocationId, now, resources, speech, journal);
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
        } catch (JournalUnavailable e) {
            throw e; // nothing more may change unrecorded: the invocation fails, Lambda retries it
        } catch (RuntimeException e) {
            // Something this table holds that the forecast did not foresee (a schedule, a value): the other tables
            // are still forecast; this one is named with the error, and nothing more is changed on it.
            log.error("forecast failed on this table; the others go on", "table", name, "error", String.valueOf(e));
            node.put("outcome", Outcome.FAILED.name()).put("reason", "unexpected: " + e + "; the other tables were"
                    + " forecast, this one again at the next run");
        } finally {
            state.ifPresent(s -> s.locks().unlock(name, owner));
        }
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
}
