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

    /**
     * The function settings the props decide, as the props hold them (an enum constant as the catalog's word): every
     * {@link Setting#constructProps() construct prop}, and {@code LOCK_SECONDS} from the timeout.
     */
    static Map<Setting, Object> settings(HotPartitionRemediatorProps props) {
        var settings = new EnumMap<Setting, Object>(Setting.class);
        props.functionSettings().forEach((setting, value) ->
                settings.put(setting, FunctionSettings.environmentValue(setting, value)));
        settings.put(Setting.LOCK_SECONDS, lockSeconds(props));
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
