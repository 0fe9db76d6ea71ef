package dev.hpr.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alarms on the remediator's own health, each notifying the findings topic: the dead-letter queue's depth,
 * invocations that failed (Lambda's Errors of the alias, each retry counted) and actions that failed to apply (the
 * function's EMF ActionsFailed). Construct IDs (in the remediator's scope): {@code DeadLetterQueueAlarm},
 * {@code FunctionErrorsAlarm}, {@code ActionsFailedAlarm}.
 */
record HealthAlarms(Alarm deadLetterQueue, Alarm functionErrors, Alarm actionsFailed) {

    static HealthAlarms create(Construct scope, IQueue deadLetterQueue, IAlias alias, Notifications notifications) {
        Alarm queued = deadLetterQueue
                .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build())
                .createAlarm(scope, "DeadLetterQueueAlarm", anyAbove0("hot-partition-remediator: an alarm event or"
                        + " scheduled task failed every retry and is waiting in the dead-letter queue; see the"
                        + " function's logs"));
        notifications.notifyOnAlarm(queued);
        Alarm functionErrors = alias.metricErrors(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Sum").build())
                .createAlarm(scope, "FunctionErrorsAlarm", anyAbove0("hot-partition-remediator: invocations failed"
                        + " (unusable event, AWS or publish failure); Lambda retries them, then the dead-letter queue;"
                        + " see the logs"));
        notifications.notifyOnAlarm(functionErrors);
        Alarm actionsFailed = FleetDashboard.own("ActionsFailed", "Sum")
                .createAlarm(scope, "ActionsFailedAlarm", anyAbove0("hot-partition-remediator: a planned change"
                        + " failed to apply (the finding says which and why)"));
        notifications.notifyOnAlarm(actionsFailed);
        return new HealthAlarms(queued, functionErrors, actionsFailed);
    }

    List<Alarm> ofTheFunction() {
        return List.of(functionErrors, actionsFailed);
    }

    /** Alarms on any value above 0 in one period; no data is no failure. */
    private static CreateAlarmOptions anyAbove0(String description) {
        return CreateAlarmOptions.builder()
                .alarmDescription(description)
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }
}
