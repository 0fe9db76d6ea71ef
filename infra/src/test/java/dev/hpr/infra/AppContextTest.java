package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.SettingType;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;

/** The app's context keys, as {@code -c key=value} passes them (strings) or cdk.json does (JSON values). */
class AppContextTest {

    private static HotPartitionRemediatorProps props(Map<String, Object> context) {
        return new AppContext(context::get).props().build();
    }

    @Test
    void readmeExample_protectsTwoTables_mailsOncall_inDryRun() {
        var props = props(Map.of("tables", "orders,sessions", "email", "oncall@example.com", "mode", "dry-run"));

        assertEquals(List.of("orders", "sessions"), props.tableNames());
        assertEquals(List.of("oncall@example.com"), props.emailSubscribers());
        assertEquals(RemediationMode.DRY_RUN, props.mode());
    }

    @Test
    void everyTuningKey_reachesItsProp() {
        var props = props(Map.ofEntries(
                Map.entry("tables", " orders , sessions "),
                Map.entry("mode", "apply"),
                Map.entry("slackWorkspaceId", "T0123ABCD"),
                Map.entry("slackChannelId", "C0123ABCD"),
                Map.entry("targetUtilization", "70"),
                Map.entry("targetUtilizationFloor", 45),
                Map.entry("scaleOutCooldownSeconds", "30"),
                Map.entry("scaleInCooldownSeconds", "600"),
                Map.entry("maxCapacityFactor", "1.5"),
                Map.entry("maxCapacityCeiling", "10000"),
                Map.entry("contributorInsightsMode", "ACCESSED_AND_THROTTLED_KEYS"),
                Map.entry("windowMinutes", "30"),
                Map.entry("throttleEventsThreshold", "20"),
                Map.entry("peakConsumedReadThreshold", "500"),
                Map.entry("redactKeys", true),
                Map.entry("selfHealedQuietMinutes", "10"),
                Map.entry("cooldownMinutes", "0"),
                Map.entry("revertAfterCalmMinutes", "120"),
                Map.entry("revert", "false"),
                Map.entry("revertCheckIntervalMinutes", "5"),
                Map.entry("fleetSweep", false),
                Map.entry("fleetSweepIntervalMinutes", 30),
                Map.entry("forecastScheduleEnabled", "false"),
                Map.entry("forecastSchedule", "cron(15 5 ? * MON-FRI *)"),
                Map.entry("stateTableRemovalPolicy", "DESTROY"),
                Map.entry("alarmThreshold", "5"),
                Map.entry("alarmEvaluationPeriods", "5"),
                Map.entry("alarmDatapointsToAlarm", "3"),
                Map.entry("indexAlarms", "orders/byCustomer,orders/byDate"),
                Map.entry("memorySize", "2048"),
                Map.entry("timeoutSeconds", "90"),
                Map.entry("reservedConcurrency", "2"),
                Map.entry("logRetention", "THREE_MONTHS"),
                Map.entry("contributorInsightsRuleQuota", "150")));

        assertEquals(List.of("orders", "sessions"), props.tableNames());
        assertEquals(RemediationMode.APPLY, props.mode());
        assertEquals("C0123ABCD", props.slackChannel().orElseThrow().channelId());
        assertEquals(70, props.targetUtilizationPercent());
        assertEquals(45, props.targetUtilizationFloorPercent());
        assertEquals(30, props.scaleOutCooldownSeconds());
        assertEquals(600, props.scaleInCooldownSeconds());
        assertEquals(1.5, props.maxCapacityFactor());
        assertEquals(10_000, props.maxCapacityCeiling());
        assertEquals(ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS, props.contributorInsightsMode());
        assertEquals(30, props.windowMinutes());
        assertEquals(20, props.throttleEventsThreshold());
        assertEquals(500, props.peakConsumedReadThreshold());
        assertEquals(true, props.redactKeys());
        assertEquals(10, props.selfHealedQuietMinutes());
        assertEquals(0, props.cooldownMinutes());
        assertEquals(120, props.revertAfterCalmMinutes());
        assertEquals(false, props.revert());
        assertEquals(5, props.revertCheckInterval().toMinutes());
        assertEquals(false, props.fleetSweep());
        assertEquals(30, props.fleetSweepInterval().toMinutes());
        assertEquals(false, props.forecastScheduleEnabled());
        assertEquals("cron(15 5 ? * MON-FRI *)", props.forecastSchedule().getExpressionString());
        assertEquals(RemovalPolicy.DESTROY, props.stateTableRemovalPolicy());
        assertEquals(5, props.alarmThreshold());
        assertEquals(5, props.alarmEvaluationPeriods());
        assertEquals(3, props.alarmDatapointsToAlarm());
        assertEquals(Map.of("orders", List.of("byCustomer", "byDate")), props.indexAlarms());
        assertEquals(2048, props.memorySize());
        assertEquals(90, props.timeout().toSeconds());
        assertEquals(2, props.reservedConcurrentExecutions());
        assertEquals("THREE_MONTHS", props.logRetention().name());
        assertEquals(150, props.contributorInsightsRuleQuota());
        assertEquals(Protection.LISTED, props.protection());
    }

