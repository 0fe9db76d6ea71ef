package dev.hpr.remediator.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the function, in one place: its environment variable, what it means, its default and bounds, and
 * the name the CDK construct gives it. The function's environment reader ({@link Settings#fromEnvironment}), the
 * construct's props (generated from {@link #constructProps()}: setter, {@code @default}, accessor, environment variable,
 * context key), their validation and docs/configuration.md's table all come from this list, so a bound cannot say
 * one thing in the function and another at {@code cdk synth}.
 *
 * <p>No AWS SDK type here: the infra module reads it at synth time.
 */
public enum Setting {

    FINDINGS_TOPIC_ARN(SettingType.arn("sns"), null, "findingsTopic", null,
            "SNS topic the findings are published to (required; the construct sets it)"),
    REMEDIATION_MODE(SettingType.oneOf("apply", "approve", "dry-run"), "dry-run", "mode", "mode",
            "`apply` changes what the plan says; `approve` stores the plan and changes it only when a person approves"
                    + " it (needs `STATE_TABLE_NAME`); `dry-run` publishes the plan and changes nothing"),
    PROTECTED_TABLES(SettingType.tableNames(), "", "tables, tableNames", "tables",
            "comma-separated tables the function may act on; empty means any table an alarm names (the construct"
                    + " always sets it)"),
    STATE_TABLE_NAME(SettingType.text(), "", null, null,
            "state table for dedupe, locks, cooldowns, audit, approvals and revert; empty turns those off (the"
                    + " construct creates the table and sets it)"),
    WINDOW_MINUTES(SettingType.integer(1, 1440), "60", "windowMinutes", "windowMinutes",
            "diagnosis window: the metric history read, in 1-minute periods"),
    THROTTLE_EVENTS_THRESHOLD(SettingType.integer(0, Integer.MAX_VALUE), "50", "throttleEventsThreshold",
            "throttleEventsThreshold", "detection: more throttled events in the window than this"),
    PEAK_CONSUMED_READ_THRESHOLD(SettingType.decimalAbove(0), "1000", "peakConsumedReadThreshold",
            "peakConsumedReadThreshold", "detection: or a peak consumed read rate (units/s) above this"),
    SELF_HEALED_QUIET_MINUTES(SettingType.integer(1, 1440), "5", "selfHealedQuietMinutes", "selfHealedQuietMinutes",
            "throttling that stopped this long before the window's end is self-healed: no capacity change"),
    TARGET_UTILIZATION(SettingType.integer(20, 90), "60", "targetUtilizationPercent", "targetUtilization",
            "a target-tracking TargetValue above this is lowered to it (percent); never raised"),
    TARGET_UTILIZATION_FLOOR(SettingType.integer(20, 90), "40", "targetUtilizationFloorPercent",
            "targetUtilizationFloor", "and never below this (percent, at most `TARGET_UTILIZATION`)"),
    SCALE_OUT_COOLDOWN_SECONDS(SettingType.integer(0, 3600), "60", "scaleOutCooldownSeconds",
            "scaleOutCooldownSeconds", "a longer ScaleOutCooldown is shortened to this (seconds)"),
    SCALE_IN_COOLDOWN_SECONDS(SettingType.integer(0, 3600), "300", "scaleInCooldownSeconds",
            "scaleInCooldownSeconds", "a shorter ScaleInCooldown is lengthened to this (seconds)"),
    MAX_CAPACITY_FACTOR(SettingType.decimalAbove(1), "2", "maxCapacityFactor", "maxCapacityFactor",
            "at MaxCapacity, MaxCapacity is multiplied by this ..."),
    MAX_CAPACITY_CEILING(SettingType.integer(1, Integer.MAX_VALUE), "40000", "maxCapacityCeiling",
            "maxCapacityCeiling", "... up to this (capacity units)"),
    MAX_CAPACITY_APPROVAL_CEILING(SettingType.integer(1, Integer.MAX_VALUE), "80000", "maxCapacityApprovalCeiling",
            "maxCapacityApprovalCeiling", "at the ceiling above, a raise by the same factor up to this is offered for"
                    + " approval (capacity units, at least `MAX_CAPACITY_CEILING`)"),
    ON_DEMAND_MAXIMUM_FACTOR(SettingType.decimalAbove(1), "2", "onDemandMaximumFactor", "onDemandMaximumFactor",
            "an on-demand table or GSI throttled at its `OnDemandThroughput` maximum: a raise by this factor is"
                    + " offered for approval (never applied without one) ..."),
    ON_DEMAND_MAXIMUM_CEILING(SettingType.integer(1, Integer.MAX_VALUE), "40000", "onDemandMaximumCeiling",
            "onDemandMaximumCeiling", "... up to this (request units per second)"),
    APPROVAL_TTL_MINUTES(SettingType.integer(5, 10080), "60", "approvalTtlMinutes", "approvalTtlMinutes",
            "a plan awaiting approval expires this long after it was published"),
    CONTRIBUTOR_INSIGHTS_MODE(SettingType.oneOf("THROTTLED_KEYS", "ACCESSED_AND_THROTTLED_KEYS"), "THROTTLED_KEYS",
            "contributorInsightsMode", "contributorInsightsMode",
            "the mode Contributor Insights is enabled in; THROTTLED_KEYS costs only while throttling happens"),
    REDACT_KEYS(SettingType.flag(), "false", "redactKeys", "redactKeys",
            "show hot keys as `sha256:` and 12 hex characters"),
    COOLDOWN_MINUTES(SettingType.integer(0, 10080), "30", "cooldownMinutes", "cooldownMinutes",
            "no further change to a setting this long after the remediator changed it"),
    REVERT_AFTER_CALM_MINUTES(SettingType.integer(1, 10080), "60", "revertAfterCalmMinutes", "revertAfterCalmMinutes",
            "the revert check restores a table's changes once its alarm has been OK this long"),
    REVERT_ENABLED(SettingType.flag(), "true", "revert", "revert", "`false` turns the revert off"),
    LOCK_SECONDS(SettingType.integer(1, 3600), "180", "timeout", "timeoutSeconds",
            "how long a table's lock holds if its holder dies (the construct sets the function's timeout + 60 s)"),
    PROTECTION(SettingType.oneOf("listed", "tagged"), "listed", "protection", "protection",
            "`listed`: the tables in `PROTECTED_TABLES`; `tagged`: every table tagged `hot-partition-remediator` ="
                    + " `apply`, `approve` or `dry-run` (that value is its mode, capped by `REMEDIATION_MODE`)"),
    CONTRIBUTOR_INSIGHTS_RULE_QUOTA(SettingType.integer(1, 10000), "100", "contributorInsightsRuleQuota",
            "contributorInsightsRuleQuota", "the region's Contributor Insights rule quota (CloudWatch's default: 100);"
                    + " the remediator enables no rule past it"),
    PRICE_WCU_HOUR_USD(SettingType.decimalAbove(0), "0.00065", "priceWcuHourUsd", "priceWcuHourUsd",
            "the price of a provisioned WCU-hour in the deployment's region (USD), for the forecast's monthly cost;"
                    + " the default is us-east-1's (Amazon DynamoDB pricing, provisioned capacity)"),
    PRICE_RCU_HOUR_USD(SettingType.decimalAbove(0), "0.00013", "priceRcuHourUsd", "priceRcuHourUsd",
            "the price of a provisioned RCU-hour in the deployment's region (USD), as `PRICE_WCU_HOUR_USD`"),
    FORECAST(SettingType.oneOf("off", "forecast-only", "on"), "forecast-only", "forecast", "forecast",
            "the forecast task: `off`; `forecast-only` names each table's recurring peaks and changes nothing; `on`"
                    + " schedules MinCapacity ahead of them (capped by `REMEDIATION_MODE` and the table's tag: a dry"
                    + " run schedules nothing, approve offers the schedule as a plan)");

