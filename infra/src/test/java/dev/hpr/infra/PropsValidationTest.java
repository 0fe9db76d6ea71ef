package dev.hpr.infra;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.Schedule;

/** Invalid props fail before anything is built, with the prop and the bad value in the message. */
class PropsValidationTest {

    private static HotPartitionRemediatorProps.Builder valid() {
        return HotPartitionRemediatorProps.builder().tableNames(List.of("orders"));
    }

    static List<Arguments> invalidProps() {
        return List.of(
                invalid("no table", b -> HotPartitionRemediatorProps.builder(),
                        "at least one table to protect is required (tables or tableNames), got none"),
                invalid("bad table name", b -> b.tableNames(List.of("o'rders")),
                        "tableNames: not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.'): 'o'rders'"),
                invalid("table twice", b -> b.tableNames(List.of("orders")), "tableNames lists 'orders' twice"),
                invalid("bad email", b -> b.emailSubscribers(List.of("oncall.example.com")),
                        "emailSubscribers: not an email address: 'oncall.example.com'"),
                invalid("target too high", b -> b.targetUtilizationPercent(95),
                        "targetUtilizationPercent must be within 20-90, got 95"),
                invalid("floor too low", b -> b.targetUtilizationFloorPercent(10),
                        "targetUtilizationFloorPercent must be within 20-90, got 10"),
                invalid("floor above target", b -> b.targetUtilizationPercent(50).targetUtilizationFloorPercent(70),
                        "targetUtilizationFloorPercent (70) must not exceed targetUtilizationPercent (50)"),
                invalid("negative cooldown", b -> b.scaleOutCooldownSeconds(-1),
                        "scaleOutCooldownSeconds must be within 0-3600, got -1"),
                invalid("negative scale-in cooldown", b -> b.scaleInCooldownSeconds(-5),
                        "scaleInCooldownSeconds must be within 0-3600, got -5"),
                invalid("factor 1", b -> b.maxCapacityFactor(1.0),
                        "maxCapacityFactor must be a number greater than 1, got 1.0"),
                invalid("ceiling 0", b -> b.maxCapacityCeiling(0), "maxCapacityCeiling must be at least 1, got 0"),
                invalid("throttle threshold negative", b -> b.throttleEventsThreshold(-1),
                        "throttleEventsThreshold must be at least 0, got -1"),
                invalid("peak read threshold negative", b -> b.peakConsumedReadThreshold(-3),
                        "peakConsumedReadThreshold must be a number greater than 0, got -3.0"),
                invalid("window 0", b -> b.windowMinutes(0), "windowMinutes must be within 1-1440, got 0"),
                invalid("alarm threshold 0", b -> b.alarmThreshold(0),
                        "alarmThreshold must be a number greater than 0, got 0.0"),
                invalid("more datapoints than periods", b -> b.alarmEvaluationPeriods(3).alarmDatapointsToAlarm(4),
                        "alarmDatapointsToAlarm must be within 1-3, got 4"),
                invalid("blank Slack channel", b -> b.slackWorkspaceId("T0123ABCD").slackChannelId(" "),
                        "slackChannelId must not be blank, got ' '"),
                invalid("Slack workspace without channel", b -> b.slackWorkspaceId("T0123ABCD"),
                        "a Slack channel needs both slackWorkspaceId and slackChannelId, got "
                                + "slackWorkspaceId='T0123ABCD', slackChannelId=null"),
                invalid("reserved concurrency 0", b -> b.reservedConcurrentExecutions(0),
                        "reservedConcurrentExecutions must be at least 1, got 0"),
                invalid("index alarm without index", b -> b.indexAlarms(Map.of("orders", List.of())),
                        "indexAlarms: table 'orders' lists no index"),
                invalid("negative cooldown minutes", b -> b.cooldownMinutes(-1),
                        "cooldownMinutes must be within 0-10080, got -1"),
                invalid("self-healed after 0 quiet minutes", b -> b.selfHealedQuietMinutes(0),
                        "selfHealedQuietMinutes must be within 1-1440, got 0"),
                invalid("revert after 0 minutes of calm", b -> b.revertAfterCalmMinutes(0),
                        "revertAfterCalmMinutes must be within 1-10080, got 0"),
                invalid("revert check every 90 seconds", b -> b.revertCheckInterval(Duration.seconds(90)),
                        "revertCheckInterval must be a whole number of minutes, at least 1 (an EventBridge rate), "
                                + "got 1 minute 30 seconds"),
                invalid("forecast schedule not an EventBridge expression",
                        b -> b.forecastSchedule(Schedule.expression("daily at 00:30")),
                        "forecastSchedule must be an EventBridge schedule, cron(...) with six fields or"
                                + " rate(N minutes|hours|days), got 'daily at 00:30'"),
                invalid("forecast cron with five fields (a Unix crontab's)",
                        b -> b.forecastSchedule(Schedule.expression("cron(30 0 * * *)")),
                        "forecastSchedule must be an EventBridge schedule, cron(...) with six fields or"
                                + " rate(N minutes|hours|days), got 'cron(30 0 * * *)'"),
                invalid("sweep every 30 seconds", b -> b.fleetSweepInterval(Duration.seconds(30)),
                        "fleetSweepInterval must be a whole number of minutes, at least 1 (an EventBridge rate), "
                                + "got 30 seconds"),
                invalid("snapshot of the state table", b -> b.stateTableRemovalPolicy(RemovalPolicy.SNAPSHOT),
                        "stateTableRemovalPolicy must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY (DynamoDB "
                                + "tables have no snapshot on delete), got SNAPSHOT"),
                invalid("timeout beyond Lambda's", b -> b.timeout(Duration.minutes(16)),
                        "timeout must be a whole number of seconds within 1-900 (Lambda's limit), got 16 minutes"),
                invalid("timeout in milliseconds", b -> b.timeout(Duration.millis(1500)),
                        "timeout must be a whole number of seconds within 1-900 (Lambda's limit), got 1 second 500 millis"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProps")
    void build_rejects_namingTheBadValue(String name, UnaryOperator<HotPartitionRemediatorProps.Builder> change,
                                         String message) {
        var error = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertEquals(message, error.getMessage());
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        HotPartitionRemediatorProps props = valid().build();
        assertEquals(RemediationMode.DRY_RUN, props.mode());
        assertEquals(60, props.targetUtilizationPercent());
        assertEquals(40, props.targetUtilizationFloorPercent());
        assertEquals(60, props.scaleOutCooldownSeconds());
        assertEquals(300, props.scaleInCooldownSeconds());
        assertEquals(2.0, props.maxCapacityFactor());
        assertEquals(40_000, props.maxCapacityCeiling());
        assertEquals(ContributorInsightsMode.THROTTLED_KEYS, props.contributorInsightsMode());
        assertEquals(60, props.windowMinutes());
        assertEquals(50, props.throttleEventsThreshold());
        assertEquals(1000, props.peakConsumedReadThreshold());
        assertEquals(false, props.redactKeys());
        assertEquals(5, props.selfHealedQuietMinutes());
        assertEquals(30, props.cooldownMinutes());
        assertEquals(60, props.revertAfterCalmMinutes());
        assertEquals(true, props.revert());
        assertEquals(15, props.revertCheckInterval().toMinutes());
        assertEquals(true, props.fleetSweep());
        assertEquals(15, props.fleetSweepInterval().toMinutes());
        assertEquals(true, props.forecastScheduleEnabled());
        assertEquals("cron(30 0 * * ? *)", props.forecastSchedule().getExpressionString());
        assertEquals(RemovalPolicy.RETAIN, props.stateTableRemovalPolicy());
        assertEquals(10, props.alarmThreshold());
        assertEquals(3, props.alarmEvaluationPeriods());
        assertEquals(2, props.alarmDatapointsToAlarm());
        assertEquals(1024, props.memorySize());
        assertEquals(60, props.timeout().toSeconds());
        assertEquals(120, FunctionEnvironment.lockSeconds(props), "LOCK_SECONDS: the timeout plus 60 seconds");
        assertEquals(5, props.reservedConcurrentExecutions());
    }

    private static Arguments invalid(String name, UnaryOperator<HotPartitionRemediatorProps.Builder> change,
                                     String message) {
        return Arguments.of(name, change, message);
    }
}
