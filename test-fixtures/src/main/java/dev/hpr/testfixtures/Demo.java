package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The README's main command: starts the local AWS on a free port, creates the demo tables, loads three incidents (a
 * celebrity key on {@code orders}; reads outgrowing capacity on {@code sessions}; an on-demand maximum on
 * {@code ledger}, approved with the CLI), runs the built function jar's local invoke for each with an alarm event from
 * {@code events/}, and prints each finding as a person reads it (headline, hot keys, changes, what was held back, what
 * to do next) with the settings before and after; each finding's JSON goes to a file whose path it prints. Then the
 * forecast on {@code trades}, a table with 14 days of a daily 09:00 write peak: the peak it names, the two scheduled
 * actions Application Auto Scaling now holds, and the backtest's line for a daily peak. It ends with
 * {@code diagnose} on {@code orders}, read-only, and the calls that made. Stops the local AWS at the end.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the findings' JSON documents go, relative to the repository root. */
    private static final String FINDINGS_DIR = "test-fixtures/target/demo-findings";
    private static Path root;

    public static void main(String[] args) throws Exception {
        root = LocalAwsRoot.find();
        Files.createDirectories(root.resolve(FINDINGS_DIR));
        Path jar = root.resolve("functions/target/hot-partition-remediator.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("function jar not found at " + jar + ": run ./demo.sh, which builds it");
        }
        try (LocalAws aws = LocalAws.start()) {
            System.out.println("Local AWS (moto 5.2.1 + extensions) on " + aws.endpoint());
            String topicArn = aws.sns().createTopic(b -> b.name("hot-partition-findings")).topicArn();

            table(aws, "orders", 2000, 3000);
            scaling(aws, "orders", "Write", 100, 10_000, 70, 300, 60);
            aws.dynamoDb().updateContributorInsights(b -> b.tableName("orders")
                    .contributorInsightsAction(ContributorInsightsAction.ENABLE).contributorInsightsMode("THROTTLED_KEYS"));
            aws.seedContributors("orders", null, "PKT", List.of(LocalAws.Contributor.of(3300, "customer#celebrity-42"),
                    LocalAws.Contributor.of(120, "customer#1187"), LocalAws.Contributor.of(90, "customer#2211")));
            metric(aws, "orders", "WriteKeyRangeThroughputThrottleEvents", 180, 20);
            metric(aws, "orders", "WriteThrottleEvents", 180, 20);
            metric(aws, "orders", "ConsumedWriteCapacityUnits", 54_000, 60);

            table(aws, "sessions", 1000, 200);
            scaling(aws, "sessions", "Read", 100, 1000, 70, 300, 60);
            metric(aws, "sessions", "ReadProvisionedThroughputThrottleEvents", 400, 30);
            metric(aws, "sessions", "ReadThrottleEvents", 400, 30);
            metric(aws, "sessions", "ConsumedReadCapacityUnits", 60_000, 30);

            run(aws, jar, topicArn, "orders", "Write", root.resolve("events/alarm-lambda-action.json"));
            Path sessionsEvent = root.resolve(FINDINGS_DIR).resolve("sessions-alarm.json");
            Files.writeString(sessionsEvent, Files.readString(root.resolve("events/eventbridge-alarm-state-change.json"))
                    .replace("orders", "sessions"));
            run(aws, jar, topicArn, "sessions", "Read", sessionsEvent);
            Files.deleteIfExists(sessionsEvent);
            approvalRoundTrip(aws, jar, topicArn, root);
            forecast(aws, jar, topicArn);
            diagnose(aws, jar, "orders");
        }
        System.out.println("Local AWS stopped.");
    }

    private static void run(LocalAws aws, Path jar, String topicArn, String table, String operation, Path event)
            throws IOException, InterruptedException {
        String before = policy(aws, table, operation);
        System.out.println("\n=== " + table + ": invoking the function with " + event.getFileName() + " ===");
        Jar.Run run = Jar.run(aws, jar, Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply"),
                "invoke", event.toString());
        if (run.exit() != 0) {
            throw new IllegalStateException("local invoke exited " + run.exit() + ": " + run.stdout());
        }
        JsonNode finding = JSON.readTree(run.stdout());
        summary(finding);
        System.out.println("finding:  " + save(table, finding) + " (local invoke took " + run.millis() + " ms, exit "
                + run.exit() + ")");
        System.out.println("policy before: " + before);
        System.out.println("policy after:  " + policy(aws, table, operation));
    }

    /**
     * An on-demand table throttled at the maximum its owner set: in apply mode the function applies what it may
     * (Contributor Insights) and offers the raise of the maximum for approval; a person approves it with the CLI; a
     * second approval of the same plan is refused.
     */
    private static void approvalRoundTrip(LocalAws aws, Path jar, String topicArn, Path root)
            throws IOException, InterruptedException {
        aws.dynamoDb().createTable(b -> b.tableName("ledger").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .onDemandThroughput(o -> o.maxReadRequestUnits(-1L).maxWriteRequestUnits(1000L)));
        aws.dynamoDb().createTable(b -> b.tableName("hpr-state").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        metric(aws, "ledger", "WriteMaxOnDemandThroughputThrottleEvents", 300, 20);
        metric(aws, "ledger", "WriteThrottleEvents", 300, 20);
        Map<String, String> env = Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply",
                "STATE_TABLE_NAME", "hpr-state", "PROTECTED_TABLES", "ledger");
        Path event = Files.createTempFile("ledger-alarm", ".json");
        Files.writeString(event, Files.readString(root.resolve("events/alarm-lambda-action.json"))
                .replace("orders", "ledger"));

        System.out.println("\n=== ledger (on-demand, MaxWriteRequestUnits " + onDemandMaximum(aws, "ledger")
                + "): invoking the function; a change too bold for autopilot is offered for approval ===");
        Jar.Run offered = Jar.run(aws, jar, env, "invoke", event.toString());
        Files.deleteIfExists(event);
        JsonNode plan = JSON.readTree(offered.stdout());
        summary(plan);
        System.out.println("finding:  " + save("ledger", plan));
        String planId = plan.path("approval").path("planId").asText();
        System.out.println("outcome:  " + plan.path("outcome").asText() + "; plan " + planId + " expires "
                + plan.path("approval").path("expiresAt").asText());
        System.out.println("MaxWriteRequestUnits now: " + onDemandMaximum(aws, "ledger") + " (unchanged)");

        System.out.println("\n=== ledger: a person approves: java -jar " + root.relativize(jar) + " approve " + planId
                + " ===");
        Jar.Run approved = Jar.run(aws, jar, env, "approve", planId);
        JsonNode applied = JSON.readTree(approved.stdout());
        System.out.println("exit " + approved.exit() + ", outcome " + applied.path("outcome").asText() + ": "
                + applied.path("headline").asText());
        applied.path("actions").forEach(a -> System.out.println("action:   " + a.path("status").asText() + " "
                + a.path("description").asText() + ": " + a.path("before").asText() + " -> " + a.path("after").asText()));
        System.out.println("approver: " + applied.path("approval").path("approver").asText() + " via "
                + applied.path("approval").path("decidedVia").asText());
        System.out.println("MaxWriteRequestUnits now: " + onDemandMaximum(aws, "ledger"));
        System.out.println("finding:  " + save("ledger-approved", applied));

        System.out.println("\n=== ledger: the same approval again ===");
        Jar.Run again = Jar.run(aws, jar, env, "approve", planId);
        System.out.println("exit " + again.exit() + ": " + again.stderr().strip());
        System.out.println("MaxWriteRequestUnits now: " + onDemandMaximum(aws, "ledger") + " (unchanged)");
    }

    /** The history the forecast reads: 14 days, one datapoint a minute (CloudWatch keeps 1-minute data 15 days). */
    private static final int FORECAST_DAYS = 14;
    /** The morning peak's demand, and the table's demand the rest of the day, in write units per second. */
    private static final double PEAK_UNITS = 500;
    private static final double BASE_UNITS = 3;
    /**
     * Minutes of each morning's peak that throttle before auto scaling has caught up: DynamoDB's alarm needs 2
     * breaching one-minute datapoints, then the scale-out and the new capacity take a few minutes more.
     */
    private static final int THROTTLED_MINUTES = 6;

    /**
     * A provisioned table under write auto scaling (MinCapacity 5) whose last 14 days hold a 09:00-09:30 UTC write peak
     * that throttles every morning; {@code forecast} runs with FORECAST=on in apply mode and schedules a raise of
     * MinCapacity before the peak and its restore at its end. Prints the peak it names, the two scheduled actions read
     * back from Application Auto Scaling, and the backtest's line for a daily peak (docs/benchmark.md).
     */
    private static void forecast(LocalAws aws, Path jar, String topicArn) throws IOException, InterruptedException {
        String table = "trades";
        table(aws, table, 5, 5);
        scaling(aws, table, "Write", 5, 2000, 70, 60, 300);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(FORECAST_DAYS));
        double[] consumed = new double[FORECAST_DAYS * 1440];
        double[] throttled = new double[consumed.length];
        for (int i = 0; i < consumed.length; i++) {
            int minuteOfPeak = minutesSince(start.plusSeconds(60L * i), LocalTime.of(9, 0));
            boolean inPeak = minuteOfPeak >= 0 && minuteOfPeak < 30;
            boolean throttling = inPeak && minuteOfPeak < THROTTLED_MINUTES;
            double servedPerSecond = throttling ? 5 : inPeak ? PEAK_UNITS : BASE_UNITS;
            // CloudWatch's per-minute Sum; a minute without throttling publishes no throttle datapoint
            consumed[i] = servedPerSecond * 60;
            throttled[i] = throttling ? (PEAK_UNITS - servedPerSecond) * 60 : Double.NaN;
        }
        var history = new MetricHistory(aws);
        history.seedDynamoDb(table, null, "ConsumedWriteCapacityUnits", start, consumed);
        history.seedDynamoDb(table, null, "WriteProvisionedThroughputThrottleEvents", start, throttled);

        System.out.println("\n=== " + table + " (provisioned, write auto scaling MinCapacity 5): 14 days of a daily"
                + " 09:00-09:30 UTC write peak of " + Math.round(PEAK_UNITS) + " units/s that throttles every morning;"
                + " java -jar " + root.relativize(jar) + " forecast (FORECAST=on, REMEDIATION_MODE=apply) ===");
        Jar.Run run = Jar.run(aws, jar, Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply",
                "FORECAST", "on", "STATE_TABLE_NAME", "hpr-state", "PROTECTED_TABLES", table), "forecast");
        if (run.exit() != 0) {
            throw new IllegalStateException("forecast exited " + run.exit() + ": " + run.stderr().strip());
        }
        JsonNode summary = JSON.readTree(run.stdout());
        for (JsonNode resource : summary.path("tables").path(0).path("resources")) {
            if (!"write".equals(resource.path("operation").asText())) {
                continue;
            }
            for (JsonNode peak : resource.path("peaks")) {
                System.out.println("peak:     " + peak.path("recurrence").asText().toLowerCase() + " "
                        + utcTime(peak.path("nextStart").asText()) + "-" + utcTime(peak.path("nextEnd").asText())
                        + " UTC, " + peak.path("expectedUnitsPerSecond").asLong() + " units/s expected, seen "
                        + peak.path("seen").asText() + " (next " + peak.path("nextStart").asText() + ")");
            }
            System.out.println("outcome:  " + resource.path("outcome").asText() + ": " + resource.path("reason").asText());
        }
        for (ScheduledAction action : aws.autoScaling().describeScheduledActions(b -> b
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/" + table)).scheduledActions()) {
            System.out.println("schedule: " + action.scheduledActionName() + ": " + cronWords(action.schedule(), action.timezone())
                    + " (" + action.schedule() + ") " + action.scalableDimension() + " MinCapacity -> "
                    + action.scalableTargetAction().minCapacity());
        }
        System.out.println("backtest: " + dailyBacktestLine());
        System.out.println("summary:  " + save(table + "-forecast", summary) + " (forecast took " + run.millis()
                + " ms, exit " + run.exit() + ")");

        // The next day's run: the same forecast, so no call that changes AWS and no finding (it speaks once).
        Jar.Run again = Jar.run(aws, jar, Map.of("FINDINGS_TOPIC_ARN", topicArn, "REMEDIATION_MODE", "apply",
                "FORECAST", "on", "STATE_TABLE_NAME", "hpr-state", "PROTECTED_TABLES", table), "forecast");
        if (again.exit() != 0) {
            throw new IllegalStateException("forecast exited " + again.exit() + ": " + again.stderr().strip());
        }
        JsonNode second = JSON.readTree(again.stdout()).path("tables").path(0);
        for (JsonNode resource : second.path("resources")) {
            if ("write".equals(resource.path("operation").asText())) {
                System.out.println("again:    " + resource.path("outcome").asText() + ": "
                        + resource.path("reason").asText() + "; finding: " + second.path("finding").asText());
            }
        }
    }

    /** Minutes from {@code at}'s day's {@code time} (UTC) to {@code at}; negative before it. */
    private static int minutesSince(Instant at, LocalTime time) {
        return (at.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() - time.toSecondOfDay()) / 60;
    }

    private static String utcTime(String isoInstant) {
        return Instant.parse(isoInstant).atZone(ZoneOffset.UTC).toLocalTime().toString();
    }

    /**
     * When a {@code cron(M H DOM MON DOW YEAR)} schedule runs, in words: Application Auto Scaling's six-field cron,
     * in UTC unless the action names a time zone (application-autoscaling/2016-02-06/service-2.json, PutScheduledAction
     * Schedule and Timezone).
     */
    private static String cronWords(String schedule, String timezoneOrNull) {
        if (!schedule.startsWith("cron(")) {
            return schedule; // at(...) or rate(...): said as AWS holds it
        }
        String[] fields = schedule.substring("cron(".length(), schedule.length() - 1).split(" ");
        String days = "?".equals(fields[4]) || "*".equals(fields[4]) ? "every day" : "every " + fields[4];
        return days + " " + LocalTime.of(Integer.parseInt(fields[1]), Integer.parseInt(fields[0])) + " "
                + (timezoneOrNull == null ? "UTC" : timezoneOrNull);
    }

    /** A backtest row: the throttled minutes and capacity-unit-hours, reactive then forecast, each with its change. */
    private static final Pattern BACKTEST_ROW = Pattern.compile(
            "^daily 09:00-09:30 write peak\\s+(.+?)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+%)\\s+([\\d,]+)\\s+([\\d,]+)\\s+(\\S+%)$");

    /**
     * The daily peak's row of the backtest recorded in docs/benchmark.md (the runner is pure and deterministic, so
     * its recorded output is what it prints), with DynamoDB's 2 breaching datapoints: the first such row.
     */
    private static String dailyBacktestLine() throws IOException {
        Path doc = root.resolve("docs/benchmark.md");
        for (String line : Files.readAllLines(doc)) {
            Matcher m = BACKTEST_ROW.matcher(line.strip());
            if (m.matches()) {
                return "daily 09:00-09:30 write peak, 7 days replayed: throttled minutes " + m.group(2)
                        + " reactive -> " + m.group(3) + " forecast (" + m.group(4) + "), capacity-unit-hours "
                        + m.group(5) + " -> " + m.group(6) + " (" + m.group(7) + ")\n          (recorded in "
                        + root.relativize(doc) + ", \"The forecast's backtest\", DynamoDB's 2 breaching datapoints)";
            }
        }
        throw new IllegalStateException("no \"daily 09:00-09:30 write peak\" row in " + doc
                + "'s recorded backtest: run ./benchmark.sh and record its section 8 there");
    }

    /**
     * {@code diagnose TABLE} as a platform engineer runs it on day one: the SDK's credentials and region only, no
     * topic, no state table. Prints what it prints (the email's text under a line saying nothing changed), then the
     * calls it made, counted by the local AWS.
     */
    private static void diagnose(LocalAws aws, Path jar, String table) throws IOException, InterruptedException {
        System.out.println("\n=== " + table + ": java -jar " + root.relativize(jar) + " diagnose " + table
                + " (read-only: no topic, no state table) ===");
        aws.resetCalls();
        Jar.Run run = Jar.run(aws, jar, Map.of(), "diagnose", table);
        if (run.exit() != 0) {
            throw new IllegalStateException("diagnose exited " + run.exit() + ": " + run.stderr().strip());
        }
        System.out.print(run.stdout());
        Map<String, Long> calls = aws.calls();
        var list = new ArrayList<String>();
        calls.forEach((operation, count) -> list.add(operation + " x" + count));
        System.out.println("--- diagnose made " + calls.values().stream().mapToLong(Long::longValue).sum()
                + " AWS calls (counted by the local AWS): " + String.join(", ", list));
    }

    /** Writes the finding's JSON document to the findings directory; returns its path from the repository root. */
    private static Path save(String name, JsonNode finding) throws IOException {
        Path file = root.resolve(FINDINGS_DIR).resolve(name + "-finding.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(finding) + "\n");
        return root.relativize(file);
    }

    private static long onDemandMaximum(LocalAws aws, String table) {
        return aws.dynamoDb().describeTable(b -> b.tableName(table)).table().onDemandThroughput().maxWriteRequestUnits();
    }

    private static void summary(JsonNode finding) {
        System.out.println("headline: " + finding.path("headline").asText());
        for (JsonNode key : finding.path("hotKeys").path(0).path("keys")) {
            System.out.printf("hot key:  %s (%.0f%%)%n", key.path("key").asText(), key.path("share").asDouble() * 100);
        }
        for (JsonNode action : finding.path("actions")) {
            System.out.println("action:   " + action.path("status").asText() + " " + action.path("description").asText()
                    + ": " + action.path("before").asText() + " -> " + action.path("after").asText());
        }
        for (JsonNode skip : finding.path("skipped")) {
            System.out.println("skipped:  " + skip.path("what").asText() + ": " + skip.path("reason").asText());
        }
        for (JsonNode step : finding.path("recommendations")) {
            System.out.println("next:     " + step.path("title").asText() + ": " + step.path("detail").asText());
        }
        String sparkline = finding.path("pattern").path("sparkline").asText("");
        if (!sparkline.isEmpty()) {
            System.out.println("throttled/min: " + sparkline);
        }
    }

    /** The function jar run as a user runs it, with the local AWS's endpoint and credentials. */
    private static final class Jar {
        record Run(int exit, String stdout, String stderr, long millis) {
        }

        static Run run(LocalAws aws, Path jar, Map<String, String> settings, String... args)
                throws IOException, InterruptedException {
            var command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
            command.addAll(List.of(args));
            var pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.putAll(settings);
            env.put("AWS_REGION", aws.region());
            env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            long started = System.nanoTime();
            Process process = pb.start();
            var stderr = new java.util.concurrent.CompletableFuture<String>();
            new Thread(() -> {
                try {
                    stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    stderr.complete("");
                }
            }).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            return new Run(exit, stdout, stderr.join(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static String policy(LocalAws aws, String table, String operation) {
        var policy = aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + table)).scalingPolicies().get(0);
        var c = policy.targetTrackingScalingPolicyConfiguration();
        int max = aws.autoScaling().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds("table/" + table)).scalableTargets().get(0).maxCapacity();
        return String.format("%s TargetValue=%s ScaleOutCooldown=%s ScaleInCooldown=%s MaxCapacity=%d",
                policy.policyName(), c.targetValue(), c.scaleOutCooldown(), c.scaleInCooldown(), max);
    }

    private static void table(LocalAws aws, String name, long read, long write) {
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .provisionedThroughput(p -> p.readCapacityUnits(read).writeCapacityUnits(write)));
    }

    private static void scaling(LocalAws aws, String table, String operation, int min, int max, double target,
                                int scaleOut, int scaleIn) {
        String dimension = "dynamodb:table:" + operation + "CapacityUnits";
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + table).scalableDimension(dimension).minCapacity(min).maxCapacity(max));
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(table + "-" + operation.toLowerCase() + "-scaling").resourceId("table/" + table)
                .scalableDimension(dimension).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target).scaleOutCooldown(scaleOut)
                        .scaleInCooldown(scaleIn).predefinedMetricSpecification(m -> m.predefinedMetricType(
                                "Read".equals(operation) ? MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION
                                        : MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION))));
    }

    /** One datapoint a minute for the last {@code minutes} minutes. */
    private static void metric(LocalAws aws, String table, String name, double value, int minutes) {
        aws.putDynamoDbMetric(table, null, name, value, minutes, 0);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The repository root, found the way LocalAws finds it. */
    private static final class LocalAwsRoot {
        static Path find() {
            String property = System.getProperty("hpr.repoRoot");
            Path dir = property != null ? Path.of(property) : Path.of("").toAbsolutePath();
            for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("test-fixtures/local_aws/local_aws.py"))) {
                    return p;
                }
            }
            throw new IllegalStateException("repository root not found from " + dir);
        }
    }
}
