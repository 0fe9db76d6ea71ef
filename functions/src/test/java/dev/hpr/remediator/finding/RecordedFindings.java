package dev.hpr.remediator.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.Action;
import dev.hpr.remediator.core.BillingMode;
import dev.hpr.remediator.core.Capacity;
import dev.hpr.remediator.core.Diagnoser;
import dev.hpr.remediator.core.Diagnosis;
import dev.hpr.remediator.core.DiagnosisSettings;
import dev.hpr.remediator.core.InsightsStatus;
import dev.hpr.remediator.core.MetricKey;
import dev.hpr.remediator.core.MetricKind;
import dev.hpr.remediator.core.MetricsSnapshot;
import dev.hpr.remediator.core.OperationType;
import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.Planner;
import dev.hpr.remediator.core.Recommendation;
import dev.hpr.remediator.core.Recommender;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.RemediationSettings;
import dev.hpr.remediator.core.ResourceRef;
import dev.hpr.remediator.core.RuleReport;
import dev.hpr.remediator.core.ScalingState;
import dev.hpr.remediator.core.Series;
import dev.hpr.remediator.core.TableDescription;
import dev.hpr.remediator.core.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Findings built from the recorded incidents in {@code test-fixtures/recorded/} through the real core: the scenario
 * is loaded as the adapters would hand it over (as {@code core.Scenario} does), diagnosed, planned and recommended;
 * then results are marked APPLIED (apply), PLANNED (dry-run), or FAILED on request, as the handler would.
 */
final class RecordedFindings {

    static final Instant NOW = Instant.parse("2026-11-23T03:00:20Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedFindings() {
    }

    /** Scenario names: the files in test-fixtures/recorded/, without ".json". */
    static List<String> names() {
        try (var files = Files.list(directory())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Finding finding(String scenario) {
        return finding(scenario, Options.defaults());
    }

    /** How the finding is made: key redaction, a mode that overrides the recorded one, whether the first action fails. */
    record Options(boolean redactKeys, Optional<RemediationMode> mode, boolean firstActionFails,
                   boolean recommendWithRawKeys) {
        static Options defaults() {
            return new Options(false, Optional.empty(), false, false);
        }

        Options redacted() {
            return new Options(true, mode, firstActionFails, recommendWithRawKeys);
        }

        Options mode(RemediationMode m) {
            return new Options(redactKeys, Optional.of(m), firstActionFails, recommendWithRawKeys);
        }

        Options failingFirstAction() {
            return new Options(redactKeys, mode, true, recommendWithRawKeys);
        }

        /** Recommendations quote keys in the clear even though the finding redacts: the renderer must scrub them. */
        Options rawKeysInRecommendations() {
            return new Options(redactKeys, mode, firstActionFails, true);
        }
    }

    static Finding finding(String scenario, Options options) {
        JsonNode root = read(scenario);
        TableDescription table = table(root.path("table"));
        Window window = Window.lastMinutes(Instant.parse(root.path("now").asText()), root.path("windowMinutes").asInt(60));
        MetricsSnapshot metrics = metrics(root, table, window);
        RemediationMode mode = options.mode().orElse(RemediationMode.parse(root.path("mode").asText("apply")));

        Diagnosis diagnosis = new Diagnoser(DiagnosisSettings.defaults()).diagnose(table, metrics, reports(root, table));
        Plan plan = new Planner(RemediationSettings.defaults()).plan(diagnosis, insights(root, table), scaling(root), mode);
        boolean redactInRecommendations = options.redactKeys() && !options.recommendWithRawKeys();
        List<Recommendation> recommendations = new Recommender(redactInRecommendations ? FindingRenderer::redact
                : key -> key).recommend(diagnosis, plan);

        var results = new ArrayList<Finding.ActionResult>();
        for (Action action : plan.actions()) {
            if (options.firstActionFails() && results.isEmpty()) {
                results.add(Finding.ActionResult.failed(action, "AccessDeniedException: not authorized to perform"
                        + " application-autoscaling:PutScalingPolicy"));
            } else if (plan.mode() == RemediationMode.APPLY) {
                results.add(Finding.ActionResult.applied(action));
            } else {
                results.add(Finding.ActionResult.planned(action));
            }
        }
        var caveats = new ArrayList<String>();
        if (results.stream().anyMatch(r -> r.action() instanceof Action.EnableContributorInsights)) {
            caveats.add("Contributor Insights was enabled at " + NOW + ": its data starts now and names only keys"
                    + " throttled from then on.");
        }
        if (table.isManagedByCloudFormation()) {
            caveats.add("Table " + table.name() + " belongs to a CloudFormation stack: auto scaling changes drift from"
                    + " its template.");
        }
        String headline = table.name() + ": " + diagnosis.primaryCause()
                .map(c -> c.cause().description() + " on " + c.operation().lower() + "s of " + c.resource().label())
                .orElse(diagnosis.detection().detected() ? "high consumed read capacity" : "throttling below thresholds")
                + ". " + diagnosis.pattern().kind().name().toLowerCase(java.util.Locale.ROOT) + " pattern.";
        return new Finding("finding-" + scenario, NOW, "us-east-1", Optional.of(alarm(table.name())), table.name(),
                Finding.Outcome.DIAGNOSED, headline, Optional.of(diagnosis), Optional.of(plan), results,
                recommendations, caveats, options.redactKeys());
    }

    static Finding.AlarmRef alarm(String table) {
        return new Finding.AlarmRef(table + "-throttles",
                Optional.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + table + "-throttles"), "ALARM",
                Optional.of("Threshold Crossed: 1 out of the last 1 datapoints [180.0 (23/11/26 02:59:00)] was greater"
                        + " than the threshold (50.0)."), Instant.parse("2026-11-23T02:59:40Z"));
    }

    /** A finding for an outcome that stops before diagnosing. */
    static Finding undiagnosed(Finding.Outcome outcome, String table, String alarmState, String headline) {
        Finding.AlarmRef alarm = alarm(table);
        alarm = new Finding.AlarmRef(alarm.name(), alarm.arn(), alarmState, alarm.reason(), alarm.stateChangedAt());
        return new Finding("finding-" + outcome, NOW, "us-east-1", Optional.of(alarm), table, outcome, headline,
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), false);
    }

