package dev.hpr.remediator.core.model;

import java.util.Locale;

/**
 * The {@code FORECAST} setting: whether the forecast task runs, and whether it may change anything. {@link #ON} is
 * still capped by the remediation mode (the deployment's and the table's tag): a dry run never schedules anything,
 * approve offers the schedule as a plan.
 */
public enum ForecastMode {
    /** The forecast task reads nothing and changes nothing. */
    OFF("off"),
    /** Forecast and report the peaks; change nothing (the default). */
    FORECAST_ONLY("forecast-only"),
    /** Forecast and act, as far as the remediation mode allows. */
    ON("on");

    private final String word;

    ForecastMode(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** {@code off}, {@code forecast-only} or {@code on}, case-insensitive. */
    public static ForecastMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ForecastMode mode : values()) {
            if (mode.word.equals(v)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("FORECAST must be off, forecast-only or on, was '" + value + "'");
    }
}
