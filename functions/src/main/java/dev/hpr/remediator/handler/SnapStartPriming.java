package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.core.BillingMode;
import dev.hpr.remediator.core.Capacity;
import dev.hpr.remediator.core.Diagnoser;
import dev.hpr.remediator.core.Diagnosis;
import dev.hpr.remediator.core.FleetMetrics;
import dev.hpr.remediator.core.InsightsStatus;
import dev.hpr.remediator.core.MetricKey;
import dev.hpr.remediator.core.MetricKind;
import dev.hpr.remediator.core.MetricsSnapshot;
import dev.hpr.remediator.core.OperationType;
import dev.hpr.remediator.core.Plan;
import dev.hpr.remediator.core.Planner;
import dev.hpr.remediator.core.Recommender;
import dev.hpr.remediator.core.ResourceRef;
import dev.hpr.remediator.core.RuleReport;
import dev.hpr.remediator.core.ScalingState;
import dev.hpr.remediator.core.Series;
import dev.hpr.remediator.core.TableDescription;
import dev.hpr.remediator.core.Window;
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
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;

/**
 * Primes the handler for a SnapStart snapshot: a CRaC {@code beforeCheckpoint} hook that runs the invocation's code
 * once, so the snapshot holds its classes loaded and initialised (and the JIT's first profile) instead of every
 * restored container paying for them on its first alarm.
 *
 * <ul>
 *   <li>parses an alarm event embedded in the jar ({@value #SAMPLE_EVENT}), the shape the CDK app's alarm action sends;
 *   <li>runs the pure core on a synthetic incident (diagnosis with hot keys, plan, recommendations, a fleet slice) and
 *       renders its finding as SNS would get it;
 *   <li>sends one request of every operation the handler makes (and the state table's, when there is one) through
 *       the real SDK clients, which marshal, resolve the endpoint and sign it, and stops each just before transmission.
 * </ul>
 *
 * <p>No AWS call leaves the function during a checkpoint, for two independent reasons: each priming request carries
 * a per-request plugin whose interceptor throws in {@code beforeTransmission} (no retry follows: the SDK does not
 * retry an interceptor's exception), and each carries its own static, fake credentials, so even a request that got
 * out would be rejected and change nothing. The clients' own credentials chain is never consulted, so nothing
 * about credentials is captured in the snapshot: the first real call after restore resolves them. SDK 2.40.2 has no
 * {@code SdkWarmUp} (sdk-core 2.54.0+); this does what it does, without a network. Response unmarshalling is the
 * one part it cannot reach.
 *
 * <p>Priming is an optimisation: any failure is logged and swallowed, so it can never fail a snapshot.
 * {@code afterRestore} does nothing: no clock reading, credential, connection or random seed is kept from priming.
 */
public final class SnapStartPriming implements Resource {

    static final String SAMPLE_EVENT = "snapstart-priming-alarm.json";
    private static final String TABLE = "snapstart-priming";
    private static final String INDEX = "byCustomer";

    private final Settings settings;
    private final AwsClients clients;
    private final Log log;

    /** What one priming run did. */
    public record Report(Duration took, int requestsStopped, List<String> failures) {
        public Report {
            failures = List.copyOf(failures);
        }
    }

    public SnapStartPriming(Settings settings, AwsClients clients, Log log) {
        this.settings = settings;
        this.clients = clients;
        this.log = log;
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
        int stopped = primeClients(failures);
        var report = new Report(Duration.ofNanos(System.nanoTime() - started), stopped, failures);
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
        Diagnoser diagnoser = new Diagnoser(settings.diagnosis());
        diagnoser.diagnose(table, metrics, List.of());
        Diagnosis diagnosis = diagnoser.diagnose(table, metrics, reports);
        var scaling = new ScalingState(List.of(new ScalingState.Target(index, OperationType.READ, 100, 1000)),
                List.of(new ScalingState.TargetTrackingPolicy("priming-read", index, OperationType.READ, 70,
                        OptionalInt.of(300), OptionalInt.of(60), false)));
        Plan plan = new Planner(settings.remediation()).plan(diagnosis, insights, scaling, settings.mode());
        var results = plan.actions().stream().map(Finding.ActionResult::applied).toList();
        var recommender = new Recommender(settings.redactKeys() ? FindingRenderer::redact : key -> key);
        Finding finding = FindingBuilder.forAlarm("snapstart-priming", now, clients.region().id(), event,
                settings.redactKeys()).diagnosed(diagnosis, plan, results, recommender.recommend(diagnosis, plan),
                List.of(), settings.remediation().contributorInsightsMode());
        var renderer = new FindingRenderer();
        renderer.subject(finding);
        renderer.snsMessage(finding);
        renderer.json(finding);
        new SweepSummary("snapstart-priming", now, window, List.of(SweepSummary.TableResult.quiet(TABLE, 0))).json();
    }

    private static Series lastMinutes(Window window, int minutes, double value) {
        var values = new ArrayList<>(Collections.nCopies(window.periods(), 0.0));
        for (int i = Math.max(0, values.size() - minutes); i < values.size(); i++) {
            values.set(i, value);
        }
        return new Series(values, true);
    }

