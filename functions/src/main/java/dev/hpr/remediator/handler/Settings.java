package dev.hpr.remediator.handler;

import dev.hpr.remediator.core.DiagnosisSettings;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.RemediationSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The function's configuration, from the environment the Lambda (or a local invoke) gets. Every variable but
 * {@code FINDINGS_TOPIC_ARN} has a default; a bad value fails at start with the variable and the value.
 *
 * @param protectedTables  the tables the function may act on; empty means any table an alarm names
 * @param stateTableName   the state table for dedupe, locks, cooldowns and audit (unset: those are off)
 * @param cooldownMinutes  no further change to a setting this long after the remediator changed it
 * @param revertAfterCalmMinutes revert once the table's alarm has been OK this long
 * @param revertEnabled    whether the scheduled revert check restores anything
 * @param lockSeconds      how long a table's lock holds if its holder dies (at least the function's timeout)
 */
public record Settings(
        String findingsTopicArn,
        RemediationMode mode,
        Set<String> protectedTables,
        int windowMinutes,
        boolean redactKeys,
        DiagnosisSettings diagnosis,
        RemediationSettings remediation,
        java.util.Optional<String> stateTableName,
        int cooldownMinutes,
        int revertAfterCalmMinutes,
        boolean revertEnabled,
        int lockSeconds) {

    public static Settings fromEnvironment(Map<String, String> env) {
        String topic = env.getOrDefault("FINDINGS_TOPIC_ARN", "").trim();
        if (topic.isEmpty()) {
            throw new IllegalStateException("FINDINGS_TOPIC_ARN is not set: the function needs a topic for its findings");
        }
        if (!topic.startsWith("arn:")) {
            throw new IllegalStateException("FINDINGS_TOPIC_ARN is not an ARN: '" + topic + "'");
        }
        var reader = new Reader(env);
        RemediationMode mode = reader.read("REMEDIATION_MODE", "dry-run", RemediationMode::parse);
        if (mode == RemediationMode.OFF) {
            throw new IllegalStateException("REMEDIATION_MODE must be apply or dry-run, was 'off' (use the table tag)");
        }
        Set<String> tables = Arrays.stream(env.getOrDefault("PROTECTED_TABLES", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        var defaults = RemediationSettings.defaults();
        var diagnosisDefaults = DiagnosisSettings.defaults();
        try {
            return new Settings(topic, mode, tables,
                    reader.read("WINDOW_MINUTES", "60", Reader.positiveInt("WINDOW_MINUTES")),
                    reader.read("REDACT_KEYS", "false", Reader.bool("REDACT_KEYS")),
                    new DiagnosisSettings(
                            reader.read("THROTTLE_EVENTS_THRESHOLD", "50", Double::parseDouble),
                            reader.read("PEAK_CONSUMED_READ_THRESHOLD", "1000", Double::parseDouble),
                            reader.read("SELF_HEALED_QUIET_MINUTES", "5", Integer::parseInt),
                            diagnosisDefaults.nearCapacityRatio()),
                    new RemediationSettings(
                            reader.read("TARGET_UTILIZATION", "60", Double::parseDouble),
                            reader.read("TARGET_UTILIZATION_FLOOR", "40", Double::parseDouble),
                            reader.read("SCALE_OUT_COOLDOWN_SECONDS", "60", Integer::parseInt),
                            reader.read("SCALE_IN_COOLDOWN_SECONDS", "300", Integer::parseInt),
                            reader.read("MAX_CAPACITY_FACTOR", "2", Double::parseDouble),
                            reader.read("MAX_CAPACITY_CEILING", String.valueOf(defaults.maxCapacityCeiling()), Integer::parseInt),
                            reader.read("CONTRIBUTOR_INSIGHTS_MODE", defaults.contributorInsightsMode(),
                                    v -> v.trim().toUpperCase(Locale.ROOT))),
                    java.util.Optional.ofNullable(env.get("STATE_TABLE_NAME")).map(String::trim).filter(s -> !s.isEmpty()),
                    reader.read("COOLDOWN_MINUTES", "30", Reader.nonNegativeInt("COOLDOWN_MINUTES")),
                    reader.read("REVERT_AFTER_CALM_MINUTES", "60", Reader.positiveInt("REVERT_AFTER_CALM_MINUTES")),
                    reader.read("REVERT_ENABLED", "true", Reader.bool("REVERT_ENABLED")),
                    reader.read("LOCK_SECONDS", "180", Reader.positiveInt("LOCK_SECONDS")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid remediation settings: " + e.getMessage(), e);
        }
    }

    /** Whether the function may act on this table. */
    public boolean protects(String tableName) {
        return protectedTables.isEmpty() || protectedTables.contains(tableName);
    }

    private record Reader(Map<String, String> env) {
        <T> T read(String name, String fallback, Function<String, T> parse) {
            String raw = env.getOrDefault(name, "").trim();
            String value = raw.isEmpty() ? fallback : raw;
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalStateException(name + " has an invalid value '" + value + "': " + e.getMessage(), e);
            }
        }

        static Function<String, Integer> positiveInt(String name) {
            return v -> {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new IllegalArgumentException(name + " must be >= 1");
                }
                return n;
            };
        }

        static Function<String, Integer> nonNegativeInt(String name) {
            return v -> {
                int n = Integer.parseInt(v);
                if (n < 0) {
                    throw new IllegalArgumentException(name + " must be >= 0");
                }
                return n;
            };
        }

        static Function<String, Boolean> bool(String name) {
            return v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false");
            };
        }
    }
}
