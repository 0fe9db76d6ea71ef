package dev.hpr.remediator.core;

/**
 * The thresholds the diagnosis applies.
 *
 * @param throttleEventsThreshold    detection: throttled events in the window above this (the brief's 50)
 * @param peakConsumedReadThreshold  detection: peak consumed read units per second above this (the brief's 1000)
 * @param selfHealedQuietMinutes     a throttling that stopped at least this long before the window's end is self-healed
 * @param nearCapacityRatio          fallback: consumed at or above this share of provisioned is under-provisioning
 */
public record DiagnosisSettings(
        double throttleEventsThreshold,
        double peakConsumedReadThreshold,
        int selfHealedQuietMinutes,
        double nearCapacityRatio) {

    public static DiagnosisSettings defaults() {
        return new DiagnosisSettings(50, 1000, 5, 0.8);
    }

    public DiagnosisSettings {
        if (throttleEventsThreshold < 0) {
            throw new IllegalArgumentException("throttle events threshold must be >= 0, was " + throttleEventsThreshold);
        }
        if (peakConsumedReadThreshold <= 0) {
            throw new IllegalArgumentException("peak consumed read threshold must be > 0, was " + peakConsumedReadThreshold);
        }
        if (selfHealedQuietMinutes < 1) {
            throw new IllegalArgumentException("self-healed quiet minutes must be >= 1, was " + selfHealedQuietMinutes);
        }
        if (nearCapacityRatio <= 0 || nearCapacityRatio > 1) {
            throw new IllegalArgumentException("near-capacity ratio must be in (0, 1], was " + nearCapacityRatio);
        }
    }
}
