package dev.hpr.remediator.config;

import java.util.function.Function;

/**
 * What is wrong with the value of a {@link Setting}, worded for whoever set it: the function names the environment
 * variable and the value it read ({@link #forVariable}), the construct names its prop and the prop's value
 * ({@link #forProp}).
 */
public sealed interface SettingProblem {

    Setting setting();

    /** {@code SELF_HEALED_QUIET_MINUTES has an invalid value '0': must be within 1-1440}. */
    String forVariable();

    /** {@code selfHealedQuietMinutes must be within 1-1440, got 0}, with {@code shown} giving each prop's value. */
    String forProp(Function<Setting, String> prop, Function<Setting, String> shown);

    /** A required setting has no value. */
    record Missing(Setting setting) implements SettingProblem {
        @Override
        public String forVariable() {
            return setting.variable() + " is not set: " + setting.meaning();
        }

        @Override
        public String forProp(Function<Setting, String> prop, Function<Setting, String> shown) {
            return prop.apply(setting) + " is required: " + setting.meaning();
        }
    }

    /** The value is outside the setting's bounds. */
    record OutOfBounds(Setting setting, String value, String reason) implements SettingProblem {
        @Override
        public String forVariable() {
            return setting.variable() + " has an invalid value '" + value + "': " + reason;
        }

        @Override
        public String forProp(Function<Setting, String> prop, Function<Setting, String> shown) {
            return prop.apply(setting) + " " + reason + ", got " + shown.apply(setting);
        }
    }

    /** One setting exceeds another it must not exceed. */
    record Exceeds(Setting setting, long value, Setting limit, long limitValue) implements SettingProblem {
        @Override
        public String forVariable() {
            return setting.variable() + " (" + value + ") must not exceed " + limit.variable() + " (" + limitValue + ")";
        }

        @Override
        public String forProp(Function<Setting, String> prop, Function<Setting, String> shown) {
            return prop.apply(setting) + " (" + shown.apply(setting) + ") must not exceed " + prop.apply(limit) + " ("
                    + shown.apply(limit) + ")";
        }
    }

    /** A setting left empty that another setting's value needs: {@code by} = {@code value} needs {@code setting}. */
    record NeededBy(Setting setting, Setting by, String value) implements SettingProblem {
        @Override
        public String forVariable() {
            return setting.variable() + " is not set, and " + by.variable() + "=" + value + " needs it: "
                    + setting.meaning();
        }

        @Override
        public String forProp(Function<Setting, String> prop, Function<Setting, String> shown) {
            return prop.apply(by) + " " + shown.apply(by) + " needs " + prop.apply(setting) + ": " + setting.meaning();
        }
    }
}
