package dev.hpr.remediator.handler;

import dev.hpr.remediator.usecase.ActionRunner;
import dev.hpr.remediator.usecase.Alarms;
import dev.hpr.remediator.usecase.Approvals;
import dev.hpr.remediator.usecase.Context;
import dev.hpr.remediator.usecase.Deciders;
import dev.hpr.remediator.usecase.Effects;
import dev.hpr.remediator.usecase.Reads;
import dev.hpr.remediator.usecase.FindingPublisher;
import dev.hpr.remediator.usecase.FleetSweep;
import dev.hpr.remediator.usecase.Forecasts;
import dev.hpr.remediator.usecase.HealthMetrics;
import dev.hpr.remediator.usecase.Invocation;
import dev.hpr.remediator.usecase.Reverter;
import dev.hpr.remediator.usecase.RuleBudget;
import dev.hpr.remediator.usecase.Tasks;
import dev.hpr.remediator.usecase.TableRemediation;
import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommender;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.aws.CallerIdentity;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.StateTable;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.aws.FleetThrottling;
import dev.hpr.remediator.aws.TaggedTables;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.InsightRules;
import dev.hpr.remediator.aws.Priming;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.finding.FindingRenderer;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: builds, once per container, the settings, the SDK clients (each when first used), the
 * adapters and the pure services, and wires the services every entry point uses (the alarm and sweep handlers, the
 * local CLI). Entry points receive what they use from here; nothing pulls collaborators out of another service.
 */
public final class Wiring {

    final Settings settings;
    final Clock clock;
    final Log log;
    final AwsClients clients;
    final FindingRenderer renderer = new FindingRenderer();
    final Diagnoser diagnoser;
    final Planner planner;
    final Recommender recommender;
    final DynamoDbTables tables;
    final CloudWatchMetrics metrics;
    final ContributorInsights insights;
    final InsightRuleReports reports;
    final Supplier<ScalingPolicies> scalingPolicies;
    final FindingTopic topic;
    final TaggedTables taggedTables;
    final FleetThrottling fleetThrottling;
    final InsightRules insightRules;
    final Optional<StateTable> state;
    final FindingPublisher publisher;
    final ActionRunner runner;
    final TableRemediation remediation;
    final Alarms alarms;
    final FleetSweep sweep;
    final Optional<Reverter> reverter;
    final Optional<Approvals> approvals;
    final Forecasts forecasts;
    final Tasks tasks;
    final Invocation invocation = new Invocation();
    final CallerIdentity callerIdentity;
    final HealthMetrics health;

    private Wiring(Settings settings, AwsClients clients, Clock clock, Log log) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.clients = clients;
        this.diagnoser = new Diagnoser(settings.diagnosis());
        this.planner = new Planner(settings.remediation());
        this.recommender = new Recommender(settings.redactKeys() ? FindingRenderer::redact : key -> key);
        this.tables = new DynamoDbTables(clients::dynamoDb);
        this.metrics = new CloudWatchMetrics(clients::cloudWatch);
        this.insights = new ContributorInsights(clients::dynamoDb);
        this.reports = new InsightRuleReports(clients::cloudWatch);
        this.scalingPolicies = () -> new ScalingPolicies(clients::autoScaling);
        // The topic's region, not the function's: a member of an organisation publishes to the hub's topic wherever it is.
        var topicRegion = FindingTopic.region(settings.findingsTopicArn()).orElse(clients.region());
        this.topic = new FindingTopic(() -> clients.sns(topicRegion), settings.findingsTopicArn());
        this.taggedTables = new TaggedTables(clients::tagging);
        this.fleetThrottling = new FleetThrottling(clients::cloudWatch);
        this.state = settings.stateTableName().map(name -> new StateTable(clients::dynamoDb, name));
        Optional<StateStore> store = state.map(StateTable::store);
        this.publisher = new FindingPublisher(topic, renderer, store, clock, log);
        // The action ports, once: the runner adds each invocation's auto scaling.
        this.runner = new ActionRunner(store.map(StateStore::journal), clock, log, insights, tables);
        this.insightRules = new InsightRules(clients::cloudWatch);
        var context = new Context(settings, clock, log, clients.region().id(), invocation);
        var reads = new Reads(tables, metrics, insights, reports, scalingPolicies);
        var effects = new Effects(runner, publisher);
        this.remediation = new TableRemediation(context, store, new Deciders(diagnoser, planner, recommender), reads,
                new RuleBudget(insightRules, settings.contributorInsightsRuleQuota(), clock, log), effects);
        this.alarms = new Alarms(context, store, reads, diagnoser, remediation, publisher);
        this.sweep = new FleetSweep(context, reads, diagnoser, remediation, taggedTables, fleetThrottling);
        this.reverter = store.map(s -> new Reverter(context, s, reads, effects));
        this.approvals = store.map(s -> new Approvals(context, s, reads, effects));
        this.callerIdentity = new CallerIdentity(clients::sts, log);
        this.health = new HealthMetrics(log::raw, clock);
        this.forecasts = new Forecasts(context, store, reads, effects, topic, taggedTables);
        this.tasks = new Tasks(context, reverter, sweep, forecasts, approvals, renderer, health);
    }

    /**
     * From the function's environment.
     *
     * @throws IllegalStateException for bad configuration (the message names the variable and the value)
     */
    public static Wiring fromEnvironment(Map<String, String> env, Clock clock, Log log) {
        Settings settings = Settings.fromEnvironment(env);
        return new Wiring(settings, AwsClients.fromEnvironment(env), clock, log);
    }

    /** Every adapter issues its own requests, each stopped before it is sent (SnapStart priming). */
    Priming.Result primeAdapters() {
        return Priming.run(priming -> {
            tables.prime(priming);
            insights.prime(priming);
            metrics.prime(priming);
            reports.prime(priming);
            insightRules.prime(priming);
            scalingPolicies.get().prime(priming);
            topic.prime(priming);
            if (settings.tagged()) {
                taggedTables.prime(priming);
                fleetThrottling.prime(priming);
            }
            state.ifPresent(s -> s.prime(priming));
        });
    }
}
