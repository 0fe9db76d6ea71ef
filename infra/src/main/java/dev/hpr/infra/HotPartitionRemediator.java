package dev.hpr.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.hpr.remediator.aws.IamPermissions;
import dev.hpr.remediator.core.Protection;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaAction;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaActionProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRule;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Finds and fixes DynamoDB hot partitions: per protected table, an alarm on the table's throttled requests invokes
 * the remediator function, which diagnoses why, enables Contributor Insights, retunes target tracking where that
 * helps, and publishes a finding to the findings topic (email, Slack). Scheduled rules run its revert check and
 * fleet sweep; its state table records every change it makes.
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
    /** The state table's TTL attribute (epoch seconds), which the function sets on every item. */
    public static final String STATE_TABLE_TTL_ATTRIBUTE = "expiresAt";

    private final List<ProtectedTable> protectedTables;
    private final ITopic findingsTopic;
    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Queue deadLetterQueue;
    private final Table stateTable;
    private final Rule revertCheckRule;
    private final Rule fleetSweepRule;
    private final Map<String, Alarm> throttlingAlarms = new LinkedHashMap<>();
    private final Map<String, Alarm> indexAlarms = new LinkedHashMap<>();
    private final Alarm deadLetterQueueAlarm;
    private final Optional<ApprovalChannel> approvalChannel;
    private final Alarm fleetAlarm;
    private final Alarm functionErrorsAlarm;
    private final Alarm actionsFailedAlarm;
    private final Dashboard dashboard;
    private final Rule fleetAlarmRule;

    public HotPartitionRemediator(Construct scope, String id, HotPartitionRemediatorProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.protectedTables = protectedTables(props);
        validateIndexAlarms(props);

        this.findingsTopic = props.findingsTopic().orElseGet(this::createFindingsTopic);
        props.emailSubscribers().forEach(email -> findingsTopic.addSubscription(new EmailSubscription(email)));

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();

        this.stateTable = createStateTable(props);

        LogGroup logGroup = LogGroup.Builder.create(this, "LogGroup")
                .retention(props.logRetention())
                .build();

        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("hot-partition-remediator function: exactly the permissions its adapters declare")
                .build();
        var targets = new FunctionPolicy.Targets(stack, props.protection(), protectedTables, findingsTopic, stateTable);
        FunctionPolicy.statements(IamPermissions.required(), targets).forEach(role::addToPolicy);
        logGroup.grantWrite(role);

        this.function = Function.Builder.create(this, "Function")
                .description("Diagnoses DynamoDB throttling and remediates hot partitions (hot-partition-remediator)")
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .functionName(props.functionName().orElse(null))
                .code(props.code().orElseGet(FunctionJar::fromRepository))
                .memorySize(props.memorySize())
                .timeout(props.timeout())
                .role(role)
                .environment(FunctionEnvironment.of(props, findingsTopic.getTopicArn(),
                        protectedTables.stream().map(ProtectedTable::name).toList(), stateTable.getTableName()))
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .reservedConcurrentExecutions(props.reservedConcurrentExecutions())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();

        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .onFailure(new OnFailureQueue(deadLetterQueue))
                .build();

        // The Slack channel's buttons invoke the alias, as the alarms do: its role may invoke nothing else.
        this.approvalChannel = props.slackChannel().map(slack -> new ApprovalChannel(this, "SlackChannel", slack,
                findingsTopic, List.of(alias.getFunctionArn())));

        var invokeRemediator = new LambdaAction(alias, LambdaActionProps.builder().useUniquePermissionId(true).build());
        // Without alarm notifications (a topic in another region), CloudWatch notifies nothing: findings reach the topic
        // through the function.
        List<SnsAction> notifyTopic = props.alarmNotifications() ? List.of(new SnsAction(findingsTopic)) : List.of();
        for (ProtectedTable table : protectedTables) {
            Alarm alarm = throttlingAlarm("Throttling-" + table.idPart(),
                    ThrottlingMetrics.tableThrottledRequests(table), props,
                    "Throttled requests on DynamoDB table " + table.name()
                            + " (all operations): ALARM and OK invoke the hot-partition remediator");
            alarm.addAlarmAction(invokeRemediator);
            notifyTopic.forEach(alarm::addAlarmAction);
            alarm.addOkAction(invokeRemediator);
            throttlingAlarms.put(table.name(), alarm);
        }
        if (props.protection() == Protection.TAGGED) {
            this.fleetAlarm = throttlingAlarm("FleetThrottling", ThrottlingMetrics.fleetThrottledRequests(), props,
                    "Throttled requests on every DynamoDB table of the region, one contributor per table (Metrics"
                            + " Insights GROUP BY TableName): each contributor's ALARM and OK reach the hot-partition"
                            + " remediator through EventBridge; it acts on tables tagged hot-partition-remediator");
            this.fleetAlarmRule = fleetAlarmRule(fleetAlarm);
        } else {
            this.fleetAlarm = null;
            this.fleetAlarmRule = null;
        }
        props.indexAlarms().forEach((tableName, indexNames) -> {
            ProtectedTable table = protectedTables.stream().filter(t -> t.name().equals(tableName)).findFirst().orElseThrow();
            for (String indexName : indexNames) {
                Alarm alarm = throttlingAlarm("IndexThrottling-" + table.idPart() + "-" + indexName,
                        ThrottlingMetrics.indexThrottleEvents(tableName, indexName), props,
                        "Throttle events on GSI " + indexName + " of DynamoDB table " + tableName
                                + ": ALARM and OK invoke the hot-partition remediator");
                alarm.addAlarmAction(invokeRemediator);
                notifyTopic.forEach(alarm::addAlarmAction);
                alarm.addOkAction(invokeRemediator);
                indexAlarms.put(tableName + "/" + indexName, alarm);
            }
        });

        this.revertCheckRule = props.revert()
                ? schedule("RevertCheckSchedule", props.revertCheckInterval(), REVERT_CHECK_INPUT,
                        "hot-partition-remediator: restores the function's changes on tables that have been calm for "
                                + props.revertAfterCalmMinutes() + " minutes")
                : null;
        this.fleetSweepRule = props.fleetSweep()
                ? schedule("FleetSweepSchedule", props.fleetSweepInterval(), SWEEP_INPUT,
                        "hot-partition-remediator: checks every protected table, alarm or not")
                : null;

        this.deadLetterQueueAlarm = deadLetterQueue
                .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build())
                .createAlarm(this, "DeadLetterQueueAlarm", CreateAlarmOptions.builder()
                        .alarmDescription("hot-partition-remediator: an alarm event or scheduled task failed every "
                                + "retry and is waiting in the dead-letter queue; see the function's logs")
                        .threshold(0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
        notifyTopic.forEach(deadLetterQueueAlarm::addAlarmAction);

        // The remediator's own errors, besides the dead-letter queue's: invocations that failed (Lambda's Errors of
        // the alias, each retry counted) and actions that failed to apply (the function's EMF ActionsFailed).
        this.functionErrorsAlarm = alias.metricErrors(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Sum").build())
                .createAlarm(this, "FunctionErrorsAlarm", CreateAlarmOptions.builder()
                        .alarmDescription("hot-partition-remediator: invocations failed (unusable event, AWS or"
                                + " publish failure); Lambda retries them, then the dead-letter queue; see the logs")
                        .threshold(0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
        notifyTopic.forEach(functionErrorsAlarm::addAlarmAction);
        this.actionsFailedAlarm = FleetDashboard.own("ActionsFailed", "Sum")
                .createAlarm(this, "ActionsFailedAlarm", CreateAlarmOptions.builder()
                        .alarmDescription("hot-partition-remediator: a planned change failed to apply (the finding"
                                + " says which and why)")
                        .threshold(0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());
        notifyTopic.forEach(actionsFailedAlarm::addAlarmAction);
        this.dashboard = FleetDashboard.create(this, "FleetDashboard");

        NagFindings.suppress(role, deadLetterQueue, function);
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

    /**
     * A rule that invokes the alias every {@code interval} with a constant input. EventBridge invokes the function
     * asynchronously: its own retries cover handing the event to Lambda (then the dead-letter queue), and once Lambda
     * has it, the alias's retries and on-failure destination apply as for alarm events.
     */
    private Rule schedule(String id, Duration interval, Map<String, String> input, String description) {
        return Rule.Builder.create(this, id)
                .description(description)
                .schedule(Schedule.rate(interval))
                .targets(List.of(new LambdaFunction(alias, LambdaFunctionProps.builder()
                        .event(RuleTargetInput.fromObject(input))
                        .retryAttempts(RETRY_ATTEMPTS)
                        .maxEventAge(MAX_EVENT_AGE)
                        .deadLetterQueue(deadLetterQueue)
                        .build())))
                .build();
    }

    /**
     * The fleet alarm's contributor state changes (one per table, ALARM and OK: a contributor is never
     * INSUFFICIENT_DATA) to the alias, with the schedules' retries and dead-letter queue. Only the contributor events:
     * the alarm's own "CloudWatch Alarm State Change" names no table.
     */
    private Rule fleetAlarmRule(Alarm alarm) {
        return Rule.Builder.create(this, "FleetAlarmContributorRule")
                .description("hot-partition-remediator: each table's contributor state change of the fleet alarm")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.cloudwatch"))
                        .detailType(List.of("CloudWatch Alarm Contributor State Change"))
                        .resources(List.of(alarm.getAlarmArn()))
                        .build())
                .targets(List.of(new LambdaFunction(alias, LambdaFunctionProps.builder()
                        .retryAttempts(RETRY_ATTEMPTS)
                        .maxEventAge(MAX_EVENT_AGE)
                        .deadLetterQueue(deadLetterQueue)
                        .build())))
                .build();
    }

    private ITopic createFindingsTopic() {
        Key key = Key.Builder.create(this, "FindingsTopicKey")
                .description("hot-partition-remediator findings topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // CloudWatch publishes alarm state changes to the encrypted topic: it needs the key (AWS-managed
        // alias/aws/sns cannot grant that, hence a customer managed key).
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTheTopic")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        Topic topic = Topic.Builder.create(this, "FindingsTopic")
                .displayName("Hot partition remediator findings")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        Stack stack = Stack.of(this);
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:"
                                + stack.getRegion() + ":" + stack.getAccount() + ":alarm:*")))
                .build());
        return topic;
    }

    private Alarm throttlingAlarm(String id, IMetric metric, HotPartitionRemediatorProps props, String description) {
        return Alarm.Builder.create(this, id)
                .metric(metric)
                .alarmDescription(description)
                .threshold(props.alarmThreshold())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(props.alarmEvaluationPeriods())
                .datapointsToAlarm(props.alarmDatapointsToAlarm())
                // DynamoDB publishes throttling only when it happens: no data means no throttling.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
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
        return function;
    }

    /** The Slack channel with its Approve and Reject buttons, when the props name one. */
    public Optional<ApprovalChannel> getApprovalChannel() {
        return approvalChannel;
    }

    /** The alias {@value #ALIAS_NAME} on the function's current published version, which the alarms and schedules invoke. */
    public IAlias getAlias() {
        return alias;
    }

    /** The function's execution role. */
    public IRole getRole() {
        return role;
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
        return Optional.ofNullable(revertCheckRule);
    }

    /** The rule that runs the fleet sweep; empty when the sweep is off. */
    public Optional<IRule> getFleetSweepRule() {
        return Optional.ofNullable(fleetSweepRule);
    }

    /** The throttling alarm of each protected table, by table name. */
    public Map<String, Alarm> getThrottlingAlarms() {
        return Map.copyOf(throttlingAlarms);
    }

    /** The per-GSI alarms, by {@code table/index}. */
    public Map<String, Alarm> getIndexAlarms() {
        return Map.copyOf(indexAlarms);
    }

    /** Tagged mode: the one multi-time-series alarm over every table's throttled requests; empty when listed. */
    public Optional<Alarm> getFleetAlarm() {
        return Optional.ofNullable(fleetAlarm);
    }

    /** Tagged mode: the EventBridge rule that sends the fleet alarm's contributor state changes to the function. */
    public Optional<IRule> getFleetAlarmRule() {
        return Optional.ofNullable(fleetAlarmRule);
    }

    /** The alarms on the remediator's own errors besides the dead-letter queue's: failed invocations, failed actions. */
    public List<Alarm> getHealthAlarms() {
        return List.of(functionErrorsAlarm, actionsFailedAlarm);
    }

    /** The fleet dashboard: the region's throttling by table and cause, and the remediator's own health. */
    public Dashboard getDashboard() {
        return dashboard;
    }

    /** The alarm on the dead-letter queue's depth. */
    public Alarm getDeadLetterQueueAlarm() {
        return deadLetterQueueAlarm;
    }
}
