package dev.hpr.remediator.config;

import dev.hpr.remediator.core.diagnosis.DiagnosisSettings;
import dev.hpr.remediator.core.model.Protection;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.planning.RemediationSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The function's configuration, read from the environment the Lambda (or a local invoke) gets, every variable as
 * {@link Setting} defines it. A bad value fails at start with the variable, the value and what is wrong with it.
 *
 * @param protectedTables  the tables the function may act on; empty means any table an alarm names
 * @param stateTableName   the state table for dedupe, locks, cooldowns and audit (unset: those are off)
 * @param protection       listed ({@code protectedTables}) or tagged (the {@code hot-partition-remediator} tag)
 */
public record Settings(
        String findingsTopicArn,
        RemediationMode mode,
        Set<String> protectedTables,
        int windowMinutes,
        boolean redactKeys,
        DiagnosisSettings diagnosis,
        RemediationSettings remediation,
        Optional<String> stateTableName,
        int cooldownMinutes,
        int revertAfterCalmMinutes,
        boolean revertEnabled,
        int lockSeconds,
        int approvalTtlMinutes,
        Protection protection,
        int contributorInsightsRuleQuota,
        Values values) {

    /** Fallback: consumed at or above this share of provisioned capacity is under-provisioning. Not configurable. */
    public static final double NEAR_CAPACITY_RATIO = 0.8;

    /** @throws InvalidSettingException naming the variable and the value */
    public static Settings fromEnvironment(Map<String, String> env) {
        var v = Values.read(env);
        return new Settings(
                v.text(Setting.FINDINGS_TOPIC_ARN),
                RemediationMode.parse(v.text(Setting.REMEDIATION_MODE)),
                Arrays.stream(v.text(Setting.PROTECTED_TABLES).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()),
                v.integer(Setting.WINDOW_MINUTES),
                v.flag(Setting.REDACT_KEYS),
                new DiagnosisSettings(v.integer(Setting.THROTTLE_EVENTS_THRESHOLD),
                        v.decimal(Setting.PEAK_CONSUMED_READ_THRESHOLD), v.integer(Setting.SELF_HEALED_QUIET_MINUTES),
                        NEAR_CAPACITY_RATIO),
                new RemediationSettings(v.integer(Setting.TARGET_UTILIZATION),
                        v.integer(Setting.TARGET_UTILIZATION_FLOOR), v.integer(Setting.SCALE_OUT_COOLDOWN_SECONDS),
                        v.integer(Setting.SCALE_IN_COOLDOWN_SECONDS), v.decimal(Setting.MAX_CAPACITY_FACTOR),
                        v.integer(Setting.MAX_CAPACITY_CEILING), v.text(Setting.CONTRIBUTOR_INSIGHTS_MODE),
                        v.integer(Setting.MAX_CAPACITY_APPROVAL_CEILING), v.decimal(Setting.ON_DEMAND_MAXIMUM_FACTOR),
                        v.integer(Setting.ON_DEMAND_MAXIMUM_CEILING)),
                Optional.of(v.text(Setting.STATE_TABLE_NAME)).filter(s -> !s.isEmpty()),
                v.integer(Setting.COOLDOWN_MINUTES),
                v.integer(Setting.REVERT_AFTER_CALM_MINUTES),
                v.flag(Setting.REVERT_ENABLED),
                v.integer(Setting.LOCK_SECONDS),
                v.integer(Setting.APPROVAL_TTL_MINUTES),
                Protection.parse(v.text(Setting.PROTECTION)),
                v.integer(Setting.CONTRIBUTOR_INSIGHTS_RULE_QUOTA),
                v);
    }

    /**
     * A whole-number setting, as the catalog read and checked it: what code reads a new setting by, with no field to
     * add here.
     */
    public int integer(Setting setting) {
        return values.integer(setting);
    }

    /** A decimal setting, as the catalog read and checked it. */
    public double decimal(Setting setting) {
        return values.decimal(setting);
    }

    /** A flag setting, as the catalog read and checked it. */
    public boolean flag(Setting setting) {
        return values.flag(setting);
    }

    /** A text or one-of setting, as the catalog read and checked it (its default when unset). */
    public String text(Setting setting) {
        return values.text(setting);
    }

    /** Every default, with this topic: for tests, priming and the pure core's callers. */
    public static Settings withDefaults(String findingsTopicArn) {
        return fromEnvironment(Map.of(Setting.FINDINGS_TOPIC_ARN.variable(), findingsTopicArn));
    }

    /** Whether the function may act on this table, as far as its name tells (tagged mode: see {@link #tableProtection}). */
    public boolean protects(String tableName) {
        return tableProtection().refusalByName(tableName).isEmpty();
    }

    public TableProtection tableProtection() {
        return new TableProtection(protection, protectedTables);
    }

    public boolean tagged() {
        return protection == Protection.TAGGED;
    }

    /**
     * The problems of a set of raw values (absent or blank: the default): each setting's own bounds, then the rules
     * across settings. Empty when the function would start with them.
     */
    public static List<SettingProblem> problems(Map<Setting, String> raw) {
        var problems = new ArrayList<SettingProblem>();
        var values = new EnumMap<Setting, String>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = Optional.ofNullable(raw.get(setting)).map(String::trim).orElse("");
            if (value.isEmpty() && setting.required()) {
                problems.add(new SettingProblem.Missing(setting));
                continue;
            }
            String effective = value.isEmpty() ? setting.defaultValue().orElseThrow() : value;
            setting.problem(effective).ifPresentOrElse(
                    reason -> problems.add(new SettingProblem.OutOfBounds(setting, effective, reason)),
                    () -> values.put(setting, effective));
        }
        for (Setting.CrossRule rule : Setting.crossRules()) {
            if (values.containsKey(rule.lower()) && values.containsKey(rule.upper())) {
                long lower = Long.parseLong(values.get(rule.lower()));
                long upper = Long.parseLong(values.get(rule.upper()));
                if (lower > upper) {
                    problems.add(new SettingProblem.Exceeds(rule.lower(), lower, rule.upper(), upper));
                }
            }
        }
        for (Setting.Requirement requirement : Setting.requirements()) {
            String value = values.get(requirement.setting());
            boolean neededIsEmpty = Optional.ofNullable(raw.get(requirement.needed())).map(String::trim)
                    .orElse("").isEmpty();
            if (requirement.value().equalsIgnoreCase(value == null ? "" : value) && neededIsEmpty) {
                problems.add(new SettingProblem.NeededBy(requirement.needed(), requirement.setting(), value));
            }
        }
        return problems;
    }

    /** The environment's values, each checked; the first problem is thrown. */
    /** The raw values, read and checked against the catalog. */
    record Values(Map<Setting, String> values) {
        static Values read(Map<String, String> env) {
            var raw = new HashMap<Setting, String>();
            for (Setting setting : Setting.values()) {
                String value = env.get(setting.variable());
                if (value != null) {
                    raw.put(setting, value);
                }
            }
            List<SettingProblem> problems = problems(raw);
            if (!problems.isEmpty()) {
                throw new InvalidSettingException(problems.get(0).forVariable());
            }
            var values = new EnumMap<Setting, String>(Setting.class);
            for (Setting setting : Setting.values()) {
                String value = Optional.ofNullable(raw.get(setting)).map(String::trim).orElse("");
                values.put(setting, value.isEmpty() ? setting.defaultValue().orElse("") : value);
            }
            return new Values(values);
        }

        String text(Setting setting) {
            return values.get(setting);
        }

        int integer(Setting setting) {
            return Integer.parseInt(values.get(setting));
        }

        double decimal(Setting setting) {
            return Double.parseDouble(values.get(setting));
        }

        boolean flag(Setting setting) {
            return Boolean.parseBoolean(values.get(setting));
        }
    }
}
