package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.DiagnosisSettings;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.planning.Recommender;
import dev.hpr.remediator.core.planning.RemediationSettings;
import dev.hpr.remediator.core.DefaultSettings;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import dev.hpr.remediator.core.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Findings built from the recorded incidents in {@code test-fixtures/recorded/} through the real core: the scenario
 * is loaded as the adapters would hand it over (as {@code core.Scenario} does), diagnosed, planned and recommended;
 * then results are marked APPLIED (apply), PLANNED (dry-run), or FAILED on request, as the handler would.
 */
final class RecordedFindings {

    static final Instant NOW = Instant.parse("2026-11-23T03:00:20Z");

    private RecordedFindings() {
    }

    /** Scenario names: the files in test-fixtures/recorded/, without ".json". */
    static List<String> names() {
        try (var files = Files.list(Scenario.directory())) {
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
        Scenario recorded;
        try {
            recorded = Scenario.load(Scenario.directory().resolve(scenario + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TableDescription table = recorded.table();
        RemediationMode mode = options.mode().orElse(recorded.mode());

        Diagnosis diagnosis = new Diagnoser(DefaultSettings.diagnosis()).diagnose(table, recorded.metrics(),
                recorded.reports());
        Plan plan = new Planner(DefaultSettings.remediation()).plan(diagnosis, recorded.insights(), recorded.scaling(),
                mode);
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
        if (results.stream().anyMatch(r -> r.action() instanceof ContributorInsightsChange)) {
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
        var restoreMax = new MaxCapacityChange(orders, OperationType.READ, 100, 2000, 1000, Optional.of("chg-2"));
        var restorePolicy = new TargetTrackingChange(orders, OperationType.READ, "orders-read",
                new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300)),
                new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60)), Optional.of("chg-1"));
        var disable = new ContributorInsightsChange(orders, "THROTTLED_KEYS", "ENABLED", false, Optional.of("chg-0"));
        List<Finding.ActionResult> results = List.of(Finding.ActionResult.applied(restorePolicy),
                restoreFails ? Finding.ActionResult.failed(restoreMax, "ValidationException") :
                        Finding.ActionResult.applied(restoreMax), Finding.ActionResult.applied(disable));
        Plan plan = new Plan(RemediationMode.APPLY, "revert check", results.stream().<Action>map(Finding.ActionResult::action)
                .toList(), List.of());
        return new Finding("finding-reverted", NOW, "us-east-1", Optional.of(alarm("orders")), "orders",
                Finding.Outcome.REVERTED, "orders: calm again; restored 3 change(s) this remediator made.",
                Optional.empty(), Optional.of(plan), results, List.of(), List.of("Restored values are the ones recorded"
                + " in the audit trail before this remediator changed them."), false);
    }
}
