package dev.hpr.remediator.core.planning;

/**
 * What the planner may change, and how far. Their defaults and bounds are the function's settings'
 * ({@code dev.hpr.remediator.config.Setting}), which are checked before these are built.
 *
 * @param targetUtilization        target-tracking TargetValue is lowered to this (60 by default), never raised
 * @param targetUtilizationFloor   and never below this (40)
 * @param scaleOutCooldownSeconds  ScaleOutCooldown is made no longer than this (60)
 * @param scaleInCooldownSeconds   ScaleInCooldown is made at least this (300)
 * @param maxCapacityFactor        at MaxCapacity, MaxCapacity is multiplied by this (2)
 * @param maxCapacityCeiling       but never raised above this
 * @param contributorInsightsMode  THROTTLED_KEYS (only charged while throttling) or ACCESSED_AND_THROTTLED_KEYS
 * @param maxCapacityApprovalCeiling  past {@code maxCapacityCeiling}, MaxCapacity is offered for approval up to this
 * @param onDemandMaximumFactor    an on-demand maximum that throttles is offered for approval multiplied by this
 * @param onDemandMaximumCeiling   up to this (request units)
 */
public record RemediationSettings(
        double targetUtilization,
        double targetUtilizationFloor,
        int scaleOutCooldownSeconds,
        int scaleInCooldownSeconds,
        double maxCapacityFactor,
        int maxCapacityCeiling,
        String contributorInsightsMode,
        int maxCapacityApprovalCeiling,
        double onDemandMaximumFactor,
        long onDemandMaximumCeiling) {
}