    /** One request of each operation the handler makes, each stopped before it is sent. */
    private int primeClients(List<String> failures) {
        var stop = new StopBeforeTransmission();
        var fake = StaticCredentialsProvider.create(AwsBasicCredentials.create("snapstart-priming", "snapstart-priming"));
        Consumer<AwsRequestOverrideConfiguration.Builder> unsent = o -> o.credentialsProvider(fake).addPlugin(stop);
        Instant end = Instant.parse("2026-01-01T00:00:00Z");
        Instant start = end.minus(Duration.ofMinutes(60));
        var dynamoDb = clients.dynamoDb();
        var cloudWatch = clients.cloudWatch();
        var autoScaling = clients.autoScaling();
        var sns = clients.sns();
        var requests = new HashMap<String, Runnable>();
        requests.put("dynamodb:DescribeTable", () -> dynamoDb.describeTable(b -> b.tableName(TABLE)
                .overrideConfiguration(unsent)));
        requests.put("dynamodb:ListTagsOfResource", () -> dynamoDb.listTagsOfResource(b -> b
                .resourceArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE).overrideConfiguration(unsent)));
        requests.put("dynamodb:DescribeContributorInsights", () -> dynamoDb.describeContributorInsights(b -> b
                .tableName(TABLE).indexName(INDEX).overrideConfiguration(unsent)));
        requests.put("dynamodb:UpdateContributorInsights", () -> dynamoDb.updateContributorInsights(b -> b
                .tableName(TABLE).contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode("THROTTLED_KEYS").overrideConfiguration(unsent)));
        requests.put("monitoring:GetMetricData", () -> cloudWatch.getMetricData(b -> b.startTime(start).endTime(end)
                .metricDataQueries(q -> q.id("m0").returnData(true).metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace("AWS/DynamoDB").metricName("WriteThrottleEvents")
                                .dimensions(d -> d.name("TableName").value(TABLE)))))
                .overrideConfiguration(unsent)));
        requests.put("monitoring:GetInsightRuleReport", () -> cloudWatch.getInsightRuleReport(b -> b
                .ruleName("DynamoDBContributorInsights-PKT-" + TABLE + "-0").startTime(start).endTime(end).period(60)
                .maxContributorCount(10).metrics("MaxContributorValue", "Maximum").orderBy("Maximum")
                .overrideConfiguration(unsent)));
        requests.put("application-autoscaling:DescribeScalableTargets", () -> autoScaling.describeScalableTargets(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds("table/" + TABLE).overrideConfiguration(unsent)));
        requests.put("application-autoscaling:DescribeScalingPolicies", () -> autoScaling.describeScalingPolicies(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + TABLE).overrideConfiguration(unsent)));
        requests.put("application-autoscaling:PutScalingPolicy", () -> autoScaling.putScalingPolicy(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).policyName("priming").resourceId("table/" + TABLE)
                .scalableDimension("dynamodb:table:ReadCapacityUnits").policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(60.0).scaleOutCooldown(60)
                        .scaleInCooldown(300).predefinedMetricSpecification(m -> m
                                .predefinedMetricType("DynamoDBReadCapacityUtilization")))
                .overrideConfiguration(unsent)));
        requests.put("application-autoscaling:RegisterScalableTarget", () -> autoScaling.registerScalableTarget(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + TABLE)
                .scalableDimension("dynamodb:table:ReadCapacityUnits").minCapacity(1).maxCapacity(2)
                .overrideConfiguration(unsent)));
        requests.put("sns:Publish", () -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:123456789012:" + TABLE)
                .subject("priming").messageStructure("json").message("{\"default\":\"priming\"}")
                .overrideConfiguration(unsent)));
        settings.stateTableName().ifPresent(state -> primeStateTable(requests, state, unsent));
        int stopped = 0;
        for (var request : requests.entrySet()) {
            try {
                request.getValue().run();
                failures.add(request.getKey() + " was not stopped before transmission");
            } catch (RuntimeException e) {
                if (StopBeforeTransmission.stopped(e)) {
                    stopped++;
                } else {
                    failures.add(request.getKey() + ": " + e);
                }
            }
        }
        return stopped;
    }

    /** The state table's item operations (dedupe, lock, cooldowns, audit), when the deployment has one. */
    private void primeStateTable(Map<String, Runnable> requests, String state,
                                 Consumer<AwsRequestOverrideConfiguration.Builder> unsent) {
        var dynamoDb = clients.dynamoDb();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TABLE#" + TABLE),
                "sk", AttributeValue.fromS("LOCK"));
        requests.put("dynamodb:GetItem", () -> dynamoDb.getItem(b -> b.tableName(state).key(key).consistentRead(true)
                .overrideConfiguration(unsent)));
        requests.put("dynamodb:PutItem", () -> dynamoDb.putItem(b -> b.tableName(state).item(key)
                .conditionExpression("attribute_not_exists(pk)").overrideConfiguration(unsent)));
        requests.put("dynamodb:UpdateItem", () -> dynamoDb.updateItem(b -> b.tableName(state).key(key)
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("PUBLISHED")))
                .overrideConfiguration(unsent)));
        requests.put("dynamodb:DeleteItem", () -> dynamoDb.deleteItem(b -> b.tableName(state).key(key)
                .overrideConfiguration(unsent)));
        requests.put("dynamodb:Query", () -> dynamoDb.query(b -> b.tableName(state)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", key.get("pk")))
                .overrideConfiguration(unsent)));
    }

    /** A per-request plugin whose interceptor ends the call after marshalling and signing, before it is sent. */
    private static final class StopBeforeTransmission implements SdkPlugin, ExecutionInterceptor {

        @Override
        public void configureClient(software.amazon.awssdk.core.SdkServiceClientConfiguration.Builder config) {
            config.overrideConfiguration(c -> c.addExecutionInterceptor(this));
        }

        @Override
        public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                       ExecutionAttributes executionAttributes) {
            throw new Stopped();
        }

        static boolean stopped(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Stopped) {
                    return true;
                }
            }
            return false;
        }

        private static final class Stopped extends RuntimeException {
            Stopped() {
                super("SnapStart priming: stopped before transmission", null, false, false);
            }
        }
    }
}