    /** The revert check's finding: the retune and the raised maximum of under-provisioned-read, restored. */
    static Finding reverted(boolean restoreFails) {
        ResourceRef orders = ResourceRef.table("orders");
        var restoreMax = new Action.RestoreMaxCapacity(orders, OperationType.READ, "chg-2", 100, 2000, 1000);
        var restorePolicy = new Action.RestoreTargetTracking(orders, OperationType.READ, "orders-read", "chg-1", 60, 70,
                OptionalInt.of(60), OptionalInt.of(300), OptionalInt.of(300), OptionalInt.of(60));
        var disable = new Action.DisableContributorInsights(orders, "chg-0", "ENABLED");
        List<Finding.ActionResult> results = List.of(Finding.ActionResult.applied(restorePolicy),
                restoreFails ? Finding.ActionResult.failed(restoreMax, "ValidationException") :
                        Finding.ActionResult.applied(restoreMax), Finding.ActionResult.applied(disable));
        Plan plan = new Plan(RemediationMode.APPLY, "revert check", results.stream().map(Finding.ActionResult::action)
                .toList(), List.of());
        return new Finding("finding-reverted", NOW, "us-east-1", Optional.of(alarm("orders")), "orders",
                Finding.Outcome.REVERTED, "orders: calm again; restored 3 change(s) this remediator made.",
                Optional.empty(), Optional.of(plan), results, List.of(), List.of("Restored values are the ones recorded"
                + " in the audit trail before this remediator changed them."), false);
    }

    private static Path directory() {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        return root.resolve("test-fixtures/recorded");
    }

