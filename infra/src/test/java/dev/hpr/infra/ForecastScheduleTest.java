package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;

/**
 * The daily forecast's schedule: by default an EventBridge rule invokes the alias with {@code {"task":"forecast"}}
 * every day at 00:30 UTC, with the same retries and dead-letter queue as the other schedules (its permission and
 * queue policy: {@code RemediatorStackTest}); {@code forecastSchedule} moves it and {@code forecastScheduleEnabled(false)} removes it (and its permission), leaving the other schedules.
 */
class ForecastScheduleTest {

    private static final String FORECAST_INPUT = "{\"task\":\"forecast\"}";

    private static Template weekdays;
    private static Template off;
    private static HotPartitionRemediator offConstruct;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        Stack weekdayStack = new Stack(app, "WeekdayForecast");
        new HotPartitionRemediator(weekdayStack, "Remediator", HotPartitionRemediatorProps.builder()
                .tableNames(List.of("orders"))
                .forecastSchedule(Schedule.cron(CronOptions.builder().minute("15").hour("5").weekDay("MON-FRI").build()))
                .build());
        Stack offStack = new Stack(app, "NoForecast");
        offConstruct = new HotPartitionRemediator(offStack, "Remediator", HotPartitionRemediatorProps.builder()
                .tableNames(List.of("orders"))
                .forecastScheduleEnabled(false)
                .build());
        weekdays = Template.fromStack(weekdayStack);
        off = Template.fromStack(offStack);
    }

    @Test
    void byDefault_aRuleInvokesTheAlias_withTheForecastTask_dailyAt0030Utc() {
        for (Template template : List.of(SynthesizedApp.get().template, SynthesizedApp.tagged().template)) {
            template.hasResourceProperties("AWS::Events::Rule", Map.of(
                    "ScheduleExpression", "cron(30 0 * * ? *)",
                    "State", "ENABLED",
                    "Targets", List.of(Map.of(
                            "Id", Match.anyValue(),
                            "Arn", Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*")),
                            "Input", FORECAST_INPUT,
                            "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 3600),
                            "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt",
                                    List.of(Match.stringLikeRegexp("RemediatorDeadLetterQueue.*"), "Arn")))))));
            assertEquals(1, forecastRules(template).size(), "one forecast rule");
        }
    }

    @Test
    void forecastSchedule_movesTheRule() {
        weekdays.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(15 5 ? * MON-FRI *)",
                "Targets", List.of(Match.objectLike(Map.of("Input", FORECAST_INPUT)))));
        assertEquals(1, forecastRules(weekdays).size());
    }

    @Test
    void forecastScheduleOff_removesTheRuleAndItsPermission_andKeepsTheOtherSchedules() {
        assertEquals(0, forecastRules(off).size());
        off.resourceCountIs("AWS::Events::Rule", 2);
        assertTrue(off.findResources("AWS::Lambda::Permission").keySet().stream()
                .noneMatch(id -> id.contains("ForecastSchedule")), "no permission for a forecast rule");
        assertTrue(offConstruct.getForecastRule().isEmpty());
    }

    private static Map<String, Map<String, Object>> forecastRules(Template template) {
        return template.findResources("AWS::Events::Rule", Map.of("Properties", Map.of(
                "Targets", List.of(Match.objectLike(Map.of("Input", FORECAST_INPUT))))));
    }
}
