package dev.hpr.remediator.core.diagnosis;

/**
 * The first decision, from the per-minute series of throttled events. Definitions (see
 * {@link Pattern#classify}):
 * <ul>
 *   <li>{@link #NONE}: no minute throttled.</li>
 *   <li>{@link #CONSISTENT}: at least 5 throttled minutes covering at least 60% of the minutes from the first
 *       throttled minute to the last: sustained throttling, the signature of a hot partition or of capacity that
 *       stays too low.</li>
 *   <li>{@link #INTERMITTENT}: not consistent, and some episode (a run of consecutive throttled minutes) lasts at
 *       least 2 minutes or carries at least 3 times the median throttled minute: bursts.</li>
 *   <li>{@link #SPORADIC}: not consistent, every episode a single minute of ordinary size: scattered throttles.</li>
 * </ul>
 */
public enum PatternKind {
    NONE,
    CONSISTENT,
    INTERMITTENT,
    SPORADIC
}
