package dev.hpr.infra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.IRule;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Finds and fixes DynamoDB hot partitions: per protected table, an alarm on the table's throttled requests invokes
 * the remediator function, which diagnoses why, enables Contributor Insights, retunes target tracking where that
 * helps, and publishes a finding to the findings topic (email, Slack). Scheduled rules run its revert check, fleet
 * sweep and daily forecast; its state table records every change it makes.
 *
 * <p>Construct IDs below are a public contract: renaming one replaces the resource.
 */
public class HotPartitionRemediator extends Construct {

    /** The function's handler in the shaded jar. */
    public static final String HANDLER = "dev.hpr.remediator.handler.AlarmHandler::handleRequest";
    /** The newest Java managed runtime aws-cdk-lib offers. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;
    /** The alias the alarms and the schedules invoke: SnapStart only applies to published versions. */
    public static final String ALIAS_NAME = "live";
    /** Async invocations (alarm actions, schedules) are retried this often before going to the dead-letter queue. */
    public static final int RETRY_ATTEMPTS = 2;
    /** An alarm event or scheduled task older than this is stale: it goes to the dead-letter queue. */
    public static final Duration MAX_EVENT_AGE = Duration.hours(1);
    /** The scheduled revert check's input; the function dispatches on {@code task}. */
    public static final Map<String, String> REVERT_CHECK_INPUT = Map.of("task", "revert-check");
    /** The scheduled fleet sweep's input. */
    public static final Map<String, String> SWEEP_INPUT = Map.of("task", "sweep");
    /** The scheduled forecast's input. */
    public static final Map<String, String> FORECAST_INPUT = Map.of("task", "forecast");
    /** The state table's TTL attribute (epoch seconds), which the function sets on every item. */
    public static final String STATE_TABLE_TTL_ATTRIBUTE = "expiresAt";

    private final List<ProtectedTable> protectedTables;
    private final ITopic findingsTopic;
    private final Queue deadLetterQueue;
    private final Table stateTable;
    private final RemediatorFunction remediator;
    private final Optional<ApprovalChannel> approvalChannel;
    private final ThrottlingAlarms throttlingAlarms;
    private final Schedules schedules;
    private final HealthAlarms healthAlarms;
    private final Dashboard dashboard;

    /**
     * Builds, in this order (each part's construct IDs are listed with it): the findings topic ({@link Notifications}),
     * the dead-letter queue and the state table, the function and its alias ({@link RemediatorFunction}), the Slack
     * channel, the alarms that invoke the function ({@link ThrottlingAlarms}), the scheduled tasks ({@link Schedules}),
     * the health alarms ({@link HealthAlarms}) and the dashboard ({@link FleetDashboard}).
     */
    public HotPartitionRemediator(Construct scope, String id, HotPartitionRemediatorProps props) {
        super(scope, id);
        this.protectedTables = protectedTables(props);
        validateIndexAlarms(props);

        Notifications notifications = Notifications.create(this, props);
        this.findingsTopic = notifications.topic();
        this.deadLetterQueue = createDeadLetterQueue();
        this.stateTable = createStateTable(props);
        this.remediator = RemediatorFunction.create(this, props, protectedTables, findingsTopic, stateTable,
                deadLetterQueue);
        // The Slack channel's buttons invoke the alias, as the alarms do: its role may invoke nothing else.
        this.approvalChannel = props.slackChannel().map(slack -> new ApprovalChannel(this, "SlackChannel", slack,
                findingsTopic, List.of(remediator.alias().getFunctionArn())));
        this.throttlingAlarms = ThrottlingAlarms.create(this, props, protectedTables, remediator.alias(), notifications,
                deadLetterQueue);
        this.schedules = Schedules.create(this, props, remediator.alias(), deadLetterQueue);
        this.healthAlarms = HealthAlarms.create(this, deadLetterQueue, remediator.alias(), notifications);
        this.dashboard = FleetDashboard.create(this, "FleetDashboard");

        NagFindings.suppress(remediator.role(), deadLetterQueue, remediator.function());
    }

