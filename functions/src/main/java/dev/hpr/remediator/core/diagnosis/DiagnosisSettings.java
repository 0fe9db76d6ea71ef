package dev.hpr.remediator.core.diagnosis;

/**
 * The thresholds the diagnosis applies. Their defaults and bounds are the function's settings'
 * ({@code dev.hpr.remediator.config.Setting}), which are checked before these are built.
 *
 * @param throttleEventsThreshold    detection: throttled events in the window above this (50 by default)
 * @param peakConsumedReadThreshold  detection: peak consumed read units per second above this (1000 by default)
 * @param selfHealedQuietMinutes     a throttling that stopped at least this long before the window's end is self-healed
 * @param nearCapacityRatio          fallback: consumed at or above this share of provisioned is under-provisioning
 */
public record DiagnosisSettings(
        double throttleEventsThreshold,
        double peakConsumedReadThreshold,
        int selfHealedQuietMinutes,
        double nearCapacityRatio) {
}
