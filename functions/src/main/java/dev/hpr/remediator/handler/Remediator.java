package dev.hpr.remediator.handler;

import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.core.Action;
import dev.hpr.remediator.core.Cause;
import dev.hpr.remediator.core.Diagnoser;
import dev.hpr.remediator.core.Diagnosis;
import dev.hpr.remediator.core.InsightsStatus;
import dev.hpr.remediator.core.MetricKey;
import dev.hpr.remediator.core.MetricsSnapshot;
import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.Planner;
import dev.hpr.remediator.core.Recommender;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.ResourceRef;
import dev.hpr.remediator.core.RuleReport;
import dev.hpr.remediator.core.ScalingState;
import dev.hpr.remediator.core.TableDescription;
import dev.hpr.remediator.core.Window;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One alarm, end to end: read the table and its metrics, diagnose, read the hot keys, plan, apply (or not), and
 * publish the finding. The AWS adapters are thin; every decision is in the core.
 */
public final class Remediator {

    private final Settings settings;
    private final AwsClients clients;
    private final Clock clock;
    private final Log log;
    private final Diagnoser diagnoser;
    private final Planner planner;
    private final Recommender recommender;
    private final FindingRenderer renderer;
    private final FindingTopic topic;

    public Remediator(Settings settings, AwsClients clients, Clock clock, Log log) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        this.log = log;
        this.diagnoser = new Diagnoser(settings.diagnosis());
        this.planner = new Planner(settings.remediation());
        this.recommender = new Recommender(settings.redactKeys() ? FindingRenderer::redact : key -> key);
        this.renderer = new FindingRenderer();
        this.topic = new FindingTopic(clients.sns(), settings.findingsTopicArn());
    }

    /** Handles one alarm event and returns the finding; publishes it unless the alarm is not in ALARM. */
    public Finding handle(AlarmEvent event, String findingId) {
        Instant now = clock.instant();
        var findings = FindingBuilder.forAlarm(findingId, now, clients.region().id(), event, settings.redactKeys());
        String table = event.tableName();
        if (!event.isAlarm()) {
            log.info("alarm not in ALARM; nothing to do", "alarm", event.alarmName(), "state", event.state(), "table", table);
            return findings.notInAlarm();
        }
        if (!settings.protects(table)) {
            log.warn("table is not protected by this deployment; refusing", "table", table);
            return publish(findings.refused("Table '" + table + "' is not one of the tables this deployment protects ("
                    + String.join(", ", settings.protectedTables()) + "); nothing was changed."));
        }
        TableDescription description;
        MetricsSnapshot metrics;
        try {
            description = tables().describe(table);
            metrics = metrics().read(MetricKey.allFor(description.resources()),
                    Window.lastMinutes(now, settings.windowMinutes()));
        } catch (TableNotFound e) {
            log.warn("table not found; refusing", "table", table);
            return publish(findings.refused(e.getMessage() + "; nothing was changed."));
        } catch (AwsCallFailed e) {
            log.error("diagnosis failed", "table", table, "error", e.getMessage());
            return publish(findings.failed(e.getMessage()));
        }
        return remediate(description, metrics, findings);
    }

    /**
     * Diagnoses a table from metrics already read, reads its hot keys and auto scaling where needed, plans, applies
     * (or not) and publishes the finding. The alarm path and a fleet sweep share it.
     */
    public Finding remediate(TableDescription description, MetricsSnapshot metrics, FindingBuilder findings) {
        String table = description.name();
        var insights = new ArrayList<InsightsStatus>();
        var caveats = new ArrayList<String>();
        Diagnosis first = diagnoser.diagnose(description, metrics, List.of());
        List<RuleReport> reports = hotKeyReports(first, insights, caveats);
        Diagnosis diagnosis = reports.isEmpty() ? first : diagnoser.diagnose(description, metrics, reports);
        var scalingPolicies = new ScalingPolicies(clients.autoScaling());
        ScalingState scaling = scaling(diagnosis, scalingPolicies, caveats);
        Plan plan = planner.plan(diagnosis, insights, scaling, settings.mode());
        List<Finding.ActionResult> results = execute(plan, scalingPolicies);
        log.info("remediation planned", "table", table, "mode", plan.mode().word(), "actions", plan.actions().size(),
                "skipped", plan.skipped().size());
        return publish(findings.diagnosed(diagnosis, plan, results, recommender.recommend(diagnosis, plan), caveats,
                settings.remediation().contributorInsightsMode()));
    }

    public DynamoDbTables tables() {
        return new DynamoDbTables(clients.dynamoDb());
    }

    public CloudWatchMetrics metrics() {
        return new CloudWatchMetrics(clients.cloudWatch());
    }

    public Settings settings() {
        return settings;
    }

    public Diagnoser diagnoser() {
        return diagnoser;
    }

    /** Describes Contributor Insights of each throttled resource and reads the throttled-key rules of those on. */
    private List<RuleReport> hotKeyReports(Diagnosis diagnosis, List<InsightsStatus> insights, List<String> caveats) {
        if (!diagnosis.detection().detected()) {
            return List.of();
        }
        var adapter = new ContributorInsights(clients.dynamoDb());
        var reports = new InsightRuleReports(clients.cloudWatch());
        var result = new ArrayList<RuleReport>();
        for (ResourceRef resource : diagnosis.throttledResources()) {
            InsightsStatus status;
            try {
                status = adapter.describe(resource);
            } catch (AwsCallFailed e) {
                log.warn("could not describe Contributor Insights", "resource", resource.label(), "error", e.getMessage());
                caveats.add("Contributor Insights of " + resource.label() + " could not be read: " + e.getMessage());
                continue;
            }
            insights.add(status);
            if (!status.isEnabled()) {
                continue;
            }
            for (String rule : status.throttledKeyRules()) {
                try {
                    result.add(reports.report(resource, rule, diagnosis.window()));
                } catch (AwsCallFailed e) {
                    log.warn("could not read a Contributor Insights rule", "rule", rule, "error", e.getMessage());
                    caveats.add("Hot keys of rule " + rule + " could not be read: " + e.getMessage());
                }
            }
        }
        return result;
    }

    /** Reads auto scaling only where the planner can use it: a provisioned table with a capacity cause. */
    private ScalingState scaling(Diagnosis diagnosis, ScalingPolicies scalingPolicies, List<String> caveats) {
        boolean needed = !diagnosis.table().isOnDemand() && diagnosis.detection().detected()
                && diagnosis.causes().stream().anyMatch(c -> c.cause() == Cause.UNDER_PROVISIONED);
        if (!needed) {
            return ScalingState.none();
        }
        try {
            return scalingPolicies.describe(diagnosis.table().resources());
        } catch (AwsCallFailed e) {
            log.warn("could not read auto scaling", "table", diagnosis.table().name(), "error", e.getMessage());
            caveats.add("Auto scaling could not be read: " + e.getMessage());
            return ScalingState.unreadable(e.getMessage());
        }
    }

    /** Applies each action on its own: one failure does not stop the others. Dry-run applies nothing. */
    private List<Finding.ActionResult> execute(Plan plan, ScalingPolicies scalingPolicies) {
        var results = new ArrayList<Finding.ActionResult>();
        var insights = new ContributorInsights(clients.dynamoDb());
        for (Action action : plan.actions()) {
            if (plan.mode() != RemediationMode.APPLY) {
                results.add(Finding.ActionResult.planned(action));
                continue;
            }
            try {
                if (action instanceof Action.EnableContributorInsights enable) {
                    String status = insights.enable(enable.resource(), enable.mode());
                    if ("FAILED".equals(status)) {
                        results.add(Finding.ActionResult.failed(action, "Contributor Insights reported FAILED, most"
                                + " often the account's Contributor Insights rule limit (LimitExceededException)"));
                        continue;
                    }
                } else if (action instanceof Action.RetuneTargetTracking retune) {
                    scalingPolicies.apply(retune);
                } else if (action instanceof Action.RaiseMaxCapacity raise) {
                    scalingPolicies.apply(raise);
                }
                log.info("applied", "action", action.description(), "before", action.before(), "after", action.after());
                results.add(Finding.ActionResult.applied(action));
            } catch (AwsCallFailed | IllegalStateException e) {
                log.error("action failed", "action", action.description(), "error", e.getMessage());
                results.add(Finding.ActionResult.failed(action, e.getMessage()));
            }
        }
        return results;
    }

    public Finding publish(Finding finding) {
        String messageId = topic.publish(renderer.subject(finding), renderer.snsMessage(finding));
        log.info("finding published", "table", finding.tableName(), "outcome", finding.outcome().name(),
                "messageId", messageId, "findingId", finding.id());
        return finding;
    }
}
