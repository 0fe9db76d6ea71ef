package dev.hpr.remediator.core.forecast;

/** How a forecast peak recurs, in UTC days. */
public enum Recurrence {
    /** Seen on most days of the history, weekends included. */
    DAILY,
    /** Seen on most Monday-to-Friday days and on almost no Saturday or Sunday. */
    WEEKDAYS
}
