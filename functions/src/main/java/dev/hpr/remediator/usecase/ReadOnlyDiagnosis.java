package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommender;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.ContributorInsights;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.InsightRuleReports;
import dev.hpr.remediator.aws.InsightRules;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code diagnose TABLE}: what the alarm path would say about a table and what apply mode would change, with nothing
 * changed, stored or published. It reads what the alarm path reads (DescribeTable and ListTagsOfResource,
 * GetMetricData, DescribeContributorInsights and the throttled-key rules' reports, auto scaling where a capacity cause
 * needs it, the region's Contributor Insights rules where the plan would enable it), diagnoses, plans in apply mode
 * with every default setting, and reports that plan as planned, not applied. It builds no topic, no state store and no
 * action ports: there is nothing here that could write.
 *
 * <p>A read the alarm path would survive (a caveat in its finding) fails here when AWS denies it: someone trying the
 * remediator on a table wants to know which permission is missing, not a diagnosis without hot keys.
 */
public final class ReadOnlyDiagnosis {

    /**
     * Every IAM action it calls: the read adapters' own declarations, the lists the deployed role is also built from
     * ({@code IamPermissions.required()}).
     */
    public static final List<IamPermission> PERMISSIONS = union(DynamoDbTables.PERMISSIONS,
            CloudWatchMetrics.PERMISSIONS, ContributorInsights.PERMISSIONS, InsightRuleReports.PERMISSIONS,
            ScalingPolicies.POLICY_READS, InsightRules.PERMISSIONS);

    /** The table's mode as the finding reports it: the plan apply mode would make, applied by no one. */
    static final String MODE_REASON = "diagnose: read-only; planned as apply mode would, nothing applied";

    /** @param index a GSI: the diagnosis covers the table and that index only */
    public record Request(String table, Optional<String> index, int windowMinutes) {
    }

    /** A GSI the table does not have. */
    public static final class NoSuchIndex extends RuntimeException {
        NoSuchIndex(String table, String index, List<String> indexes) {
            super("table '" + table + "' has no global secondary index '" + index + "'"
                    + (indexes.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", indexes) + ")"));
        }
    }

    private final Clock clock;
    private final Log log;
    private final String region;
    private final DynamoDbTables tables;
    private final CloudWatchMetrics metrics;
    private final ContributorInsights insights;
    private final InsightRuleReports reports;
    private final ScalingPolicies scalingPolicies;
    private final InsightRules insightRules;

    public ReadOnlyDiagnosis(AwsClients clients, Clock clock, Log log) {
        this.clock = clock;
        this.log = log;
        this.region = clients.region().id();
        this.tables = new DynamoDbTables(clients::dynamoDb);
        this.metrics = new CloudWatchMetrics(clients::cloudWatch);
        this.insights = new ContributorInsights(clients::dynamoDb);
        this.reports = new InsightRuleReports(clients::cloudWatch);
        this.scalingPolicies = new ScalingPolicies(clients::autoScaling);
        this.insightRules = new InsightRules(clients::cloudWatch);
    }

    /**
     * The finding the alarm path would publish, its plan not applied ({@link Finding.Outcome#DIAGNOSED}).
     *
     * @throws dev.hpr.remediator.aws.TableNotFound when the table does not exist
     * @throws NoSuchIndex                          when the table has no such GSI
     * @throws AwsCallFailed                        when a read fails (AccessDenied included)
     */
    public Finding diagnose(Request request) {
        Settings settings = settings(request.windowMinutes());
        Instant now = clock.instant();
        var findings = FindingBuilder.forTable("diagnose-" + UUID.randomUUID(), now, region, Optional.empty(),
                request.table(), settings.redactKeys());
        TableDescription table = only(tables.describe(request.table()), request.index());
        MetricsSnapshot read = metrics.read(MetricKey.allFor(table.resources()),
                Window.lastMinutes(now, settings.windowMinutes()));
        var diagnoser = new Diagnoser(settings.diagnosis());
        Diagnosis diagnosis = diagnoser.diagnose(table, read, List.of());
        var statuses = new ArrayList<InsightsStatus>();
        List<RuleReport> ruleReports = hotKeyReports(diagnosis, statuses);
        Diagnosis withKeys = ruleReports.isEmpty() ? diagnosis : diagnoser.diagnose(table, read, ruleReports);
        var caveats = new ArrayList<String>();
        ScalingState scaling = scaling(withKeys, caveats);
        Plan applying = new RuleBudget(insightRules, settings.contributorInsightsRuleQuota(), clock, log)
                .fit(new Planner(settings.remediation()).plan(withKeys, statuses, scaling, RemediationMode.APPLY), withKeys);
        Plan plan = unapplied(applying, table.modeTag().isPresent());
        List<Finding.ActionResult> results = plan.actions().stream().map(Finding.ActionResult::planned).toList();
        caveats.add("diagnose changed nothing, stored nothing and published nothing; a deployed remediator in apply"
                + " mode would make the changes above, with its own settings, cooldowns and protected-table list.");
        var recommender = new Recommender(settings.redactKeys() ? FindingRenderer::redact : key -> key);
        return findings.diagnosed(withKeys, plan, results, recommender.recommend(withKeys, plan), caveats,
                settings.remediation().contributorInsightsMode(), Optional.empty());
    }

    /**
     * Every default setting in apply mode, with this window. The findings topic is a required setting of the function;
     * nothing here publishes, so a placeholder stands in for it.
     */
    static Settings settings(int windowMinutes) {
        return Settings.fromEnvironment(Map.of(
                Setting.FINDINGS_TOPIC_ARN.variable(), "arn:aws:sns:us-east-1:000000000000:diagnose-publishes-nothing",
                Setting.REMEDIATION_MODE.variable(), RemediationMode.APPLY.word(),
                Setting.WINDOW_MINUTES.variable(), Integer.toString(windowMinutes)));
    }

    /**
     * Apply mode's plan as one that applies nothing: its changes stay the plan's actions, reported as planned; what
     * apply mode would offer a person for approval is listed as not changed, with why. A table whose tag makes its mode
     * safer (dry-run, off) keeps the tag's plan.
     */
    static Plan unapplied(Plan plan, boolean modeFromTag) {
        if (plan.mode() != RemediationMode.APPLY && plan.mode() != RemediationMode.APPROVE) {
            return plan;
        }
        var skipped = new ArrayList<>(plan.skipped());
        plan.forApproval().forEach(a -> skipped.add(Skip.of(a.resource(), a.description(),
                Skip.Code.APPROVAL_UNAVAILABLE, "A deployed remediator in " + plan.mode().word() + " mode would offer"
                        + " it to a person for approval (" + a.before() + " -> " + a.after() + ")")));
        return new Plan(RemediationMode.DRY_RUN, modeFromTag ? MODE_REASON + "; " + plan.modeReason() : MODE_REASON,
                plan.actions(), skipped);
    }

    /** The table with only the GSI asked for, when one is. */
    private static TableDescription only(TableDescription table, Optional<String> index) {
        if (index.isEmpty()) {
            return table;
        }
        List<TableDescription.Index> matching = table.globalSecondaryIndexes().stream()
                .filter(i -> i.name().equals(index.get())).toList();
        if (matching.isEmpty()) {
            throw new NoSuchIndex(table.name(), index.get(),
                    table.globalSecondaryIndexes().stream().map(TableDescription.Index::name).toList());
        }
        return new TableDescription(table.name(), table.arn(), table.status(), table.billingMode(), table.provisioned(),
                table.onDemandMaximum(), table.decreasesToday(), table.hasSortKey(), matching, table.tags());
    }

    /** As the alarm path: Contributor Insights of each throttled resource, and the throttled-key rules of those on. */
    private List<RuleReport> hotKeyReports(Diagnosis diagnosis, List<InsightsStatus> statuses) {
        if (!diagnosis.detection().detected()) {
            return List.of();
        }
        var result = new ArrayList<RuleReport>();
        for (ResourceRef resource : diagnosis.throttledResources()) {
            InsightsStatus status = insights.describe(resource);
            statuses.add(status);
            if (status.isEnabled()) {
                for (String rule : status.throttledKeyRules()) {
                    result.add(reports.report(resource, rule, diagnosis.window()));
                }
            }
        }
        return result;
    }

    /** As the alarm path: auto scaling only for a provisioned table with a capacity cause. */
    private ScalingState scaling(Diagnosis diagnosis, List<String> caveats) {
        List<ResourceRef> resources = diagnosis.underProvisioned();
        if (resources.isEmpty()) {
            return ScalingState.none();
        }
        try {
            return scalingPolicies.describe(resources);
        } catch (AwsCallFailed e) {
            if (isAccessDenied(e)) {
                throw e;
            }
            caveats.add("Auto scaling could not be read: " + e.getMessage());
            return ScalingState.unreadable(e.getMessage());
        }
    }

    /** AWS refused the call for want of a permission (AccessDeniedException, AccessDenied, UnauthorizedOperation…). */
    public static boolean isAccessDenied(AwsCallFailed e) {
        String code = e.errorCode();
        return code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation") || code.equals("NotAuthorized");
    }

    @SafeVarargs
    private static List<IamPermission> union(List<IamPermission>... lists) {
        var all = new LinkedHashSet<IamPermission>();
        Stream.of(lists).forEach(all::addAll);
        return List.copyOf(all);
    }
}