    private static JsonNode read(String scenario) {
        try {
            return JSON.readTree(directory().resolve(scenario + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MetricsSnapshot metrics(JsonNode root, TableDescription table, Window window) {
        var series = new HashMap<MetricKey, Series>();
        root.path("metrics").fields().forEachRemaining(e -> series.put(metricKey(table.name(), e.getKey()),
                runs(e.getValue().asText(), window.periods())));
        return new MetricsSnapshot(window, series);
    }

    private static List<RuleReport> reports(JsonNode root, TableDescription table) {
        var reports = new ArrayList<RuleReport>();
        for (JsonNode n : root.path("insightRuleReports")) {
            var contributors = new ArrayList<RuleReport.Contributor>();
            for (JsonNode c : n.path("Contributors")) {
                var keys = new ArrayList<String>();
                c.path("Keys").forEach(k -> keys.add(k.asText()));
                contributors.add(new RuleReport.Contributor(keys, c.path("ApproximateAggregateValue").asDouble()));
            }
            reports.add(new RuleReport(resource(table.name(), n.path("IndexName").asText(null)),
                    n.path("RuleName").asText(), contributors));
        }
        return reports;
    }

    private static List<InsightsStatus> insights(JsonNode root, TableDescription table) {
        var insights = new ArrayList<InsightsStatus>();
        for (JsonNode n : root.path("contributorInsights")) {
            var rules = new ArrayList<String>();
            n.path("ContributorInsightsRuleList").forEach(r -> rules.add(r.asText()));
            insights.add(new InsightsStatus(resource(table.name(), n.path("IndexName").asText(null)),
                    n.path("ContributorInsightsStatus").asText(),
                    Optional.ofNullable(n.path("ContributorInsightsMode").asText(null)), rules, Optional.empty()));
        }
        return insights;
    }

    private static ScalingState scaling(JsonNode root) {
        var targets = new ArrayList<ScalingState.Target>();
        var policies = new ArrayList<ScalingState.TargetTrackingPolicy>();
        for (JsonNode t : root.path("scalableTargets")) {
            targets.add(new ScalingState.Target(resourceId(t.path("ResourceId").asText()),
                    operation(t.path("ScalableDimension").asText()), t.path("MinCapacity").asInt(),
                    t.path("MaxCapacity").asInt()));
        }
        for (JsonNode p : root.path("scalingPolicies")) {
            JsonNode c = p.path("TargetTrackingScalingPolicyConfiguration");
            policies.add(new ScalingState.TargetTrackingPolicy(p.path("PolicyName").asText(),
                    resourceId(p.path("ResourceId").asText()), operation(p.path("ScalableDimension").asText()),
                    c.path("TargetValue").asDouble(), optionalInt(c, "ScaleOutCooldown"),
                    optionalInt(c, "ScaleInCooldown"), c.path("DisableScaleIn").asBoolean(false)));
        }
        return new ScalingState(targets, policies);
    }

    private static TableDescription table(JsonNode t) {
        var indexes = new ArrayList<TableDescription.Index>();
        for (JsonNode i : t.path("GlobalSecondaryIndexes")) {
            indexes.add(new TableDescription.Index(i.path("IndexName").asText(), capacity(i.path("ProvisionedThroughput")),
                    onDemand(i.path("OnDemandThroughput")), i.path("HasSortKey").asBoolean(false)));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        t.path("Tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        String name = t.path("TableName").asText();
        return new TableDescription(name, "arn:aws:dynamodb:us-east-1:123456789012:table/" + name, "ACTIVE",
                BillingMode.valueOf(t.path("BillingMode").asText("PROVISIONED")), capacity(t.path("ProvisionedThroughput")),
                onDemand(t.path("OnDemandThroughput")), 0, t.path("HasSortKey").asBoolean(false), indexes, tags);
    }

    private static Optional<Capacity> capacity(JsonNode n) {
        return n.isMissingNode() ? Optional.empty()
                : Optional.of(new Capacity(n.path("ReadCapacityUnits").asLong(), n.path("WriteCapacityUnits").asLong()));
    }

    private static Optional<Capacity> onDemand(JsonNode n) {
        return n.isMissingNode() ? Optional.empty()
                : Optional.of(new Capacity(n.path("MaxReadRequestUnits").asLong(-1), n.path("MaxWriteRequestUnits").asLong(-1)));
    }

    private static OptionalInt optionalInt(JsonNode n, String field) {
        return n.has(field) ? OptionalInt.of(n.get(field).asInt()) : OptionalInt.empty();
    }

    private static ResourceRef resource(String table, String index) {
        return index == null ? ResourceRef.table(table) : ResourceRef.index(table, index);
    }

    private static ResourceRef resourceId(String id) {
        String[] parts = id.split("/");
        return parts.length == 2 ? ResourceRef.table(parts[1]) : ResourceRef.index(parts[1], parts[3]);
    }

    private static OperationType operation(String dimensionOrMetric) {
        return dimensionOrMetric.contains("Read") ? OperationType.READ : OperationType.WRITE;
    }

    private static MetricKey metricKey(String table, String spec) {
        String[] parts = spec.trim().split("\\s+");
        String[] res = parts[0].split("/");
        ResourceRef resource = res.length == 1 ? ResourceRef.table(res[0]) : ResourceRef.index(res[0], res[1]);
        for (OperationType op : OperationType.values()) {
            for (MetricKind kind : MetricKind.values()) {
                if (kind.metricName(op).equals(parts[1])) {
                    return new MetricKey(resource, op, kind);
                }
            }
        }
        throw new IllegalArgumentException("unknown metric in " + table + ": " + parts[1]);
    }

    private static Series runs(String spec, int periods) {
        var values = new ArrayList<Double>();
        for (String run : spec.split(",")) {
            String[] vc = run.trim().split("x");
            for (int i = 0; i < Integer.parseInt(vc[1].trim()); i++) {
                values.add(Double.parseDouble(vc[0].trim()));
            }
        }
        if (values.size() != periods) {
            throw new IllegalArgumentException("series '" + spec + "' has " + values.size() + " periods, not " + periods);
        }
        return new Series(values, true);
    }
}
