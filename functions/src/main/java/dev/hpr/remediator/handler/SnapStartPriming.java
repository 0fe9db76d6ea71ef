package dev.hpr.remediator.handler;

import dev.hpr.remediator.usecase.FindingBuilder;
import dev.hpr.remediator.usecase.SweepSummary;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.FleetMetrics;
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
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.aws.Priming;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.event.AlarmEventParser;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Primes the handler for a SnapStart snapshot: a CRaC {@code beforeCheckpoint} hook that runs the invocation's code
 * once, so the snapshot holds its classes loaded and initialised (and the JIT's first profile) instead of every
 * restored container paying for them on its first alarm.
 *
 * <ul>
 *   <li>parses an alarm event embedded in the jar ({@value #SAMPLE_EVENT}), the shape the CDK app's alarm action sends;
 *   <li>runs the container's own pure services (diagnosis with hot keys, plan, recommendations, a fleet slice) on a
 *       synthetic incident and renders its finding as SNS would get it;
 *   <li>has every adapter issue its own requests ({@link Priming}): marshalled, endpoint resolved, signed with fake
 *       credentials and stopped before transmission, so what is primed is what runs;
 *   <li>builds the responses those requests would get, from the SDK model's own field metadata (every nested
 *       structure once, empty), and parses one XML document as the SDK parses CloudWatch's and SNS's answers.
 * </ul>
 *
 * <p>No AWS call leaves the function during a checkpoint, and the clients' own credentials chain is never consulted,
 * so nothing about credentials is captured in the snapshot. SDK 2.40.2 has no {@code SdkWarmUp} (sdk-core 2.54.0+);
 * what priming cannot reach is the connection itself and reading an answer's bytes into those responses.
 *
 * <p>Priming is an optimisation: any failure is logged and swallowed, so it can never fail a snapshot.
 * {@code afterRestore} does nothing: no clock reading, credential, connection or random seed is kept from priming.
 */
public final class SnapStartPriming implements Resource {

    static final String SAMPLE_EVENT = "snapstart-priming-alarm.json";
    private static final String TABLE = Priming.TABLE;
    private static final String INDEX = "byCustomer";

    private final Wiring wiring;

    /** What one priming run did. */
    public record Report(Duration took, int requestsStopped, List<String> failures) {
        public Report {
            failures = List.copyOf(failures);
        }
    }

    SnapStartPriming(Wiring wiring) {
        this.wiring = wiring;
    }

    /**
     * Registers the hook with the global CRaC context. The context may hold resources weakly: the caller keeps the
     * returned instance in a field for as long as the handler lives.
     */
    public static SnapStartPriming register(SnapStartPriming priming) {
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: priming keeps no time, credentials, connections or seeds.
    }

    /** Runs the handler's path once without AWS. Never throws. */
    public Report prime() {
        long started = System.nanoTime();
        var failures = new ArrayList<String>();
        try {
            primeInvocationPath();
        } catch (RuntimeException | LinkageError e) {
            failures.add("invocation path: " + e);
        }
        Priming.Result requests = wiring.primeAdapters();
        failures.addAll(requests.failures());
        int stopped = requests.stopped().size();
        var report = new Report(Duration.ofNanos(System.nanoTime() - started), stopped, failures);
        Log log = wiring.log;
        if (failures.isEmpty()) {
            log.info("snapstart priming done", "ms", report.took().toMillis(), "requestsStopped", stopped);
        } else {
            log.warn("snapstart priming incomplete; the function works, its first invocation is slower",
                    "ms", report.took().toMillis(), "failures", String.join("; ", failures));
        }
        return report;
    }

    private void primeInvocationPath() {
        AlarmEvent event;
        try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_EVENT)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE_EVENT + " is missing from the jar");
            }
            event = AlarmEventParser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = event.stateChangedAt();
        TableDescription table = new TableDescription(TABLE, "arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE,
                "ACTIVE", BillingMode.PROVISIONED, Optional.of(new Capacity(2000, 1000)), Optional.empty(), 0, true,
                List.of(new TableDescription.Index(INDEX, Optional.of(new Capacity(1000, 200)), Optional.empty(), false)),
                Map.of("aws:cloudformation:stack-name", "priming"));
        ResourceRef base = ResourceRef.table(TABLE);
        ResourceRef index = ResourceRef.index(TABLE, INDEX);
        Settings settings = wiring.settings;
        Window window = Window.lastMinutes(now, settings.windowMinutes());
        var series = new HashMap<MetricKey, Series>();
        series.put(new MetricKey(base, OperationType.WRITE, MetricKind.KEY_RANGE_THROTTLES), lastMinutes(window, 20, 180));
        series.put(new MetricKey(base, OperationType.WRITE, MetricKind.THROTTLE_EVENTS), lastMinutes(window, 20, 180));
        series.put(new MetricKey(index, OperationType.READ, MetricKind.PROVISIONED_THROTTLES), lastMinutes(window, 30, 400));
        series.put(new MetricKey(index, OperationType.READ, MetricKind.CONSUMED_CAPACITY), lastMinutes(window, 30, 60_000));
        MetricsSnapshot metrics = new FleetMetrics(new MetricsSnapshot(window, series)).forTable(table);
        String rule = "DynamoDBContributorInsights-PKT-" + TABLE + "-0";
        var insights = List.of(
                new InsightsStatus(base, "ENABLED", Optional.of("THROTTLED_KEYS"), List.of(rule), Optional.empty()),
                new InsightsStatus(index, "DISABLED", Optional.empty(), List.of(), Optional.empty()));
        var reports = List.of(new RuleReport(base, rule, List.of(new RuleReport.Contributor(List.of("customer#42"), 3300),
                new RuleReport.Contributor(List.of("customer#7"), 120))));
        wiring.diagnoser.diagnose(table, metrics, List.of());
        Diagnosis diagnosis = wiring.diagnoser.diagnose(table, metrics, reports);
        var scaling = new ScalingState(List.of(new ScalingState.Target(index, OperationType.READ, 100, 1000)),
                List.of(new ScalingState.TargetTrackingPolicy("priming-read", index, OperationType.READ, 70,
                        OptionalInt.of(300), OptionalInt.of(60), false)));
        Plan plan = wiring.planner.plan(diagnosis, insights, scaling, settings.mode());
        var results = plan.actions().stream().map(Finding.ActionResult::applied).toList();
        Finding finding = FindingBuilder.forAlarm("snapstart-priming", now, wiring.clients.region().id(), Optional.empty(), event,
                settings.redactKeys()).diagnosed(diagnosis, plan, results, wiring.recommender.recommend(diagnosis, plan),
                List.of(), settings.remediation().contributorInsightsMode(), Optional.empty());
        FindingRenderer renderer = wiring.renderer;
        renderer.subject(finding);
        renderer.snsMessage(finding);
        renderer.json(finding);
        new SweepSummary("snapstart-priming", now, window, List.of(SweepSummary.TableResult.quiet(TABLE, 0)), List.of()).json();
    }

    private static Series lastMinutes(Window window, int minutes, double value) {
        var values = new ArrayList<>(Collections.nCopies(window.periods(), 0.0));
        for (int i = Math.max(0, values.size() - minutes); i < values.size(); i++) {
            values.set(i, value);
        }
        return new Series(values, true);
    }
}
