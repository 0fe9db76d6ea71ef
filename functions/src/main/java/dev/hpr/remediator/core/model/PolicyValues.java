package dev.hpr.remediator.core.model;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The fields of a target-tracking policy the remediator changes; an empty cooldown is unset (0 s for DynamoDB).
 */
public record PolicyValues(double targetValue, OptionalInt scaleOutCooldown, OptionalInt scaleInCooldown) {

    /** {@code TargetValue 70, ScaleOutCooldown 300s, ScaleInCooldown unset (0s)}. */
    public String text() {
        return String.format(Locale.ROOT, "TargetValue %s, ScaleOutCooldown %s, ScaleInCooldown %s",
                number(targetValue), seconds(scaleOutCooldown), seconds(scaleInCooldown));
    }

    private static String seconds(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() + "s" : "unset (0s)";
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
