package dev.hpr.infra;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The app's CDK context keys ({@code -c key=value} or {@code cdk.json}'s "context"), each mapped onto one
 * {@link HotPartitionRemediatorProps} prop. A bad value fails the synth with the key and the value.
 */
final class AppContext {

    static final String DEFAULT_STACK_NAME = "HotPartitionRemediator";

    private final Function<String, Object> lookup;

    AppContext(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    String stackName() {
        return text("stackName").orElse(DEFAULT_STACK_NAME);
    }

    /** An existing findings topic's ARN ({@code topicArn}); else the construct creates the topic. */
    Optional<String> topicArn() {
        return text("topicArn");
    }

    /** Every prop the context sets; the topic is the caller's (it needs a scope). */
    HotPartitionRemediatorProps.Builder props() {
        List<String> tables = list("tables");
        Protection protection = text("protection").map(v -> parse("protection", v, Protection::fromValue))
                .orElse(Protection.LISTED);
        if (tables.isEmpty() && protection == Protection.LISTED) {
            throw new IllegalArgumentException("context key 'tables' is required: the comma-separated names of the "
                    + "DynamoDB tables to protect, e.g. npx cdk deploy -c tables=orders,sessions (or -c protection=tagged"
                    + " to protect every table tagged hot-partition-remediator)");
        }
        var b = HotPartitionRemediatorProps.builder().protection(protection).tableNames(tables)
                .emailSubscribers(list("email"));
        integer("contributorInsightsRuleQuota").ifPresent(b::contributorInsightsRuleQuota);
        text("mode").map(value -> parse("mode", value, RemediationMode::fromValue)).ifPresent(b::mode);
        text("slackWorkspaceId").ifPresent(b::slackWorkspaceId);
        text("slackChannelId").ifPresent(b::slackChannelId);
        text("slackChannelConfigurationName").ifPresent(b::slackChannelConfigurationName);
        integer("targetUtilization").ifPresent(b::targetUtilizationPercent);
        integer("targetUtilizationFloor").ifPresent(b::targetUtilizationFloorPercent);
        integer("scaleOutCooldownSeconds").ifPresent(b::scaleOutCooldownSeconds);
        integer("scaleInCooldownSeconds").ifPresent(b::scaleInCooldownSeconds);
        number("maxCapacityFactor").ifPresent(b::maxCapacityFactor);
        integer("maxCapacityCeiling").ifPresent(b::maxCapacityCeiling);
        integer("maxCapacityApprovalCeiling").ifPresent(b::maxCapacityApprovalCeiling);
        number("onDemandMaximumFactor").ifPresent(b::onDemandMaximumFactor);
        integer("onDemandMaximumCeiling").ifPresent(b::onDemandMaximumCeiling);
        integer("approvalTtlMinutes").ifPresent(b::approvalTtlMinutes);
        text("contributorInsightsMode")
                .map(v -> parse("contributorInsightsMode", v, ContributorInsightsMode::fromValue))
                .ifPresent(b::contributorInsightsMode);
        integer("windowMinutes").ifPresent(b::windowMinutes);
        integer("throttleEventsThreshold").ifPresent(b::throttleEventsThreshold);
        number("peakConsumedReadThreshold").ifPresent(b::peakConsumedReadThreshold);
        bool("redactKeys").ifPresent(b::redactKeys);
        integer("selfHealedQuietMinutes").ifPresent(b::selfHealedQuietMinutes);
        integer("cooldownMinutes").ifPresent(b::cooldownMinutes);
        integer("revertAfterCalmMinutes").ifPresent(b::revertAfterCalmMinutes);
        bool("revert").ifPresent(b::revert);
        minutes("revertCheckIntervalMinutes").ifPresent(b::revertCheckInterval);
        bool("fleetSweep").ifPresent(b::fleetSweep);
        minutes("fleetSweepIntervalMinutes").ifPresent(b::fleetSweepInterval);
        text("stateTableRemovalPolicy").map(v -> parse("stateTableRemovalPolicy", v, RemovalPolicy::valueOf))
                .ifPresent(b::stateTableRemovalPolicy);
        number("alarmThreshold").ifPresent(b::alarmThreshold);
        integer("alarmEvaluationPeriods").ifPresent(b::alarmEvaluationPeriods);
        integer("alarmDatapointsToAlarm").ifPresent(b::alarmDatapointsToAlarm);
        b.indexAlarms(indexAlarms());
        integer("memorySize").ifPresent(b::memorySize);
        integer("timeoutSeconds").map(seconds -> Duration.seconds(seconds)).ifPresent(b::timeout);
        integer("reservedConcurrency").ifPresent(b::reservedConcurrentExecutions);
        text("logRetention").map(v -> parse("logRetention", v, RetentionDays::valueOf)).ifPresent(b::logRetention);
        return b;
    }

    /** {@code indexAlarms=orders/byCustomer,orders/byDate}: table/index pairs. */
    private Map<String, List<String>> indexAlarms() {
        var byTable = new LinkedHashMap<String, List<String>>();
        for (String pair : list("indexAlarms")) {
            String[] parts = pair.split("/", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("context key 'indexAlarms' takes table/index pairs separated by "
                        + "commas (orders/byCustomer), got '" + pair + "'");
            }
            byTable.computeIfAbsent(parts[0], table -> new java.util.ArrayList<>()).add(parts[1]);
        }
        return byTable;
    }

    private Optional<String> text(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private List<String> list(String key) {
        return text(key).map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private Optional<Integer> integer(String key) {
        return text(key).map(value -> parse(key, value, Integer::parseInt));
    }

    private Optional<Double> number(String key) {
        return text(key).map(value -> parse(key, value, Double::parseDouble));
    }

    private Optional<Boolean> bool(String key) {
        return text(key).map(value -> parse(key, value, AppContext::parseBoolean));
    }

    /** Whole minutes: the props validate the range (an EventBridge rate takes at least one). */
    private Optional<Duration> minutes(String key) {
        return integer(key).map(Duration::minutes);
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context key '" + key + "': bad value '" + value + "'"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }
}
