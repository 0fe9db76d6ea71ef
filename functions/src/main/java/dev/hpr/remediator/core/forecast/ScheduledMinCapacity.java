package dev.hpr.remediator.core.forecast;

import java.util.Objects;

/**
 * One Application Auto Scaling scheduled action the forecast proposes: it sets only {@code MinCapacity} (never
 * {@code MaxCapacity}: a scheduled maximum below the current capacity scales in and spends one of the table's daily
 * capacity decreases).
 *
 * @param scheduledActionName unique on its scalable target; starts with {@link #NAME_PREFIX}
 * @param schedule            when it runs ({@link CronSchedule#expression()} is the {@code Schedule})
 * @param minCapacity         the {@code ScalableTargetAction.MinCapacity} it sets
 * @param step                raise ahead of a peak, or restore after it
 */
public record ScheduledMinCapacity(String scheduledActionName, CronSchedule schedule, int minCapacity, Step step) {

    /**
     * Marks a scheduled action as the forecast's own: it updates and removes only these, never anyone else's.
     * {@code ScheduledActionName} may not contain {@code :}, {@code /} or {@code |} (API model pattern).
     */
    public static final String NAME_PREFIX = "hpr-forecast-";

    /** "Scheduled actions per scalable target: 200", not adjustable (Application Auto Scaling quotas). */
    public static final int ACTIONS_PER_TARGET = 200;

    public enum Step { RAISE, RESTORE }

    public ScheduledMinCapacity {
        Objects.requireNonNull(scheduledActionName, "scheduledActionName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(step, "step");
        if (!scheduledActionName.startsWith(NAME_PREFIX) || scheduledActionName.length() > 256
                || scheduledActionName.matches(".*[:/|\\s].*")) {
            throw new IllegalArgumentException("not a valid name for one of our scheduled actions: "
                    + scheduledActionName);
        }
        if (minCapacity < 1) {
            throw new IllegalArgumentException("MinCapacity must be >= 1, was " + minCapacity);
        }
    }

    public static boolean isOurs(String scheduledActionName) {
        return scheduledActionName.startsWith(NAME_PREFIX);
    }

    /*
     * A peak's two actions are a pair: <pair>-raise and <pair>-restore (hpr-forecast-write-daily-0900-raise). Every
     * rule that finds one from the other (a raise only with its restore, a restore removed only once its raise is
     * gone) goes through these.
     */
    private static final String RAISE = "-raise";
    private static final String RESTORE = "-restore";

    /** {@code <pair>-raise}. */
    public static String raiseName(String pair) {
        return pair + RAISE;
    }

    /** {@code <pair>-restore}. */
    public static String restoreName(String pair) {
        return pair + RESTORE;
    }

    /** Whether a name is one of our raises. */
    public static boolean isRaise(String scheduledActionName) {
        return isOurs(scheduledActionName) && scheduledActionName.endsWith(RAISE);
    }

    /** Whether a name is one of our restores. */
    public static boolean isRestore(String scheduledActionName) {
        return isOurs(scheduledActionName) && scheduledActionName.endsWith(RESTORE);
    }

    /** The other action of a name's pair: the restore of a raise, the raise of a restore. */
    public static String partnerOf(String scheduledActionName) {
        String pair = scheduledActionName.substring(0, scheduledActionName.lastIndexOf('-'));
        return isRaise(scheduledActionName) ? restoreName(pair) : raiseName(pair);
    }
}
