package dev.hpr.remediator.core.forecast;

/** Why a forecast proposes nothing: a value the summary names, never text matched later. */
public enum NoScheduleReason {
    /** Less history than the method needs (24 hours) to look for a recurring peak at all. */
    INSUFFICIENT_HISTORY,
    /** No minute stood out from the baseline and nothing throttled: a flat table. */
    NO_PEAK,
    /** Peaks were seen, but none came back on enough days at the same time of day: one-off spikes. */
    NOT_RECURRING,
    /** Recurring peaks were seen, but each was served without throttling at the capacity the table had. */
    WITHIN_CAPACITY,
    /** A provisioned table without a scalable target: there is no MinCapacity to schedule. */
    NO_SCALABLE_TARGET
}
