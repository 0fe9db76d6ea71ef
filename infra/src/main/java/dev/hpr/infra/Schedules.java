package dev.hpr.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The scheduled tasks: the revert check (with revert on), the fleet sweep (when on) and the daily forecast (when its
 * schedule is on), EventBridge rules that invoke the alias with a constant input. Construct IDs (in the remediator's
 * scope): {@code RevertCheckSchedule}, {@code FleetSweepSchedule}, {@code ForecastSchedule}.
 */
record Schedules(Optional<Rule> revertCheck, Optional<Rule> fleetSweep, Optional<Rule> forecast) {

    static Schedules create(Construct scope, HotPartitionRemediatorProps props, IAlias alias, IQueue deadLetterQueue) {
        Optional<Rule> revertCheck = props.revert()
                ? Optional.of(schedule(scope, "RevertCheckSchedule", props.revertCheckInterval(),
                        HotPartitionRemediator.REVERT_CHECK_INPUT, alias, deadLetterQueue,
                        "hot-partition-remediator: restores the function's changes on tables that have been calm for "
                                + props.revertAfterCalmMinutes() + " minutes"))
                : Optional.empty();
        Optional<Rule> fleetSweep = props.fleetSweep()
                ? Optional.of(schedule(scope, "FleetSweepSchedule", props.fleetSweepInterval(),
                        HotPartitionRemediator.SWEEP_INPUT, alias, deadLetterQueue,
                        "hot-partition-remediator: checks every protected table, alarm or not"))
                : Optional.empty();
        Optional<Rule> forecast = props.forecastScheduleEnabled()
                ? Optional.of(schedule(scope, "ForecastSchedule", props.forecastSchedule(),
                        HotPartitionRemediator.FORECAST_INPUT, alias, deadLetterQueue,
                        "hot-partition-remediator: forecasts each protected table's recurring peaks from its history"))
                : Optional.empty();
        return new Schedules(revertCheck, fleetSweep, forecast);
    }

    /**
     * A rule's target: the alias, invoked asynchronously. EventBridge's own retries cover handing the event to Lambda
     * (then the dead-letter queue), and once Lambda has it, the alias's retries and on-failure destination apply as
     * for alarm events.
     *
     * @param input the rule's constant input; empty: the matched event itself
     */
    static LambdaFunction aliasTarget(IAlias alias, IQueue deadLetterQueue, Optional<Map<String, String>> input) {
        var props = LambdaFunctionProps.builder()
                .retryAttempts(HotPartitionRemediator.RETRY_ATTEMPTS)
                .maxEventAge(HotPartitionRemediator.MAX_EVENT_AGE)
                .deadLetterQueue(deadLetterQueue);
        input.ifPresent(value -> props.event(RuleTargetInput.fromObject(value)));
        return new LambdaFunction(alias, props.build());
    }

    /** A rule that invokes the alias every {@code interval} with a constant input. */
    private static Rule schedule(Construct scope, String id, Duration interval, Map<String, String> input, IAlias alias,
                                 IQueue deadLetterQueue, String description) {
        return schedule(scope, id, Schedule.rate(interval), input, alias, deadLetterQueue, description);
    }

    /** A rule that invokes the alias on {@code schedule} with a constant input. */
    private static Rule schedule(Construct scope, String id, Schedule schedule, Map<String, String> input, IAlias alias,
                                 IQueue deadLetterQueue, String description) {
        return Rule.Builder.create(scope, id)
                .description(description)
                .schedule(schedule)
                .targets(List.of(aliasTarget(alias, deadLetterQueue, Optional.of(input))))
                .build();
    }
}
