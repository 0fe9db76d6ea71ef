package dev.hpr.infra;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.SettingType;

/**
 * The function settings' props, whatever the setting: their defaults, their values as the function reads them, and
 * a context key's text as a prop's value. Driven by the catalog ({@link Setting#constructProps()}) and the generated
 * {@link FunctionSettingProps#javaType}: a new setting needs no edit here.
 *
 * <p>A one-of setting's enum constant is the catalog's word upper-cased with {@code -} as {@code _}
 * ({@code dry-run} ↔ {@code DRY_RUN}).
 */
final class FunctionSettings {

    private FunctionSettings() {
    }

    /** Every construct prop's default, from the catalog. */
    static EnumMap<Setting, Object> defaults() {
        var defaults = new EnumMap<Setting, Object>(Setting.class);
        for (Setting setting : Setting.constructProps()) {
            defaults.put(setting, parse(setting, setting.defaultValue().orElseThrow(), setting.prop().orElseThrow()));
        }
        return defaults;
    }

    /** The builder's values, each set (a setter given {@code null} fails here, naming the prop). */
    static Map<Setting, Object> copyOf(Map<Setting, Object> values) {
        values.forEach((setting, value) -> {
            if (value == null) {
                throw new NullPointerException(setting.prop().orElseThrow());
            }
        });
        return Map.copyOf(values);
    }

    /**
     * A text (a context key's, a default) as the value of the setting's prop: a whole number, a decimal, {@code true}
     * or {@code false}, or one of the catalog's words. Bounds are the props' to check.
     *
     * @param name what the value is given as, for the message (a context key, a prop)
     */
    static Object parse(Setting setting, String text, String name) {
        Class<?> type = FunctionSettingProps.javaType(setting);
        if (type == int.class) {
            return Integer.parseInt(text);
        }
        if (type == double.class) {
            return Double.parseDouble(text);
        }
        if (type == boolean.class) {
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        }
        if (setting.type() instanceof SettingType.OneOf oneOf && !oneOf.values().contains(text)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(" | ", oneOf.values())
                    + ", got '" + text + "'");
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).filter(c -> ((Enum<?>) c).name().equals(constant(text)))
                    .findFirst().orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " has no constant "
                            + constant(text) + " for " + setting + "'s word '" + text + "'"));
        }
        return text;
    }

    /**
     * A prop's value as the function reads it: an enum constant as the catalog's word (a constant outside the catalog
     * as its own word, which the catalog then refuses), a decimal without a trailing {@code .0}.
     */
    static Object environmentValue(Setting setting, Object value) {
        if (value instanceof Enum<?> constant) {
            Optional<String> word = setting.type() instanceof SettingType.OneOf oneOf
                    ? oneOf.values().stream().filter(w -> constant(w).equals(constant.name())).findFirst()
                    : Optional.empty();
            return word.orElse(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return value;
    }

    static Class<?> boxed(Class<?> type) {
        if (type == int.class) {
            return Integer.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        return type == boolean.class ? Boolean.class : type;
    }

    private static String constant(String word) {
        return word.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
