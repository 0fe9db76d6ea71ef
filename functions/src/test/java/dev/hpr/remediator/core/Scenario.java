package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.RuleReport;
import dev.hpr.remediator.core.diagnosis.Series;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.TableDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * An incident recorded as the adapters hand it to the core: the table, every metric series, the Contributor
 * Insights state and reports, and the scaling state; with what the core must conclude. One file per scenario in
 * {@code test-fixtures/recorded/}. A series is written as runs, {@code "0x40, 120x20"}: 40 minutes of 0, then 20
 * of 120; a metric not listed had no datapoint.
 */
public record Scenario(String name, String about, TableDescription table, MetricsSnapshot metrics,
                List<InsightsStatus> insights, List<RuleReport> reports, ScalingState scaling,
                RemediationMode mode, JsonNode expect) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path directory() {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        Path dir = root.resolve("test-fixtures/recorded");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("recorded scenarios not found at " + dir);
        }
        return dir;
    }

    public static List<Scenario> all() throws IOException {
        try (var files = Files.list(directory())) {
            var scenarios = new ArrayList<Scenario>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                scenarios.add(load(file));
            }
            return scenarios;
        }
    }

    public static Scenario load(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        TableDescription table = table(root.path("table"));
        Window window = Window.lastMinutes(Instant.parse(root.path("now").asText()), root.path("windowMinutes").asInt(60));
        var series = new HashMap<MetricKey, Series>();
        root.path("metrics").fields().forEachRemaining(e -> series.put(metricKey(table.name(), e.getKey()),
                runs(e.getValue().asText(), window.periods())));
        var insights = new ArrayList<InsightsStatus>();
        for (JsonNode n : root.path("contributorInsights")) {
            var rules = new ArrayList<String>();
            n.path("ContributorInsightsRuleList").forEach(r -> rules.add(r.asText()));
            insights.add(new InsightsStatus(resource(table.name(), n.path("IndexName").asText(null)),
                    n.path("ContributorInsightsStatus").asText(),
                    Optional.ofNullable(n.path("ContributorInsightsMode").asText(null)), rules, Optional.empty()));
        }
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
        return new Scenario(file.getFileName().toString().replace(".json", ""), root.path("about").asText(), table,
                new MetricsSnapshot(window, series), insights, reports, new ScalingState(targets, policies),
                RemediationMode.parse(root.path("mode").asText("apply")), root.path("expect"));
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

    /** {@code "orders/byCustomer WriteKeyRangeThroughputThrottleEvents"} → its key. */
    private static MetricKey metricKey(String table, String spec) {
        String[] parts = spec.trim().split("\\s+");
        String[] res = parts[0].split("/");
        ResourceRef resource = res.length == 1 ? ResourceRef.table(res[0]) : ResourceRef.index(res[0], res[1]);
        if (!resource.tableName().equals(table)) {
            throw new IllegalArgumentException("metric for another table: " + spec);
        }
        for (OperationType op : OperationType.values()) {
            for (MetricKind kind : MetricKind.values()) {
                if (kind.metricName(op).equals(parts[1])) {
                    return new MetricKey(resource, op, kind);
                }
            }
        }
        throw new IllegalArgumentException("unknown metric: " + parts[1]);
    }

    public static Series runs(String spec, int periods) {
        var values = new ArrayList<Double>();
        for (String run : spec.split(",")) {
            String[] vc = run.trim().split("x");
            for (int i = 0; i < Integer.parseInt(vc[1].trim()); i++) {
                values.add(Double.parseDouble(vc[0].trim()));
            }
        }
        if (values.size() != periods) {
            throw new IllegalArgumentException("series '" + spec + "' has " + values.size() + " periods, window has " + periods);
        }
        return new Series(values, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
