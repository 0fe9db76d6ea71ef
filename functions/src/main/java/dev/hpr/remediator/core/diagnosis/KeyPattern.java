package dev.hpr.remediator.core.diagnosis;

/** What the top throttled keys look like; see {@link HotKeys#classify}. */
public enum KeyPattern {
    /** One key carries at least 3 times the next: a "celebrity". */
    DOMINANT,
    /** The keys are timestamps, dates or increasing numbers: a temporal hotspot. */
    TEMPORAL,
    /** Several keys of similar weight: load spread across users or entities. */
    SPREAD
}
