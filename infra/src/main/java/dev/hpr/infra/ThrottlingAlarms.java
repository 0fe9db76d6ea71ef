package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaAction;
import software.amazon.awscdk.services.cloudwatch.actions.LambdaActionProps;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alarms that invoke the remediator: one per protected table (listed protection), the fleet alarm and the
 * EventBridge rule for its contributors (tagged protection), one per {@code indexAlarms} GSI. Construct IDs (in the
 * remediator's scope): {@code Throttling-<table>}, {@code FleetThrottling}, {@code FleetAlarmContributorRule},
 * {@code IndexThrottling-<table>-<index>}.
 *
 * @param byTable   each protected table's alarm, by table name
 * @param byIndex   the per-GSI alarms, by {@code table/index}
 */
record ThrottlingAlarms(Map<String, Alarm> byTable, Map<String, Alarm> byIndex, Optional<Alarm> fleetAlarm,
                        Optional<Rule> fleetAlarmRule) {

    static ThrottlingAlarms create(Construct scope, HotPartitionRemediatorProps props,
                                   List<ProtectedTable> protectedTables, IAlias alias, Notifications notifications,
                                   IQueue deadLetterQueue) {
        var invokeRemediator = new LambdaAction(alias, LambdaActionProps.builder().useUniquePermissionId(true).build());
        var byTable = new LinkedHashMap<String, Alarm>();
        for (ProtectedTable table : protectedTables) {
            Alarm alarm = alarm(scope, "Throttling-" + table.idPart(), ThrottlingMetrics.tableThrottledRequests(table),
                    props, "Throttled requests on DynamoDB table " + table.name()
                            + " (all operations): ALARM and OK invoke the hot-partition remediator");
            alarm.addAlarmAction(invokeRemediator);
            notifications.notifyOnAlarm(alarm);
            alarm.addOkAction(invokeRemediator);
            byTable.put(table.name(), alarm);
        }
        Optional<Alarm> fleetAlarm = Optional.empty();
        Optional<Rule> fleetAlarmRule = Optional.empty();
        if (props.protection() == Protection.TAGGED) {
            Alarm alarm = alarm(scope, "FleetThrottling", ThrottlingMetrics.fleetThrottledRequests(), props,
                    "Throttled requests on every DynamoDB table of the region, one contributor per table (Metrics"
                            + " Insights GROUP BY TableName): each contributor's ALARM and OK reach the hot-partition"
                            + " remediator through EventBridge; it acts on tables tagged hot-partition-remediator");
            fleetAlarm = Optional.of(alarm);
            fleetAlarmRule = Optional.of(contributorRule(scope, alarm, alias, deadLetterQueue));
        }
        var byIndex = new LinkedHashMap<String, Alarm>();
        props.indexAlarms().forEach((tableName, indexNames) -> {
            ProtectedTable table = protectedTables.stream().filter(t -> t.name().equals(tableName)).findFirst()
                    .orElseThrow();
            for (String indexName : indexNames) {
                Alarm alarm = alarm(scope, "IndexThrottling-" + table.idPart() + "-" + indexName,
                        ThrottlingMetrics.indexThrottleEvents(tableName, indexName), props,
                        "Throttle events on GSI " + indexName + " of DynamoDB table " + tableName
                                + ": ALARM and OK invoke the hot-partition remediator");
                alarm.addAlarmAction(invokeRemediator);
                notifications.notifyOnAlarm(alarm);
                alarm.addOkAction(invokeRemediator);
                byIndex.put(tableName + "/" + indexName, alarm);
            }
        });
        return new ThrottlingAlarms(Map.copyOf(byTable), Map.copyOf(byIndex), fleetAlarm, fleetAlarmRule);
    }

    private static Alarm alarm(Construct scope, String id, IMetric metric, HotPartitionRemediatorProps props,
                               String description) {
        return Alarm.Builder.create(scope, id)
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

    /**
     * The fleet alarm's contributor state changes (one per table, ALARM and OK: a contributor is never
     * INSUFFICIENT_DATA) to the alias, with the schedules' retries and dead-letter queue. Only the contributor events:
     * the alarm's own "CloudWatch Alarm State Change" names no table.
     */
    private static Rule contributorRule(Construct scope, Alarm alarm, IAlias alias, IQueue deadLetterQueue) {
        return Rule.Builder.create(scope, "FleetAlarmContributorRule")
                .description("hot-partition-remediator: each table's contributor state change of the fleet alarm")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.cloudwatch"))
                        .detailType(List.of("CloudWatch Alarm Contributor State Change"))
                        .resources(List.of(alarm.getAlarmArn()))
                        .build())
                .targets(List.of(Schedules.aliasTarget(alias, deadLetterQueue, Optional.empty())))
                .build();
    }
}
