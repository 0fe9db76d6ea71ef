package dev.hpr.infra;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hpr.remediator.config.Setting;

/**
 * The function's environment: every setting is written out, so the deployed configuration reads the same in the
 * Lambda console as in the props. {@link #settings} is the one mapping from props to the function's
 * {@link Setting}s: the props' validation checks exactly what this writes.
 */
final class FunctionEnvironment {

    /** A table's lock outlives an invocation that hangs until its timeout by this much. */
    static final int LOCK_MARGIN_SECONDS = 60;

    private FunctionEnvironment() {
    }

    /**
     * @param tableNames     every protected table's name (tokens for tables defined in the same app)
     * @param stateTableName the state table's name
     */
    static Map<String, String> of(HotPartitionRemediatorProps props, String topicArn, List<String> tableNames,
                                  String stateTableName) {
        var env = new LinkedHashMap<String, String>();
        env.put(Setting.FINDINGS_TOPIC_ARN.variable(), topicArn);
        env.put(Setting.PROTECTED_TABLES.variable(), String.join(",", tableNames));
        env.put(Setting.STATE_TABLE_NAME.variable(), stateTableName);
        settings(props).forEach((setting, value) -> env.put(setting.variable(), value(value)));
        env.put("JAVA_TOOL_OPTIONS", props.javaToolOptions());
        return env;
    }

    /** The function settings the props decide, as the props hold them (the value's Java type). */
    static Map<Setting, Object> settings(HotPartitionRemediatorProps props) {
        var settings = new EnumMap<Setting, Object>(Setting.class);
        settings.put(Setting.REMEDIATION_MODE, props.mode().value());
        settings.put(Setting.COOLDOWN_MINUTES, props.cooldownMinutes());
        settings.put(Setting.REVERT_AFTER_CALM_MINUTES, props.revertAfterCalmMinutes());
        settings.put(Setting.REVERT_ENABLED, props.revert());
        settings.put(Setting.LOCK_SECONDS, lockSeconds(props));
        settings.put(Setting.WINDOW_MINUTES, props.windowMinutes());
        settings.put(Setting.THROTTLE_EVENTS_THRESHOLD, props.throttleEventsThreshold());
        settings.put(Setting.PEAK_CONSUMED_READ_THRESHOLD, props.peakConsumedReadThreshold());
        settings.put(Setting.TARGET_UTILIZATION, props.targetUtilizationPercent());
        settings.put(Setting.TARGET_UTILIZATION_FLOOR, props.targetUtilizationFloorPercent());
        settings.put(Setting.SCALE_OUT_COOLDOWN_SECONDS, props.scaleOutCooldownSeconds());
        settings.put(Setting.SCALE_IN_COOLDOWN_SECONDS, props.scaleInCooldownSeconds());
        settings.put(Setting.MAX_CAPACITY_FACTOR, props.maxCapacityFactor());
        settings.put(Setting.MAX_CAPACITY_CEILING, props.maxCapacityCeiling());
        settings.put(Setting.MAX_CAPACITY_APPROVAL_CEILING, props.maxCapacityApprovalCeiling());
        settings.put(Setting.ON_DEMAND_MAXIMUM_FACTOR, props.onDemandMaximumFactor());
        settings.put(Setting.ON_DEMAND_MAXIMUM_CEILING, props.onDemandMaximumCeiling());
        settings.put(Setting.APPROVAL_TTL_MINUTES, props.approvalTtlMinutes());
        settings.put(Setting.CONTRIBUTOR_INSIGHTS_MODE, props.contributorInsightsMode().name());
        settings.put(Setting.REDACT_KEYS, props.redactKeys());
        settings.put(Setting.SELF_HEALED_QUIET_MINUTES, props.selfHealedQuietMinutes());
        settings.put(Setting.PROTECTION, props.protection().value());
        settings.put(Setting.CONTRIBUTOR_INSIGHTS_RULE_QUOTA, props.contributorInsightsRuleQuota());
        return settings;
    }

    /** A prop's value as the function reads it: {@code 2} rather than {@code 2.0}. */
    static String value(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }

    /**
     * How long a table's lock holds when its holder never releases it (it died, or hung until its timeout): the
     * function's timeout plus {@value #LOCK_MARGIN_SECONDS} seconds. The lock is taken after the invocation starts, so
     * it outlives any invocation of this function that holds it; the margin covers clock skew between the invocations
     * that compare {@code lockedUntil} with their own clock, and requests a timed-out invocation had already sent.
     */
    static int lockSeconds(HotPartitionRemediatorProps props) {
        return props.timeout().toSeconds().intValue() + LOCK_MARGIN_SECONDS;
    }
}
