package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.DiagnosisSettings;
import dev.hpr.remediator.core.planning.RemediationSettings;
import dev.hpr.remediator.config.Settings;

/** The function's default settings, as the environment reader builds them when nothing is set. */
public final class DefaultSettings {

    private static final Settings DEFAULTS = Settings.withDefaults("arn:aws:sns:us-east-1:123456789012:findings");

    private DefaultSettings() {
    }

    public static DiagnosisSettings diagnosis() {
        return DEFAULTS.diagnosis();
    }

    public static RemediationSettings remediation() {
        return DEFAULTS.remediation();
    }
}
