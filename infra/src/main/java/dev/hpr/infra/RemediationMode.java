package dev.hpr.infra;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether the function applies its remediation plan or only reports it ({@code REMEDIATION_MODE}). */
public enum RemediationMode {
    /** Enable Contributor Insights and retune target tracking, then report what was done. */
    APPLY("apply"),
    /**
     * Compute the plan, keep it in the state table and publish it for a person to approve (the Slack button, the
     * AWS CLI); change nothing until approved.
     */
    APPROVE("approve"),
    /** Compute and report the plan; change nothing. */
    DRY_RUN("dry-run");

    private final String value;

    RemediationMode(String value) {
        this.value = value;
    }

    /** The value the function reads from {@code REMEDIATION_MODE}. */
    public String value() {
        return value;
    }

    /** Parses {@code apply}, {@code approve} or {@code dry-run}; the message names the bad value. */
    public static RemediationMode fromValue(String value) {
        for (RemediationMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be one of "
                + Arrays.stream(values()).map(RemediationMode::value).collect(Collectors.joining(" | "))
                + ", got '" + value + "'");
    }
}