    private List<ProtectedTable> protectedTables(HotPartitionRemediatorProps props) {
        var tables = new ArrayList<ProtectedTable>();
        for (ITable table : props.tables()) {
            tables.add(new ProtectedTable(table));
        }
        for (String name : props.tableNames()) {
            tables.add(new ProtectedTable(Table.fromTableName(this, "Table-" + name, name)));
        }
        var names = new LinkedHashSet<String>();
        for (ProtectedTable table : tables) {
            String name = table.name();
            if (!Token.isUnresolved(name) && !name.matches("[a-zA-Z0-9_.-]{3,255}")) {
                throw new IllegalArgumentException("tables: not a DynamoDB table name: '" + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("table '" + name + "' is given twice (tables and tableNames together "
                        + "must name each table once)");
            }
        }
        return List.copyOf(tables);
    }

    private void validateIndexAlarms(HotPartitionRemediatorProps props) {
        var names = protectedTables.stream().map(ProtectedTable::name).collect(Collectors.toSet());
        for (String table : props.indexAlarms().keySet()) {
            if (!names.contains(table)) {
                throw new IllegalArgumentException("indexAlarms: '" + table + "' is not a protected table (protected: "
                        + protectedTables.stream().map(ProtectedTable::name).toList() + ")");
            }
        }
    }

    /** Where alarm events and scheduled tasks go that failed every retry: 14 days, encrypted, SSL-only. */
    private Queue createDeadLetterQueue() {
        return Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }

    /**
     * The function's state: dedupe of alarm deliveries, per-table locks, cooldowns, the audit trail of every change
     * and its revert (item types in the README). On-demand (a few items per alarm), point-in-time recovery (it is
     * an audit trail), TTL on {@value #STATE_TABLE_TTL_ATTRIBUTE}, encrypted with the AWS managed key
     * {@code aws/dynamodb}: its use shows in CloudTrail, and no key policy or KMS grant is needed (the key lets any
     * principal of the account that may use the table use it through DynamoDB).
     */
    private Table createStateTable(HotPartitionRemediatorProps props) {
        return Table.Builder.create(this, "StateTable")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .timeToLiveAttribute(STATE_TABLE_TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(props.stateTableRemovalPolicy())
                .build();
    }

    /** The tables this construct protects, in the order given (tables, then tableNames). */
    public List<ITable> getProtectedTables() {
        return protectedTables.stream().map(ProtectedTable::table).toList();
    }

    /** The topic findings and alarm notifications go to (the given one, or the one this construct created). */
    public ITopic getFindingsTopic() {
        return findingsTopic;
    }

    /** The remediator function ($LATEST); alarms invoke {@link #getAlias()}. */
    public Function getFunction() {
        return remediator.function();
    }

    /** The Slack channel with its Approve and Reject buttons, when the props name one. */
    public Optional<ApprovalChannel> getApprovalChannel() {
        return approvalChannel;
    }

    /** The alias {@value #ALIAS_NAME} on the function's current published version, which the alarms and schedules invoke. */
    public IAlias getAlias() {
        return remediator.alias();
    }

    /** The function's execution role. */
    public IRole getRole() {
        return remediator.role();
    }

    /** Where alarm events and scheduled tasks go that failed every retry. */
    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** The function's state table: dedupe, locks, cooldowns and the audit trail of its changes. */
    public ITable getStateTable() {
        return stateTable;
    }

    /** The rule that runs the revert check; empty when revert is off. */
    public Optional<IRule> getRevertCheckRule() {
        return schedules.revertCheck().map(IRule.class::cast);
    }

    /** The rule that runs the fleet sweep; empty when the sweep is off. */
    public Optional<IRule> getFleetSweepRule() {
        return schedules.fleetSweep().map(IRule.class::cast);
    }

    /** The rule that runs the daily forecast; empty when its schedule is off. */
    public Optional<IRule> getForecastRule() {
        return schedules.forecast().map(IRule.class::cast);
    }

    /** The throttling alarm of each protected table, by table name. */
    public Map<String, Alarm> getThrottlingAlarms() {
        return throttlingAlarms.byTable();
    }

    /** The per-GSI alarms, by {@code table/index}. */
    public Map<String, Alarm> getIndexAlarms() {
        return throttlingAlarms.byIndex();
    }

    /** Tagged mode: the one multi-time-series alarm over every table's throttled requests; empty when listed. */
    public Optional<Alarm> getFleetAlarm() {
        return throttlingAlarms.fleetAlarm();
    }

    /** Tagged mode: the EventBridge rule that sends the fleet alarm's contributor state changes to the function. */
    public Optional<IRule> getFleetAlarmRule() {
        return throttlingAlarms.fleetAlarmRule().map(IRule.class::cast);
    }

    /** The alarms on the remediator's own errors besides the dead-letter queue's: failed invocations, failed actions. */
    public List<Alarm> getHealthAlarms() {
        return healthAlarms.ofTheFunction();
    }

    /** The fleet dashboard: the region's throttling by table and cause, and the remediator's own health. */
    public Dashboard getDashboard() {
        return dashboard;
    }

    /** The alarm on the dead-letter queue's depth. */
    public Alarm getDeadLetterQueueAlarm() {
        return healthAlarms.deadLetterQueue();
    }
}
