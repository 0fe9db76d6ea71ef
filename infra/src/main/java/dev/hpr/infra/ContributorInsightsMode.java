package dev.hpr.infra;

import java.util.Arrays;

/** The DynamoDB Contributor Insights mode the function enables ({@code CONTRIBUTOR_INSIGHTS_MODE}). */
public enum ContributorInsightsMode {
    /** Only the most throttled keys: costs nothing while nothing throttles. */
    THROTTLED_KEYS,
    /** The most accessed and the most throttled keys: charged for every request. */
    ACCESSED_AND_THROTTLED_KEYS;

    /** Parses the DynamoDB name ({@code THROTTLED_KEYS}); the message names the bad value. */
    public static ContributorInsightsMode fromValue(String value) {
        for (ContributorInsightsMode mode : values()) {
            if (mode.name().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("contributorInsightsMode must be one of "
                + Arrays.toString(values()) + ", got '" + value + "'");
    }
}
