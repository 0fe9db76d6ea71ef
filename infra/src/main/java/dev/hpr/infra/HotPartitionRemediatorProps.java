package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.SettingProblem;
import dev.hpr.remediator.config.Settings;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * What {@link HotPartitionRemediator} protects and how. Only the tables are required; every other prop
 * documents its {@code @default}. {@link Builder#build()} validates every value and names the bad one.
 *
 * <p>The function's settings ({@code mode}, {@code windowMinutes}, {@code scaleOutCooldownSeconds}, ...) are the
 * props of {@link FunctionSettingProps}, generated from the function's settings catalog: each keeps the function's
 * name and unit and maps onto one environment variable of the function. The props here are the construct's own.
 */
public final class HotPartitionRemediatorProps extends FunctionSettingProps {

    /** DynamoDB table names: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. Never a quote: names go into a query. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /**
     * An EventBridge rule's schedule: {@code cron(...)} with its six fields, or {@code rate(N unit)} (EventBridge
     * User Guide, "Creating an Amazon EventBridge rule that runs on a schedule"; the events API model, botocore
     * {@code events/2014-02-03}, has {@code ScheduleExpression} as a string of at most 256 characters, e.g.
     * "cron(0 20 * * ? *)", "rate(5 minutes)", checked only by the service: a bad one would fail the deploy).
     */
    private static final Pattern SCHEDULE = Pattern.compile(
            "cron\\(\\S+( \\S+){5}\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)");
    /** The daily forecast's default schedule: 00:30 UTC (why: the builder's {@code forecastSchedule}). */
    static final Schedule DEFAULT_FORECAST_SCHEDULE = Schedule.cron(CronOptions.builder().minute("30").hour("0").build());

    private final List<ITable> tables;
    private final List<String> tableNames;
    private final Optional<ITopic> findingsTopic;
    private final List<String> emailSubscribers;
    private final Optional<SlackChannel> slackChannel;
    private final Duration revertCheckInterval;
    private final boolean fleetSweep;
    private final Duration fleetSweepInterval;
    private final boolean forecastScheduleEnabled;
    private final Schedule forecastSchedule;
    private final RemovalPolicy stateTableRemovalPolicy;
    private final double alarmThreshold;
    private final int alarmEvaluationPeriods;
    private final int alarmDatapointsToAlarm;
    private final Map<String, List<String>> indexAlarms;
    private final Optional<Code> code;
    private final int memorySize;
    private final Duration timeout;
    private final int reservedConcurrentExecutions;
    private final RetentionDays logRetention;
    private final String javaToolOptions;
    private final Optional<String> functionName;
    private final boolean alarmNotifications;

    /** The Slack channel that receives the findings through Amazon Q Developer in chat applications. */
    public record SlackChannel(String workspaceId, String channelId, Optional<String> configurationName) {
        public SlackChannel {
            requireNonBlank("slackWorkspaceId", workspaceId);
            requireNonBlank("slackChannelId", channelId);
            Objects.requireNonNull(configurationName, "configurationName");
            configurationName.ifPresent(name -> {
                if (!Token.isUnresolved(name) && !name.matches("[A-Za-z0-9_-]{1,128}")) {
                    throw new IllegalArgumentException("slackChannelConfigurationName must be 1-128 of A-Z, a-z, 0-9, "
                            + "'-', '_', got '" + name + "'");
                }
            });
        }
    }

    private HotPartitionRemediatorProps(Builder b) {
        super(b);
        this.tables = List.copyOf(b.tables);
        this.tableNames = List.copyOf(b.tableNames);
        this.findingsTopic = Optional.ofNullable(b.findingsTopic);
        this.emailSubscribers = List.copyOf(b.emailSubscribers);
        this.slackChannel = slackChannel(b);
        this.revertCheckInterval = Objects.requireNonNull(b.revertCheckInterval, "revertCheckInterval");
        this.fleetSweep = b.fleetSweep;
        this.fleetSweepInterval = Objects.requireNonNull(b.fleetSweepInterval, "fleetSweepInterval");
        this.forecastScheduleEnabled = b.forecastScheduleEnabled;
        this.forecastSchedule = Objects.requireNonNull(b.forecastSchedule, "forecastSchedule");
        this.stateTableRemovalPolicy = Objects.requireNonNull(b.stateTableRemovalPolicy, "stateTableRemovalPolicy");
        this.alarmThreshold = b.alarmThreshold;
        this.alarmEvaluationPeriods = b.alarmEvaluationPeriods;
        this.alarmDatapointsToAlarm = b.alarmDatapointsToAlarm;
        var indexes = new LinkedHashMap<String, List<String>>();
        b.indexAlarms.forEach((table, names) -> indexes.put(table, List.copyOf(names)));
        this.indexAlarms = Map.copyOf(indexes);
        this.code = Optional.ofNullable(b.code);
        this.memorySize = b.memorySize;
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        this.reservedConcurrentExecutions = b.reservedConcurrentExecutions;
        this.logRetention = Objects.requireNonNull(b.logRetention, "logRetention");
        this.javaToolOptions = Objects.requireNonNull(b.javaToolOptions, "javaToolOptions");
        this.functionName = Optional.ofNullable(b.functionName);
        this.alarmNotifications = b.alarmNotifications;
        validate(b);
    }

    private static Optional<SlackChannel> slackChannel(Builder b) {
        if (b.slackWorkspaceId == null && b.slackChannelId == null) {
            if (b.slackChannelConfigurationName != null) {
                throw new IllegalArgumentException("slackChannelConfigurationName '" + b.slackChannelConfigurationName
                        + "' needs slackWorkspaceId and slackChannelId");
            }
            return Optional.empty();
        }
        if (b.slackWorkspaceId == null || b.slackChannelId == null) {
            throw new IllegalArgumentException("a Slack channel needs both slackWorkspaceId and slackChannelId, got "
                    + "slackWorkspaceId=" + quoted(b.slackWorkspaceId) + ", slackChannelId=" + quoted(b.slackChannelId));
        }
        return Optional.of(new SlackChannel(b.slackWorkspaceId, b.slackChannelId,
                Optional.ofNullable(b.slackChannelConfigurationName)));
    }

    private void validate(Builder b) {
        if (protection() == Protection.TAGGED) {
            if (!tables.isEmpty() || !tableNames.isEmpty() || !b.indexAlarms.isEmpty()) {
                throw new IllegalArgumentException("protection TAGGED protects the tables tagged hot-partition-remediator"
                        + " (apply, approve or dry-run): give no tables, tableNames or indexAlarms, got "
                        + (tables.size() + tableNames.size()) + " table(s) and " + b.indexAlarms.size() + " indexAlarms");
            }
        } else if (tables.isEmpty() && tableNames.isEmpty()) {
            throw new IllegalArgumentException("at least one table to protect is required (tables or tableNames), got none");
        }
        var seen = new LinkedHashSet<String>();
        for (String name : tableNames) {
            requireTableName("tableNames", name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("tableNames lists '" + name + "' twice");
            }
        }
        for (String email : emailSubscribers) {
            if (email == null || !EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("emailSubscribers: not an email address: " + quoted(email));
            }
        }
        requireWholeMinutes("revertCheckInterval", revertCheckInterval);
        requireWholeMinutes("fleetSweepInterval", fleetSweepInterval);
        String forecastExpression = forecastSchedule.getExpressionString();
        if (!Token.isUnresolved(forecastExpression) && !SCHEDULE.matcher(forecastExpression).matches()) {
            throw new IllegalArgumentException("forecastSchedule must be an EventBridge schedule, cron(...) with six"
                    + " fields or rate(N minutes|hours|days), got '" + forecastExpression + "'");
        }
        if (stateTableRemovalPolicy == RemovalPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("stateTableRemovalPolicy must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or "
                    + "DESTROY (DynamoDB tables have no snapshot on delete), got " + stateTableRemovalPolicy);
        }
        requirePositive("alarmThreshold", alarmThreshold);
        requireAtLeast("alarmEvaluationPeriods", alarmEvaluationPeriods, 1);
        requireWithin("alarmDatapointsToAlarm", alarmDatapointsToAlarm, 1, alarmEvaluationPeriods);
        requireWithin("memorySize", memorySize, 128, 10240);
        double timeoutMillis = timeout.toMilliseconds().doubleValue();
        if (timeoutMillis % 1000 != 0 || timeoutMillis < 1000 || timeoutMillis > 900_000) {
            throw new IllegalArgumentException("timeout must be a whole number of seconds within 1-900 (Lambda's limit), "
                    + "got " + timeout.toHumanString());
        }
        requireAtLeast("reservedConcurrentExecutions", reservedConcurrentExecutions, 1);
        functionName.ifPresent(name -> {
            // Lambda's FunctionName: a name alone is at most 64 of a-z, A-Z, 0-9, '-', '_' (botocore lambda model,
            // CreateFunction.FunctionName and its pattern).
            if (!Token.isUnresolved(name) && !name.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("functionName must be 1-64 of a-z, A-Z, 0-9, '-', '_' (a Lambda"
                        + " function name), got '" + name + "'");
            }
        });
        // The function's own settings: checked against the function's catalog, as the function will check them.
        Map<Setting, Object> settings = FunctionEnvironment.settings(this);
        var raw = new EnumMap<Setting, String>(Setting.class);
        settings.forEach((setting, value) -> raw.put(setting, FunctionEnvironment.value(value)));
        for (SettingProblem problem : Settings.problems(raw)) {
            if (settings.containsKey(problem.setting())) {
                throw new IllegalArgumentException(problem.forProp(s -> s.prop().orElse(s.variable()),
                        s -> String.valueOf(settings.get(s))));
            }
        }
        b.indexAlarms.forEach((table, indexes) -> {
            if (indexes == null || indexes.isEmpty()) {
                throw new IllegalArgumentException("indexAlarms: table '" + table + "' lists no index");
            }
            for (String index : indexes) {
                if (index == null || !index.matches("[a-zA-Z0-9_.-]{3,255}")) {
                    throw new IllegalArgumentException("indexAlarms: not a GSI name for table '" + table + "': " + quoted(index));
                }
            }
        });
    }

    private static void requireTableName(String prop, String name) {
        if (name == null || (!Token.isUnresolved(name) && !TABLE_NAME.matcher(name).matches())) {
            throw new IllegalArgumentException(prop + ": not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.'): "
                    + quoted(name));
        }
    }

    private static void requireWithin(String prop, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(prop + " must be within " + min + "-" + max + ", got " + value);
        }
    }

    private static void requireAtLeast(String prop, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(prop + " must be at least " + min + ", got " + value);
        }
    }

    /** An EventBridge schedule's rate: whole minutes, at least one. */
    private static void requireWholeMinutes(String prop, Duration interval) {
        double millis = interval.toMilliseconds().doubleValue();
        if (millis % 60_000 != 0 || millis < 60_000) {
            throw new IllegalArgumentException(prop + " must be a whole number of minutes, at least 1 (an EventBridge "
                    + "rate), got " + interval.toHumanString());
        }
    }

    private static void requirePositive(String prop, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(prop + " must be a number greater than 0, got " + value);
        }
    }

    private static void requireNonBlank(String prop, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(prop + " must not be blank, got " + quoted(value));
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- accessors (see the builder for each prop's meaning and default) ----

    public List<ITable> tables() { return tables; }
    public List<String> tableNames() { return tableNames; }
    public Optional<ITopic> findingsTopic() { return findingsTopic; }
    public List<String> emailSubscribers() { return emailSubscribers; }
    public Optional<SlackChannel> slackChannel() { return slackChannel; }
    public Duration revertCheckInterval() { return revertCheckInterval; }
    public boolean fleetSweep() { return fleetSweep; }
    public Duration fleetSweepInterval() { return fleetSweepInterval; }
    public boolean forecastScheduleEnabled() { return forecastScheduleEnabled; }
    public Schedule forecastSchedule() { return forecastSchedule; }
    public RemovalPolicy stateTableRemovalPolicy() { return stateTableRemovalPolicy; }
    public double alarmThreshold() { return alarmThreshold; }
    public int alarmEvaluationPeriods() { return alarmEvaluationPeriods; }
    public int alarmDatapointsToAlarm() { return alarmDatapointsToAlarm; }
    public Map<String, List<String>> indexAlarms() { return indexAlarms; }
    public Optional<Code> code() { return code; }
    public int memorySize() { return memorySize; }
    public Duration timeout() { return timeout; }
    public int reservedConcurrentExecutions() { return reservedConcurrentExecutions; }
    public RetentionDays logRetention() { return logRetention; }
    public String javaToolOptions() { return javaToolOptions; }
    public Optional<String> functionName() { return functionName; }
    public boolean alarmNotifications() { return alarmNotifications; }

    /** Builds {@link HotPartitionRemediatorProps}; {@link #build()} validates. */
    public static final class Builder extends FunctionSettingProps.Builder<Builder> {
        private final List<ITable> tables = new ArrayList<>();
        private final List<String> tableNames = new ArrayList<>();
        private ITopic findingsTopic;
        private final List<String> emailSubscribers = new ArrayList<>();
        private String slackWorkspaceId;
        private String slackChannelId;
        private String slackChannelConfigurationName;
        private Duration revertCheckInterval = Duration.minutes(15);
        private boolean fleetSweep = true;
        private Duration fleetSweepInterval = Duration.minutes(15);
        private boolean forecastScheduleEnabled = true;
        private Schedule forecastSchedule = DEFAULT_FORECAST_SCHEDULE;
        private RemovalPolicy stateTableRemovalPolicy = RemovalPolicy.RETAIN;
        private double alarmThreshold = 10;
        private int alarmEvaluationPeriods = 3;
        private int alarmDatapointsToAlarm = 2;
        private final Map<String, List<String>> indexAlarms = new LinkedHashMap<>();
        private Code code;
        private int memorySize = 1024;
        private Duration timeout = Duration.minutes(1);
        private int reservedConcurrentExecutions = 5;
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;
        private String javaToolOptions = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
        private String functionName;
        private boolean alarmNotifications = true;

        private Builder() {
        }

        /**
         * Tables to protect, defined in this app or imported ({@code Table.fromTableArn}, ...). A table with a
         * customer managed key ({@code encryptionKey}) also gets {@code kms:Decrypt} on it for Contributor Insights.
         *
         * @default none: give {@code tables}, {@code tableNames} or both, at least one table in all
         */
        public Builder tables(List<? extends ITable> tables) {
            this.tables.addAll(tables);
            return this;
        }

        /**
         * Names of tables defined elsewhere, in this stack's account and region.
         *
         * @default none: give {@code tables}, {@code tableNames} or both, at least one table in all
         */
        public Builder tableNames(List<String> tableNames) {
            this.tableNames.addAll(tableNames);
            return this;
        }

        /**
         * An existing topic for the findings and alarm notifications. If it is encrypted with a customer managed
         * key, that key's policy must let {@code cloudwatch.amazonaws.com} use it (alarm notifications), and the
         * function gets {@code kms:GenerateDataKey*}/{@code kms:Decrypt} on it when the topic exposes its key.
         *
         * @default a new topic, encrypted with a new customer managed key (rotated yearly), SSL-only
         */
        public Builder findingsTopic(ITopic findingsTopic) {
            this.findingsTopic = findingsTopic;
            return this;
        }

        /**
         * Email addresses subscribed to the findings topic (each must confirm the subscription email).
         *
         * @default none
         */
        public Builder emailSubscribers(List<String> emailSubscribers) {
            this.emailSubscribers.addAll(emailSubscribers);
            return this;
        }

        /**
         * The Slack workspace ID (Amazon Q Developer in chat applications console, after authorizing the
         * workspace, e.g. {@code T0123ABCD}). Requires {@link #slackChannelId}.
         *
         * @default no Slack channel
         */
        public Builder slackWorkspaceId(String slackWorkspaceId) {
            this.slackWorkspaceId = slackWorkspaceId;
            return this;
        }

        /**
         * The Slack channel ID (channel details in Slack, e.g. {@code C0123ABCD}). Requires {@link #slackWorkspaceId}.
         *
         * @default no Slack channel
         */
        public Builder slackChannelId(String slackChannelId) {
            this.slackChannelId = slackChannelId;
            return this;
        }

        /**
         * The name of the Slack channel configuration (unique in the account).
         *
         * @default a name derived from the construct's path, unique per stack and construct
         */
        public Builder slackChannelConfigurationName(String slackChannelConfigurationName) {
            this.slackChannelConfigurationName = slackChannelConfigurationName;
            return this;
        }

        /**
         * How often an EventBridge rule invokes the function's alias with {@code {"task":"revert-check"}} (whole
         * minutes, at least 1). Only with {@link #revert} on.
         *
         * @default 15 minutes
         */
        public Builder revertCheckInterval(Duration revertCheckInterval) {
            this.revertCheckInterval = revertCheckInterval;
            return this;
        }

        /**
         * Whether an EventBridge rule invokes the function's alias with {@code {"task":"sweep"}} every
         * {@link #fleetSweepInterval}, so that the function also checks the protected tables between alarms.
         *
         * @default true
         */
        public Builder fleetSweep(boolean fleetSweep) {
            this.fleetSweep = fleetSweep;
            return this;
        }

        /**
         * How often the fleet sweep runs (whole minutes, at least 1). Only with {@link #fleetSweep} on.
         *
         * @default 15 minutes
         */
        public Builder fleetSweepInterval(Duration fleetSweepInterval) {
            this.fleetSweepInterval = fleetSweepInterval;
            return this;
        }

        /**
         * Whether an EventBridge rule invokes the function's alias with {@code {"task":"forecast"}} on
         * {@link #forecastSchedule}: the forecast of each protected table's recurring peaks. Off, the forecast only
         * runs when invoked by hand (the CLI's {@code forecast}); the function's own {@code FORECAST} setting still
         * decides what a run may change.
         *
         * @default true
         */
        public Builder forecastScheduleEnabled(boolean forecastScheduleEnabled) {
            this.forecastScheduleEnabled = forecastScheduleEnabled;
            return this;
        }

        /**
         * When the forecast runs: an EventBridge schedule, {@code Schedule.cron(...)} or {@code Schedule.rate(...)}
         * (or {@code Schedule.expression("cron(...)")}), in UTC. Only with {@link #forecastScheduleEnabled} on. The
         * forecast reads up to 14 days of history and writes recurring scheduled actions: once a day is enough.
         *
         * @default {@code cron(30 0 * * ? *)}, every day at 00:30 UTC: the previous UTC day's per-minute data has
         *          arrived by then (CloudWatch publishes DynamoDB's metrics minutes late), and the schedules it writes
         *          are in place hours before the morning peaks of Europe and the Americas; not on the hour, when
         *          nightly batches and other schedulers (and many peaks the forecast is looking for) start
         */
        public Builder forecastSchedule(Schedule forecastSchedule) {
            this.forecastSchedule = forecastSchedule;
            return this;
        }

        /**
         * What happens to the state table (the function's audit trail of every change, its locks and dedupe records)
         * when it is removed from the stack or the stack is deleted: RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY.
         *
         * @default {@link RemovalPolicy#RETAIN}: the audit trail outlives the stack (delete it by hand)
         */
        public Builder stateTableRemovalPolicy(RemovalPolicy stateTableRemovalPolicy) {
            this.stateTableRemovalPolicy = stateTableRemovalPolicy;
            return this;
        }

        /**
         * Throttled requests per minute (per table, or throttle events per GSI) at or above which a minute
         * breaches the alarm (greater than 0).
         *
         * @default 10
         */
        public Builder alarmThreshold(double alarmThreshold) {
            this.alarmThreshold = alarmThreshold;
            return this;
        }

        /**
         * How many 1-minute periods the alarms evaluate (at least 1).
         *
         * @default 3
         */
        public Builder alarmEvaluationPeriods(int alarmEvaluationPeriods) {
            this.alarmEvaluationPeriods = alarmEvaluationPeriods;
            return this;
        }

        /**
         * How many of the evaluated periods must breach to alarm (1 to {@code alarmEvaluationPeriods}).
         *
         * @default 2
         */
        public Builder alarmDatapointsToAlarm(int alarmDatapointsToAlarm) {
            this.alarmDatapointsToAlarm = alarmDatapointsToAlarm;
            return this;
        }

        /**
         * Also alarm on a GSI's own throttle events ({@code ReadThrottleEvents} + {@code WriteThrottleEvents} with
         * the {@code GlobalSecondaryIndexName} dimension), keyed by table name (a protected table's name, or the
         * {@code tableName} of a protected {@code ITable}) to that table's index names.
         *
         * @default no per-index alarms (a table's ThrottledRequests alarm covers requests throttled by its GSIs)
         */
        public Builder indexAlarms(Map<String, List<String>> indexAlarms) {
            this.indexAlarms.putAll(indexAlarms);
            return this;
        }

        /**
         * The function's code: the shaded jar with {@code dev.hpr.remediator.handler.AlarmHandler}.
         *
         * @default {@code functions/target/hot-partition-remediator.jar} of this repository (found from the
         *          working directory or the {@code hpr.repoRoot} system property); synth fails with the command
         *          that builds it when it is missing
         */
        public Builder code(Code code) {
            this.code = code;
            return this;
        }

        /**
         * The function's memory (MB, 128-10240); Lambda gives CPU in proportion.
         *
         * @default 1024
         */
        public Builder memorySize(int memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /**
         * The function's timeout (whole seconds, 1-900). The function's {@code LOCK_SECONDS} is derived from it:
         * this plus 60 seconds, so that a table's lock outlives an invocation that hangs until its timeout.
         *
         * @default 1 minute
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Reserved concurrency: the most remediations running at once, and the most the account's concurrency
         * lends to this function (at least 1).
         *
         * @default 5
         */
        public Builder reservedConcurrentExecutions(int reservedConcurrentExecutions) {
            this.reservedConcurrentExecutions = reservedConcurrentExecutions;
            return this;
        }

        /**
         * How long the function's log group keeps its JSON logs.
         *
         * @default {@link RetentionDays#ONE_MONTH}
         */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * {@code JAVA_TOOL_OPTIONS} of the function.
         *
         * @default {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1} (C1 only: fastest start for short invocations)
         */
        public Builder javaToolOptions(String javaToolOptions) {
            this.javaToolOptions = javaToolOptions;
            return this;
        }

        /**
         * A fixed name for the function (1-64 of a-z, A-Z, 0-9, '-', '_'), unique in its account and region. An
         * organisation's deployment names it, so that the hub's Slack channel can be allowed to invoke the same alias
         * in every member account ({@code arn:aws:lambda:*:*:function:<name>:live}).
         *
         * @default a name CloudFormation generates from the stack's
         */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /**
         * Whether CloudWatch also notifies the findings topic itself: a throttling alarm's ALARM (beside invoking the
         * function, which publishes the finding), and the dead-letter queue's and the function's health alarms. Off
         * where the findings topic is in another region (an organisation's hub topic): an alarm's SNS action must
         * name a topic in the alarm's own region (UNCONFIRMED in the API model; see infra/README.md, "Every account
         * of an organisation"). The alarms stay, in the account's CloudWatch console; findings still reach the topic
         * through the function.
         *
         * @default true
         */
        public Builder alarmNotifications(boolean alarmNotifications) {
            this.alarmNotifications = alarmNotifications;
            return this;
        }

        /** Validates every prop; the message of the exception names the prop and shows the bad value. */
        public HotPartitionRemediatorProps build() {
            return new HotPartitionRemediatorProps(this);
        }
    }
}
