package dev.hpr.remediator.core;

/**
 * What the planner may change, and how far.
 *
 * @param targetUtilization        target-tracking TargetValue is lowered to this (the brief's 60), never raised
 * @param targetUtilizationFloor   and never below this (40)
 * @param scaleOutCooldownSeconds  ScaleOutCooldown is made no longer than this (60)
 * @param scaleInCooldownSeconds   ScaleInCooldown is made at least this (300)
 * @param maxCapacityFactor        at MaxCapacity, MaxCapacity is multiplied by this (2)
 * @param maxCapacityCeiling       but never raised above this
 * @param contributorInsightsMode  THROTTLED_KEYS (only charged while throttling) or ACCESSED_AND_THROTTLED_KEYS
 */
public record RemediationSettings(
        double targetUtilization,
        double targetUtilizationFloor,
        int scaleOutCooldownSeconds,
        int scaleInCooldownSeconds,
        double maxCapacityFactor,
        int maxCapacityCeiling,
        String contributorInsightsMode) {

    public static RemediationSettings defaults() {
        return new RemediationSettings(60, 40, 60, 300, 2.0, 40_000, "THROTTLED_KEYS");
    }

    public RemediationSettings {
        if (targetUtilization < 20 || targetUtilization > 90) {
            throw new IllegalArgumentException("target utilization must be within 20-90, was " + targetUtilization);
        }
        if (targetUtilizationFloor < 20 || targetUtilizationFloor > targetUtilization) {
            throw new IllegalArgumentException("target utilization floor must be within 20 and the target ("
                    + targetUtilization + "), was " + targetUtilizationFloor);
        }
        if (scaleOutCooldownSeconds < 0 || scaleInCooldownSeconds < 0) {
            throw new IllegalArgumentException("cooldowns must be >= 0, were " + scaleOutCooldownSeconds + " and "
                    + scaleInCooldownSeconds);
        }
        if (maxCapacityFactor <= 1) {
            throw new IllegalArgumentException("max capacity factor must be > 1, was " + maxCapacityFactor);
        }
        if (maxCapacityCeiling < 1) {
            throw new IllegalArgumentException("max capacity ceiling must be >= 1, was " + maxCapacityCeiling);
        }
        if (!"THROTTLED_KEYS".equals(contributorInsightsMode)
                && !"ACCESSED_AND_THROTTLED_KEYS".equals(contributorInsightsMode)) {
            throw new IllegalArgumentException("Contributor Insights mode must be THROTTLED_KEYS or"
                    + " ACCESSED_AND_THROTTLED_KEYS, was '" + contributorInsightsMode + "'");
        }
    }
}
