package dev.hpr.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function's environment: every setting is written out, so the deployed configuration reads the same in the
 * Lambda console as in the props (the defaults mirror the function's own).
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
        env.put("FINDINGS_TOPIC_ARN", topicArn);
        env.put("REMEDIATION_MODE", props.mode().value());
        env.put("PROTECTED_TABLES", String.join(",", tableNames));
        env.put("STATE_TABLE_NAME", stateTableName);
        env.put("COOLDOWN_MINUTES", Integer.toString(props.cooldownMinutes()));
        env.put("REVERT_AFTER_CALM_MINUTES", Integer.toString(props.revertAfterCalmMinutes()));
        env.put("REVERT_ENABLED", Boolean.toString(props.revert()));
        env.put("LOCK_SECONDS", Long.toString(lockSeconds(props)));
        env.put("WINDOW_MINUTES", Integer.toString(props.windowMinutes()));
        env.put("THROTTLE_EVENTS_THRESHOLD", Long.toString(props.throttleEventsThreshold()));
        env.put("PEAK_CONSUMED_READ_THRESHOLD", HotPartitionRemediatorProps.plain(props.peakConsumedReadThreshold()));
        env.put("TARGET_UTILIZATION", Integer.toString(props.targetUtilizationPercent()));
        env.put("TARGET_UTILIZATION_FLOOR", Integer.toString(props.targetUtilizationFloorPercent()));
        env.put("SCALE_OUT_COOLDOWN_SECONDS", Integer.toString(props.scaleOutCooldownSeconds()));
        env.put("SCALE_IN_COOLDOWN_SECONDS", Integer.toString(props.scaleInCooldownSeconds()));
        env.put("MAX_CAPACITY_FACTOR", HotPartitionRemediatorProps.plain(props.maxCapacityFactor()));
        env.put("MAX_CAPACITY_CEILING", Long.toString(props.maxCapacityCeiling()));
        env.put("CONTRIBUTOR_INSIGHTS_MODE", props.contributorInsightsMode().name());
        env.put("REDACT_KEYS", Boolean.toString(props.redactKeys()));
        env.put("SELF_HEALED_QUIET_MINUTES", Integer.toString(props.selfHealedQuietMinutes()));
        env.put("JAVA_TOOL_OPTIONS", props.javaToolOptions());
        return env;
    }

    /**
     * How long a table's lock holds when its holder never releases it (it died, or hung until its timeout): the
     * function's timeout plus {@value #LOCK_MARGIN_SECONDS} seconds. The lock is taken after the invocation starts, so
     * it outlives any invocation of this function that holds it; the margin covers clock skew between the invocations
     * that compare {@code lockedUntil} with their own clock, and requests a timed-out invocation had already sent.
     */
    static long lockSeconds(HotPartitionRemediatorProps props) {
        return props.timeout().toSeconds().longValue() + LOCK_MARGIN_SECONDS;
    }
}
