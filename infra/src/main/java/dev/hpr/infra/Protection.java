package dev.hpr.infra;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which tables the remediator protects ({@code PROTECTION}). */
public enum Protection {
    /** The tables given in {@code tables}/{@code tableNames}: one throttling alarm each. */
    LISTED("listed"),
    /**
     * Every table of the account and region tagged {@code hot-partition-remediator} = {@code apply}, {@code approve}
     * or {@code dry-run}: one fleet alarm, tag-scoped (ABAC) permissions, no table named at deploy time.
     */
    TAGGED("tagged");

    private final String value;

    Protection(String value) {
        this.value = value;
    }

    /** The value the function reads from {@code PROTECTION}. */
    public String value() {
        return value;
    }

    /** Parses {@code listed} or {@code tagged}; the message names the bad value. */
    public static Protection fromValue(String value) {
        for (Protection p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("protection must be one of "
                + Arrays.stream(values()).map(Protection::value).collect(Collectors.joining(" | "))
                + ", got '" + value + "'");
    }
}
