package dev.hpr.infra;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.SettingType;
import dev.hpr.remediator.config.Settings;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;

/**
 * The construct and the function agree on every setting, value by value: a value the construct accepts is one the
 * function starts with, and a value the function refuses is refused when the props are built (so at {@code cdk
 * synth}) with a message naming the prop. Candidate values are each bound, one step inside and one step outside it.
 */
class SettingsAgreementTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:findings";

    /**
     * How a test sets each setting's prop from the function's text value: through the builder's setter named in the
     * catalog, with the text as that setter's type, so that a new setting is checked here with no edit.
     */
    private static final Map<Setting, BiConsumer<HotPartitionRemediatorProps.Builder, String>> SETTERS = setters();

    private static Map<Setting, BiConsumer<HotPartitionRemediatorProps.Builder, String>> setters() {
        var s = new EnumMap<Setting, BiConsumer<HotPartitionRemediatorProps.Builder, String>>(Setting.class);
        for (Setting setting : Setting.constructProps()) {
            s.put(setting, (b, v) -> setter(setting, b, v));
        }
        // LOCK_SECONDS follows the timeout: the timeout's own bounds are Lambda's (1-900 s).
        s.put(Setting.LOCK_SECONDS, (b, v) -> b.timeout(Duration.seconds(
                Integer.parseInt(v) - FunctionEnvironment.LOCK_MARGIN_SECONDS)));
        return s;
    }

    /** Calls the builder's public setter named {@code setting.prop()} with {@code text} as its parameter's type. */
    private static void setter(Setting setting, HotPartitionRemediatorProps.Builder builder, String text) {
        String prop = setting.prop().orElseThrow();
        Method method = Arrays.stream(HotPartitionRemediatorProps.Builder.class.getMethods())
                .filter(m -> m.getName().equals(prop) && m.getParameterCount() == 1).findFirst()
                .orElseThrow(() -> new AssertionError(setting + ": the builder has no setter " + prop));
        Class<?> type = method.getParameterTypes()[0];
        Object value;
        if (type == int.class) {
            value = Integer.parseInt(text);
        } else if (type == double.class) {
            value = Double.parseDouble(text);
        } else if (type == boolean.class) {
            value = Boolean.parseBoolean(text);
        } else if (type.isEnum()) {
            // dry-run → DRY_RUN, the mapping the construct documents
            value = Arrays.stream(type.getEnumConstants())
                    .filter(c -> ((Enum<?>) c).name().equals(text.toUpperCase(Locale.ROOT).replace('-', '_')))
                    .findFirst().orElseThrow(() -> new AssertionError(type + " has no constant for " + text));
        } else {
            value = text;
        }
        try {
            method.invoke(builder, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static HotPartitionRemediatorProps.Builder valid() {
        return HotPartitionRemediatorProps.builder().tableNames(List.of("orders"));
    }

    /** The settings the props decide: each must have a setter here, so a new one cannot go unchecked. */
    @Test
    void everySettingTheConstructSets_isCheckedHere() {
        Set<Setting> decided = FunctionEnvironment.settings(valid().build()).keySet();
        assertEquals(decided, SETTERS.keySet());
        for (Setting setting : Setting.values()) {
            assertTrue(setting.prop().isPresent() == (decided.contains(setting)
                            || Set.of(Setting.FINDINGS_TOPIC_ARN, Setting.PROTECTED_TABLES).contains(setting)),
                    setting + ": a catalog prop name, and only for the settings the construct sets");
        }
    }

    @Test
    void everyValue_theConstructAccepts_theFunctionStartsWith_andViceVersa() {
        var disagreements = new ArrayList<String>();
        for (var entry : SETTERS.entrySet()) {
            Setting setting = entry.getKey();
            for (String value : candidates(setting)) {
                // The construct always sets the topic and its state table.
                boolean functionAccepts = Settings.problems(Map.of(Setting.FINDINGS_TOPIC_ARN, TOPIC,
                        Setting.STATE_TABLE_NAME, "state-table", setting, value)).isEmpty();
                HotPartitionRemediatorProps props;
                try {
                    // tagged mode takes no tables
                    var builder = tagged(setting, value) ? HotPartitionRemediatorProps.builder() : valid();
                    entry.getValue().accept(builder, value);
                    props = builder.build();
                } catch (IllegalArgumentException e) {
                    if (functionAccepts) {
                        disagreements.add(setting + "=" + value + ": the function starts with it, the construct refuses it ("
                                + e.getMessage() + ")");
                    } else if (!e.getMessage().contains(setting.prop().orElseThrow())) {
                        disagreements.add(setting + "=" + value + ": refused without naming the prop: " + e.getMessage());
                    }
                    continue;
                }
                if (!functionAccepts) {
                    disagreements.add(setting + "=" + value + ": the construct accepts it, the function refuses it");
                    continue;
                }
                try {
                    List<String> tables = tagged(setting, value) ? List.of() : List.of("orders");
                    Settings started = Settings.fromEnvironment(
                            FunctionEnvironment.of(props, TOPIC, tables, "state-table"));
                    assertEquals(Set.copyOf(tables), started.protectedTables());
                    assertEquals(props.protection().word(), started.protection().word());
                } catch (IllegalStateException e) {
                    disagreements.add(setting + "=" + value + ": accepted by the construct, the function does not start: "
                            + e.getMessage());
                }
            }
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " disagreement(s):\n" + String.join("\n", disagreements));
        }
    }

    @Test
    void floorAboveTarget_isRefusedByBoth_namingEach() {
        var builder = valid().targetUtilizationPercent(50).targetUtilizationFloorPercent(51);
        var error = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("targetUtilizationFloorPercent (51) must not exceed targetUtilizationPercent (50)", error.getMessage());
        var problems = Settings.problems(Map.of(Setting.FINDINGS_TOPIC_ARN, TOPIC, Setting.TARGET_UTILIZATION, "50",
                Setting.TARGET_UTILIZATION_FLOOR, "51"));
        assertEquals(List.of("TARGET_UTILIZATION_FLOOR (51) must not exceed TARGET_UTILIZATION (50)"),
                problems.stream().map(p -> p.forVariable()).toList());
        var equal = valid().targetUtilizationPercent(50).targetUtilizationFloorPercent(50).build();
        Settings.fromEnvironment(FunctionEnvironment.of(equal, TOPIC, List.of("orders"), "state-table"));
    }

    private static boolean tagged(Setting setting, String value) {
        return setting == Setting.PROTECTION && "tagged".equals(value);
    }

    /** Each bound, one step inside and one step outside, and the default; what the prop's type can hold. */
    private static List<String> candidates(Setting setting) {
        var values = new LinkedHashSet<String>();
        setting.defaultValue().ifPresent(values::add);
        SettingType type = setting.type();
        if (type instanceof SettingType.IntegerRange r) {
            for (long v : new long[] {r.min() - 1, r.min(), r.min() + 1, r.max() - 1, r.max(), r.max() + 1}) {
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    values.add(Long.toString(v));
                }
            }
        } else if (type instanceof SettingType.DecimalAbove d) {
            for (double v : new double[] {d.exclusiveMin() - 1, d.exclusiveMin(), d.exclusiveMin() + 0.001,
                    d.exclusiveMin() + 1, 1e9}) {
                values.add(FunctionEnvironment.value(v));
            }
        } else if (type instanceof SettingType.OneOf o) {
            values.addAll(o.values());
        } else if (type instanceof SettingType.Flag) {
            values.addAll(Arrays.asList("true", "false"));
        } else if (type instanceof SettingType.Text) {
            values.add("any text");
        } else {
            throw new IllegalStateException(setting + ": no candidates for " + type);
        }
        if (setting == Setting.LOCK_SECONDS) {
            // Through the timeout, which Lambda bounds to 1-900 s: the lock's bounds must hold all of them.
            values.removeIf(v -> Integer.parseInt(v) - FunctionEnvironment.LOCK_MARGIN_SECONDS < 1
                    || Integer.parseInt(v) - FunctionEnvironment.LOCK_MARGIN_SECONDS > 900);
            values.add(Integer.toString(1 + FunctionEnvironment.LOCK_MARGIN_SECONDS));
            values.add(Integer.toString(900 + FunctionEnvironment.LOCK_MARGIN_SECONDS));
        }
        return List.copyOf(values);
    }

    /**
     * A one-of setting's enum holds a constant for every word of the catalog (the construct writes the word, not the
     * constant); a constant beyond the catalog's words ({@code RemediationMode.OFF}, which only a table's tag may say)
     * is refused at synth, naming the prop.
     */
    @Test
    void constructEnums_coverTheFunctionsWords_andRefuseTheRest() {
        for (Setting setting : Setting.constructProps()) {
            if (setting.type() instanceof SettingType.OneOf oneOf) {
                for (String word : oneOf.values()) {
                    var builder = "tagged".equals(word) ? HotPartitionRemediatorProps.builder() : valid();
                    SETTERS.get(setting).accept(builder, word);
                    assertEquals(word, FunctionEnvironment.of(builder.build(), TOPIC, List.of(), "state-table")
                            .get(setting.variable()));
                }
            }
        }
        var off = assertThrows(IllegalArgumentException.class, () -> valid().mode(RemediationMode.OFF).build());
        assertEquals("mode must be one of apply, approve, dry-run, got off", off.getMessage());
    }
}
