package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Cooldowns;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommender;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One table, from its diagnosis to its finding: reads the hot keys and auto scaling where the diagnosis needs them,
 * plans, applies (or not), records each applied change in the audit trail and publishes the finding. The alarm path
 * and the fleet sweep share it. With a state table it holds the table's lock throughout (a concurrent invocation
 * reports that a remediation is in progress) and skips settings in their cooldown.
 */
public final class TableRemediation {

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

    private final Settings settings;
    private final Optional<StateStore> state;
    private final Clock clock;
    private final Log log;
    private final Diagnoser diagnoser;
    private final Planner planner;
    private final Recommender recommender;
    private final Cooldowns cooldowns;
    private final ContributorInsights insights;
    private final InsightRuleReports reports;
    private final Supplier<ScalingPolicies> scalingPolicies;
    private final DynamoDbTables tables;
    private final ActionRunner runner;
    private final FindingPublisher publisher;
    private final Invocation invocation;
    private final RuleBudget ruleBudget;
    private final CurrentReader reader;

    public TableRemediation(Context context, Optional<StateStore> state, Deciders deciders, Reads reads,
                            RuleBudget ruleBudget, Effects effects) {
        this.ruleBudget = ruleBudget;
        this.reader = reads.current();
        this.settings = context.settings();
        this.state = state;
        this.clock = context.clock();
        this.log = context.log();
        this.diagnoser = deciders.diagnoser();
        this.planner = deciders.planner();
        this.recommender = deciders.recommender();
        this.cooldowns = new Cooldowns(Duration.ofMinutes(settings.cooldownMinutes()));
        this.insights = reads.insights();
        this.reports = reads.reports();
        this.scalingPolicies = reads.scalingPolicies();
        this.tables = reads.tables();
        this.runner = effects.runner();
        this.publisher = effects.publisher();
        this.invocation = context.invocation();
    }

    /**
     * @param diagnosis the diagnosis of {@code metrics} without hot keys (the caller's, so that it is made once)
     * @param delivery  the alarm delivery to dedupe, when there is one
     */
    Finding remediate(TableDescription table, MetricsSnapshot metrics, Diagnosis diagnosis, FindingBuilder findings,
                      Optional<String> delivery, Publish publish) {
        String name = table.name();
        String owner = findings.id();
        if (state.isPresent() && !state.get().locks().tryLock(name, owner, clock.instant(),
                Duration.ofSeconds(settings.lockSeconds()))) {
            log.info("another invocation is remediating this table; nothing done", "table", name);
            return findings.inProgress();
        }
        try {
            var insightStatuses = new ArrayList<InsightsStatus>();
            var caveats = new ArrayList<String>();
            List<RuleReport> ruleReports = hotKeyReports(diagnosis, insightStatuses, caveats);
            Diagnosis withKeys = ruleReports.isEmpty() ? diagnosis : diagnoser.diagnose(table, metrics, ruleReports);
            ScalingPolicies policies = scalingPolicies.get();
            List<ChangeRecord> changes = state.map(s -> reconcile(s, table, owner, policies, caveats))
                    .orElse(List.of());
            ScalingState scaling = scaling(withKeys, policies, caveats);
            Plan plan = ruleBudget.fit(planner.plan(withKeys, insightStatuses, scaling, settings.mode()), withKeys);
            if (state.isPresent()) {
                plan = cooldowns.apply(plan, changes, clock.instant());
            }
            if (state.isEmpty()) {
                caveats.add("No state table (STATE_TABLE_NAME unset): dedupe, locking, cooldowns, the audit trail,"
                        + " approvals and revert are off for this invocation.");
                plan = plan.withoutApproval(Skip.Code.APPROVAL_UNAVAILABLE, "Only a person may approve it, and"
                        + " without a state table (STATE_TABLE_NAME) no plan can be kept for approval.");
            } else if (publish == Publish.WHEN_SOMETHING_CHANGED) {
                plan = plan.withoutApproval(Skip.Code.APPROVAL_UNAVAILABLE, "The fleet sweep offers nothing for"
                        + " approval (it would offer it again every sweep); the table's alarm does.");
            }
            if (table.isGlobal()) {
                caveats.add("Global table: its replicas in " + String.join(", ", table.replicaRegions()) + " share its"
                        + " write capacity settings (auto scaling's minimum, maximum and target utilization are"
                        + " replicated across Regions), so a capacity change here changes them too: capacity changes"
                        + " are offered for approval only, never applied automatically.");
            }
            Optional<Finding.Approval> approval = offer(plan, findings);
            if (plan.awaitsApproval() && approval.isEmpty()) {
                plan = plan.withoutApproval(Skip.Code.APPROVAL_UNAVAILABLE, "Only a person may approve it, and the"
                        + " plan could not be stored for approval (see the log); nothing was offered.");
            }
            ActionRunner.Run run = runner.run(plan, new ActionRunner.Writer(name, findings.id(), findings.trigger(),
                    RemediationMode.APPLY, Optional.empty(), owner), runner.ports(policies));
            List<Finding.ActionResult> results = run.results();
            List<String> audit = run.journaled();
            if (!audit.isEmpty()) {
                caveats.add("Journal: " + audit.size() + " change(s) written before they were made, in state table "
                        + settings.stateTableName().orElseThrow() + " under pk TABLE#" + name + " ("
                        + String.join(", ", audit) + "); they are reverted once the alarm has been OK for "
                        + settings.revertAfterCalmMinutes() + " minutes"
                        + (settings.revertEnabled() ? "." : " (revert is off in this deployment)."));
            }
            log.info("remediation planned", "table", name, "mode", plan.mode().word(), "actions", plan.actions().size(),
                    "skipped", plan.skipped().size());
            Finding finding = findings.diagnosed(withKeys, plan, results, recommender.recommend(withKeys, plan),
                    caveats, settings.remediation().contributorInsightsMode(), approval);
            boolean changed = results.stream().anyMatch(r -> r.status() != Finding.ActionResult.Status.PLANNED);
            if (publish == Publish.WHEN_SOMETHING_CHANGED && !changed) {
                log.info("nothing applied or failed; finding not published", "table", name, "findingId", findings.id());
                return finding;
            }
            return publisher.publish(finding, delivery);
        } finally {
            state.ifPresent(s -> s.locks().unlock(name, owner));
        }
    }