    private final SettingType type;
    private final String defaultValue;
    private final String prop;
    private final String contextKey;
    private final String meaning;

    Setting(SettingType type, String defaultValue, String prop, String contextKey, String meaning) {
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.prop = prop;
        this.contextKey = contextKey;
        this.meaning = Objects.requireNonNull(meaning);
    }

    /** The environment variable's name. */
    public String variable() {
        return name();
    }

    public SettingType type() {
        return type;
    }

    /** The value used when the variable is unset or blank; empty for a required setting. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The construct's prop (or props) that sets it, if any. */
    public Optional<String> prop() {
        return Optional.ofNullable(prop);
    }

    /** The CDK app's context key that sets it, if any. */
    public Optional<String> contextKey() {
        return Optional.ofNullable(contextKey);
    }

    public String meaning() {
        return meaning;
    }

    /** What is wrong with a raw value, if anything: "must be within 20-90". Blank means the default. */
    public Optional<String> problem(String raw) {
        return type.problem(raw);
    }

    /** The default as an int; for integer settings. */
    public int defaultInt() {
        return Integer.parseInt(requireDefault());
    }

    public double defaultDecimal() {
        return Double.parseDouble(requireDefault());
    }

    public boolean defaultFlag() {
        return Boolean.parseBoolean(requireDefault());
    }

    private String requireDefault() {
        if (defaultValue == null || defaultValue.isEmpty()) {
            throw new IllegalStateException(name() + " has no default");
        }
        return defaultValue;
    }

    /** Settings whose value must not exceed another's, and other rules across settings. */
    public static List<CrossRule> crossRules() {
        return List.of(new CrossRule(TARGET_UTILIZATION_FLOOR, TARGET_UTILIZATION),
                new CrossRule(MAX_CAPACITY_CEILING, MAX_CAPACITY_APPROVAL_CEILING));
    }

    /** Values of one setting that need another to be set: approve mode keeps its plans in the state table. */
    public static List<Requirement> requirements() {
        return List.of(new Requirement(REMEDIATION_MODE, "approve", STATE_TABLE_NAME));
    }

    /** {@code setting} = {@code value} needs {@code needed} to be non-empty. */
    public record Requirement(Setting setting, String value, Setting needed) {
    }

    /** {@code lower} must not exceed {@code upper} (both integer settings). */
    public record CrossRule(Setting lower, Setting upper) {
    }

    /** The settings the construct sets from a prop, in declaration order. */
    public static List<Setting> fromProps() {
        return Arrays.stream(values()).filter(s -> s.prop != null).toList();
    }

    /**
     * Whether the construct derives the value from its own resources or other props (the topic, the tables, the state
     * table, the lock from the function's timeout) rather than taking it as a prop of its own.
     */
    public boolean derivedByConstruct() {
        return DERIVED_BY_CONSTRUCT.contains(this);
    }

    /**
     * The settings that are a construct prop of their own, named {@link #prop()}, in declaration order: the construct
     * generates its builder's setter, the accessor, the environment variable and the context key from this list.
     */
    public static List<Setting> constructProps() {
        return Arrays.stream(values()).filter(s -> s.prop != null && !s.derivedByConstruct()).toList();
    }

    private static final Set<Setting> DERIVED_BY_CONSTRUCT =
            EnumSet.of(FINDINGS_TOPIC_ARN, PROTECTED_TABLES, STATE_TABLE_NAME, LOCK_SECONDS);
}
