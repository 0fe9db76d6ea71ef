package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbStateStore;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.core.Action;
import dev.hpr.remediator.core.Cause;
import dev.hpr.remediator.core.CauseFinding;
import dev.hpr.remediator.core.ChangeRecord;
import dev.hpr.remediator.core.Cooldowns;
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
import dev.hpr.remediator.core.RevertPlanner;
import dev.hpr.remediator.core.RuleReport;
import dev.hpr.remediator.core.ScalingState;
import dev.hpr.remediator.core.StateStore;
import dev.hpr.remediator.core.TableDescription;
import dev.hpr.remediator.core.Window;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    private final Optional<StateStore> state;
    private final Cooldowns cooldowns;

    public Remediator(Settings settings, AwsClients clients, Clock clock, Log log) {
        this(settings, clients, clock, log, settings.stateTableName()
                .map(name -> (StateStore) new DynamoDbStateStore(clients.dynamoDb(), name)));
    }

    public Remediator(Settings settings, AwsClients clients, Clock clock, Log log, Optional<StateStore> state) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        this.log = log;
        this.diagnoser = new Diagnoser(settings.diagnosis());
        this.planner = new Planner(settings.remediation());
        this.recommender = new Recommender(settings.redactKeys() ? FindingRenderer::redact : key -> key);
        this.renderer = new FindingRenderer();
        this.topic = new FindingTopic(clients.sns(), settings.findingsTopicArn());
        this.state = state;
        this.cooldowns = new Cooldowns(Duration.ofMinutes(settings.cooldownMinutes()));
    }

    /**
     * Handles one alarm event and returns the finding; publishes it unless the alarm is not in ALARM. With a state
     * table: a delivery already handled is recognised and does nothing more (a delivery whose publish failed is
     * published again, unchanged), and the table's alarm state is recorded for the revert.
     */
    public Finding handle(AlarmEvent event, String findingId) {
        Instant now = clock.instant();
        var findings = FindingBuilder.forAlarm(findingId, now, clients.region().id(), event, settings.redactKeys());
        String table = event.tableName();
        if (!settings.protects(table)) {
            log.warn("table is not protected by this deployment; refusing", "table", table);
            if (!event.isAlarm()) {
                return findings.notInAlarm();
            }
            return publish(findings.refused("Table '" + table + "' is not one of the tables this deployment protects ("
                    + String.join(", ", settings.protectedTables()) + "); nothing was changed."), Optional.empty());
        }
        state.ifPresent(s -> s.recordAlarmState(table, new RevertPlanner.AlarmState(event.state(), event.stateChangedAt())));
        if (!event.isAlarm()) {
            log.info("alarm not in ALARM; nothing to do", "alarm", event.alarmName(), "state", event.state(), "table", table);
            return findings.notInAlarm();
        }
        Optional<String> delivery = state.map(s -> event.dedupeKey());
        if (delivery.isPresent()) {
            Optional<StateStore.Delivery> seen = state.get().delivery(delivery.get());
            if (seen.isPresent()) {
                return redelivered(seen.get(), findings);
            }
        }
        TableDescription description;
        MetricsSnapshot metrics;
        try {
            description = tables().describe(table);
            metrics = metrics().read(MetricKey.allFor(description.resources()),
                    Window.lastMinutes(now, settings.windowMinutes()));
        } catch (TableNotFound e) {
            log.warn("table not found; refusing", "table", table);
            return publish(findings.refused(e.getMessage() + "; nothing was changed."), delivery);
        } catch (AwsCallFailed e) {
            log.error("diagnosis failed", "table", table, "error", e.getMessage());
            return publish(findings.failed(e.getMessage()), delivery);
        }
        return remediate(description, metrics, findings, delivery);
    }

    /** A delivery seen before: nothing is done again; a finding whose publish failed is published now. */
    private Finding redelivered(StateStore.Delivery seen, FindingBuilder findings) {
        if (seen.published()) {
            log.info("alarm delivery already handled; nothing more to do", "delivery", seen.key(),
                    "findingId", seen.findingId());
            return findings.duplicate(seen.findingId(), false);
        }
        String messageId = topic.publish(seen.subject(), seen.message());
        state.get().deliveryPublished(seen.key(), clock.instant());
        log.info("alarm delivery handled before but its finding was not published: published it now",
                "delivery", seen.key(), "findingId", seen.findingId(), "messageId", messageId);
        return findings.duplicate(seen.findingId(), true);
    }

    /**
     * Diagnoses a table from metrics already read, reads its hot keys and auto scaling where needed, plans, applies
     * (or not) and publishes the finding. The alarm path and a fleet sweep share it. With a state table it holds the
     * table's lock throughout (a concurrent invocation reports that a remediation is in progress), skips settings in
     * their cooldown, and records every applied change in the audit trail.
     */
    public Finding remediate(TableDescription description, MetricsSnapshot metrics, FindingBuilder findings,
                             Optional<String> delivery) {
        return remediate(description, metrics, findings, delivery, Publish.ALWAYS);
    }

    /** When a finding is published. */
    public enum Publish {
        /** Always: an alarm deserves an answer. */
        ALWAYS,
        /**
         * Only when something was applied or failed: a sweep every 15 minutes must not repeat a finding that says
         * nothing new (the table's own alarm publishes its findings).
         */
        WHEN_SOMETHING_CHANGED
    }

    /** As above, publishing as {@code publish} says. */
    public Finding remediate(TableDescription description, MetricsSnapshot metrics, FindingBuilder findings,
                             Optional<String> delivery, Publish publish) {
        String table = description.name();
        String owner = findings.id();
        if (state.isPresent() && !state.get().tryLock(table, owner, clock.instant(),
                Duration.ofSeconds(settings.lockSeconds()))) {
            log.info("another invocation is remediating this table; nothing done", "table", table);
            return findings.inProgress();
        }
        try {
            var insights = new ArrayList<InsightsStatus>();
            var caveats = new ArrayList<String>();
            Diagnosis first = diagnoser.diagnose(description, metrics, List.of());
            List<RuleReport> reports = hotKeyReports(first, insights, caveats);
            Diagnosis diagnosis = reports.isEmpty() ? first : diagnoser.diagnose(description, metrics, reports);
            var scalingPolicies = new ScalingPolicies(clients.autoScaling());
            ScalingState scaling = scaling(diagnosis, scalingPolicies, caveats);
            Plan plan = planner.plan(diagnosis, insights, scaling, settings.mode());
            if (state.isPresent() && !plan.actions().isEmpty()) {
                plan = cooldowns.apply(plan, state.get().changes(table), clock.instant());
            }
            if (state.isEmpty()) {
                caveats.add("No state table (STATE_TABLE_NAME unset): dedupe, locking, cooldowns, the audit trail and"
                        + " revert are off for this invocation.");
            }
            List<Finding.ActionResult> results = execute(plan, scalingPolicies);
            List<String> audit = audit(table, findings, results);
            if (!audit.isEmpty()) {
                caveats.add("Audit trail: " + audit.size() + " change(s) recorded in state table "
                        + settings.stateTableName().orElseThrow() + " under pk TABLE#" + table + " (" + String.join(", ", audit)
                        + "); they are reverted once the alarm has been OK for " + settings.revertAfterCalmMinutes()
                        + " minutes" + (settings.revertEnabled() ? "." : " (revert is off in this deployment)."));
            }
            log.info("remediation planned", "table", table, "mode", plan.mode().word(), "actions", plan.actions().size(),
                    "skipped", plan.skipped().size());
            Finding finding = findings.diagnosed(diagnosis, plan, results, recommender.recommend(diagnosis, plan),
                    caveats, settings.remediation().contributorInsightsMode());
            boolean changed = results.stream().anyMatch(r -> r.status() != Finding.ActionResult.Status.PLANNED);
            if (publish == Publish.WHEN_SOMETHING_CHANGED && !changed) {
                log.info("nothing applied or failed; finding not published", "table", table, "findingId", findings.id());
                return finding;
            }
            return publish(finding, delivery);
        } finally {
            state.ifPresent(s -> s.unlock(table, owner));
        }
    }

    /** {@link #remediate(TableDescription, MetricsSnapshot, FindingBuilder, Optional)} without a delivery to dedupe. */
    public Finding remediate(TableDescription description, MetricsSnapshot metrics, FindingBuilder findings) {
        return remediate(description, metrics, findings, Optional.empty());
    }

    /** Records each applied change; returns their IDs. */
    private List<String> audit(String table, FindingBuilder findings, List<Finding.ActionResult> results) {
        if (state.isEmpty()) {
            return List.of();
        }
        var ids = new ArrayList<String>();
        Instant now = clock.instant();
        for (Finding.ActionResult result : results) {
            if (result.status() != Finding.ActionResult.Status.APPLIED) {
                continue;
            }
            String id = "CHANGE#" + now + "#" + findings.id() + "#" + ids.size();
            state.get().recordChange(new ChangeRecord(table, id, now, findings.trigger(), findings.id(),
                    RemediationMode.APPLY, result.action(), ChangeRecord.Status.ACTIVE, Optional.empty()), now);
            ids.add(id);
        }
        return ids;
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
            // Only the resources the planner can retune: those whose cause is capacity.
            return scalingPolicies.describe(diagnosis.causes().stream()
                    .filter(c -> c.cause() == Cause.UNDER_PROVISIONED)
                    .map(CauseFinding::resource).distinct().toList());
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

    /**
     * Publishes the finding. With a delivery key, the finding is kept in the state table first, so that if Publish
     * fails (the invocation then fails and Lambda retries it) the retry publishes this same finding.
     */
    public Finding publish(Finding finding, Optional<String> delivery) {
        String subject = renderer.subject(finding);
        String message = renderer.snsMessage(finding);
        delivery.ifPresent(key -> state.get().deliveryPending(key, subject, message, finding.id(), clock.instant()));
        String messageId = topic.publish(subject, message);
        delivery.ifPresent(key -> state.get().deliveryPublished(key, clock.instant()));
        log.info("finding published", "table", finding.tableName(), "outcome", finding.outcome().name(),
                "messageId", messageId, "findingId", finding.id());
        return finding;
    }

    public Finding publish(Finding finding) {
        return publish(finding, Optional.empty());
    }

    public Optional<StateStore> state() {
        return state;
    }

    public AwsClients clients() {
        return clients;
    }

    public Clock clock() {
        return clock;
    }

    public Log log() {
        return log;
    }

    public FindingRenderer renderer() {
        return renderer;
    }
}