    /** Stores what the plan offers for approval, once per plan; empty when it offers nothing or storing failed. */
    private Optional<Finding.Approval> offer(Plan plan, FindingBuilder findings) {
        if (!plan.awaitsApproval()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> alarmName = findings.alarmName();
        var stored = new StoredPlan(UUID.randomUUID().toString(), findings.tableName(), findings.id(), alarmName,
                findings.trigger(), plan.mode(), now, now.plus(Duration.ofMinutes(settings.approvalTtlMinutes())),
                plan.forApproval(), StoredPlan.Status.PENDING, Optional.empty());
        try {
            state.orElseThrow().plans().savePlan(stored);
        } catch (AwsCallFailed e) {
            log.error("could not store the plan for approval; nothing offered", "table", stored.table(),
                    "error", e.getMessage());
            return Optional.empty();
        }
        log.info("plan offered for approval", "table", stored.table(), "planId", stored.planId(),
                "actions", stored.actions().size(), "expiresAt", stored.expiresAt().toString());
        return Optional.of(new Finding.Approval(stored.planId(), stored.expiresAt(), stored.actions(),
                invocation.invokedFunctionArn(), alarmName, Optional.empty()));
    }

    /**
     * The table's journal, its entries left unsettled by a gone invocation settled first (what the finding says about
     * them goes to {@code caveats}). A journal that cannot be read fails the invocation: planning without it could
     * repeat a change inside its cooldown.
     */
    private List<ChangeRecord> reconcile(StateStore store, TableDescription table, String owner,
                                         ScalingPolicies policies, List<String> caveats) {
        Reconciler.Result result = new Reconciler(store.journal(), reader, log)
                .reconcile(table, store.journal().changes(table.name()), owner, policies);
        caveats.addAll(result.said());
        return result.changes();
    }

    /** Describes Contributor Insights of each throttled resource and reads the throttled-key rules of those on. */
    private List<RuleReport> hotKeyReports(Diagnosis diagnosis, List<InsightsStatus> statuses, List<String> caveats) {
        if (!diagnosis.detection().detected()) {
            return List.of();
        }
        var result = new ArrayList<RuleReport>();
        for (ResourceRef resource : diagnosis.throttledResources()) {
            InsightsStatus status;
            try {
                status = insights.describe(resource);
            } catch (AwsCallFailed e) {
                log.warn("could not describe Contributor Insights", "resource", resource.label(), "error", e.getMessage());
                caveats.add("Contributor Insights of " + resource.label() + " could not be read: " + e.getMessage());
                continue;
            }
            statuses.add(status);
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
    private ScalingState scaling(Diagnosis diagnosis, ScalingPolicies policies, List<String> caveats) {
        List<ResourceRef> resources = diagnosis.underProvisioned();
        if (resources.isEmpty()) {
            return ScalingState.none();
        }
        try {
            return policies.describe(resources);
        } catch (AwsCallFailed e) {
            log.warn("could not read auto scaling", "table", diagnosis.table().name(), "error", e.getMessage());
            caveats.add("Auto scaling could not be read: " + e.getMessage());
            return ScalingState.unreadable(e.getMessage());
        }
    }
}