    /**
     * Every function setting whose catalog entry names a context key reaches the function's environment through it,
     * with a value other than its default: a new setting's key works with no edit here.
     */
    @Test
    void everyCatalogContextKey_reachesTheFunctionsEnvironment() {
        for (Setting setting : Setting.constructProps()) {
            String key = setting.contextKey().orElse(null);
            if (key == null) {
                continue;
            }
            String value = notTheDefault(setting);
            var context = new HashMap<String, Object>(Map.of(key, value));
            if (!(setting == Setting.PROTECTION && value.equals("tagged"))) {
                context.put("tables", "orders");
            }
            Map<String, String> environment = FunctionEnvironment.of(props(context), "arn:aws:sns:us-east-1:1:t",
                    List.of(), "state");
            assertEquals(value, environment.get(setting.variable()), key + " → " + setting.variable());
        }
    }

    /** A valid value other than the default: one step above it (below at the top), the flag's other value, another word. */
    private static String notTheDefault(Setting setting) {
        String defaultValue = setting.defaultValue().orElseThrow();
        if (setting.type() instanceof SettingType.IntegerRange range) {
            long n = Long.parseLong(defaultValue);
            return Long.toString(n < range.max() ? n + 1 : n - 1);
        }
        if (setting.type() instanceof SettingType.DecimalAbove) {
            return FunctionEnvironment.value(Double.parseDouble(defaultValue) + 0.5);
        }
        if (setting.type() instanceof SettingType.Flag) {
            return Boolean.toString(!Boolean.parseBoolean(defaultValue));
        }
        if (setting.type() instanceof SettingType.OneOf oneOf) {
            return oneOf.values().stream().filter(v -> !v.equals(defaultValue)).findFirst().orElseThrow();
        }
        if (setting.type() instanceof SettingType.Text) {
            return defaultValue + "other";
        }
        throw new IllegalStateException(setting + ": no other value for " + setting.type());
    }

    @Test
    void taggedProtection_takesNoTables() {
        var props = props(Map.of("protection", "tagged", "email", "oncall@example.com", "mode", "apply"));
        assertEquals(Protection.TAGGED, props.protection());
        assertEquals(List.of(), props.tableNames());
        var error = assertThrows(IllegalArgumentException.class,
                () -> props(Map.of("protection", "tagged", "tables", "orders")));
        assertTrue(error.getMessage().startsWith("protection TAGGED protects the tables tagged hot-partition-remediator"),
                error.getMessage());
        assertEquals("context key 'protection': bad value 'tags' (protection must be one of listed | tagged, got 'tags')",
                assertThrows(IllegalArgumentException.class, () -> props(Map.of("protection", "tags"))).getMessage());
    }

    @Test
    void tables_isRequired() {
        var error = assertThrows(IllegalArgumentException.class, () -> props(Map.of("email", "oncall@example.com")));
        assertEquals("context key 'tables' is required: the comma-separated names of the DynamoDB tables to protect, "
                + "e.g. npx cdk deploy -c tables=orders,sessions (or -c protection=tagged to protect every table tagged"
                + " hot-partition-remediator)", error.getMessage());
    }

    @Test
    void badValues_nameTheKeyAndTheValue() {
        assertEquals("context key 'mode': bad value 'fix' (mode must be one of apply | approve | dry-run, got 'fix')",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "mode", "fix"))).getMessage());
        assertEquals("context key 'targetUtilization': bad value 'sixty' (For input string: \"sixty\")",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "targetUtilization", "sixty"))).getMessage());
        assertEquals("context key 'indexAlarms' takes table/index pairs separated by commas (orders/byCustomer), "
                        + "got 'byCustomer'",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "indexAlarms", "byCustomer"))).getMessage());
        assertEquals("context key 'revert': bad value 'no' (expected true or false)",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "revert", "no"))).getMessage());
        assertEquals("context key 'stateTableRemovalPolicy': bad value 'KEEP' (No enum constant "
                        + "software.amazon.awscdk.RemovalPolicy.KEEP)",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "stateTableRemovalPolicy", "KEEP"))).getMessage());
        assertEquals("revertCheckInterval must be a whole number of minutes, at least 1 (an EventBridge rate), got "
                        + "0 minutes",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "revertCheckIntervalMinutes", "0"))).getMessage());
        assertEquals("forecastSchedule must be an EventBridge schedule, cron(...) with six fields or rate(N"
                        + " minutes|hours|days), got 'at 00:30'",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "forecastSchedule", "at 00:30"))).getMessage());
        assertEquals("targetUtilizationPercent must be within 20-90, got 95",
                assertThrows(IllegalArgumentException.class,
                        () -> props(Map.of("tables", "orders", "targetUtilization", "95"))).getMessage());
    }

    @Test
    void stackName_defaultsToHotPartitionRemediator() {
        assertEquals("HotPartitionRemediator", new AppContext(Map.<String, Object>of()::get).stackName());
        assertEquals("Mine", new AppContext(Map.<String, Object>of("stackName", "Mine")::get).stackName());
    }
}
