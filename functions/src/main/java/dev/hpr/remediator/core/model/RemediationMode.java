package dev.hpr.remediator.core.model;

import java.util.Locale;

/** Whether planned changes are applied. */
public enum RemediationMode {
    /** Plan and apply. */
    APPLY("apply"),
    /** Plan, store the plan and publish it for a person to approve; apply nothing until approved. */
    APPROVE("approve"),
    /** Plan and publish the plan; apply nothing. */
    DRY_RUN("dry-run"),
    /** Diagnose and publish; plan no change (the table's tag said off). */
    OFF("off");

    private final String word;

    RemediationMode(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** {@code apply}, {@code approve}, {@code dry-run} or {@code off}, case-insensitive. */
    public static RemediationMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (RemediationMode mode : values()) {
            if (mode.word.equals(v)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("remediation mode must be apply, approve, dry-run or off, was '" + value + "'");
    }

    /**
     * The safer of two modes (apply, then approve, then dry-run, then off): a table's tag can make remediation safer
     * than the deployment's mode, never bolder.
     */
    public RemediationMode saferOf(RemediationMode other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
