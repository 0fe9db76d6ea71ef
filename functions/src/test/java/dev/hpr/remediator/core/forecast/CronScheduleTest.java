package dev.hpr.remediator.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Schedules in Application Auto Scaling's cron format (six fields, EventBridge syntax, UTC). */
class CronScheduleTest {

    @Test
    void expression_hasSixFieldsWithQuestionMarkForDayOfWeek_whenEveryDay() {
        assertEquals("cron(45 8 * * ? *)", CronSchedule.everyDay(LocalTime.of(8, 45)).expression());
    }

    @Test
    void expression_namesMonToFriWithQuestionMarkForDayOfMonth_whenWeekdays() {
        assertEquals("cron(0 13 ? * MON-FRI *)", CronSchedule.weekdays(LocalTime.of(13, 0)).expression());
    }

    @Test
    void shifted_movesTheDaysAcrossMidnight() {
        CronSchedule weekdays = CronSchedule.weekdays(LocalTime.of(0, 5));

        assertEquals("cron(50 23 ? * SUN-THU *)", weekdays.shifted(LocalTime.of(23, 50), -1).expression());
        assertEquals("cron(10 0 ? * TUE-SAT *)", weekdays.shifted(LocalTime.of(0, 10), 1).expression());
        assertEquals("cron(10 0 * * ? *)",
                CronSchedule.everyDay(LocalTime.of(23, 0)).shifted(LocalTime.of(0, 10), 1).expression());
    }

    @Test
    void expression_listsDays_whenTheyAreNotARange() {
        var schedule = new CronSchedule(LocalTime.of(6, 30), EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY));

        assertEquals("cron(30 6 ? * MON,WED *)", schedule.expression());
    }

    @Test
    void runsAt_matchesItsMinuteOnItsDaysOnly() {
        CronSchedule weekdays = CronSchedule.weekdays(LocalTime.of(8, 45));

        assertTrue(weekdays.runsAt(Instant.parse("2026-11-02T08:45:00Z")));   // a Monday
        assertFalse(weekdays.runsAt(Instant.parse("2026-11-02T08:46:00Z")));
        assertFalse(weekdays.runsAt(Instant.parse("2026-11-07T08:45:00Z")));  // a Saturday
    }

    @Test
    void scheduledMinCapacity_rejectsNamesTheApiOrOurPrefixForbid() {
        CronSchedule at = CronSchedule.everyDay(LocalTime.of(8, 45));

        // the API model's ScheduledActionName pattern forbids ':', '/' and '|'; ours must carry the prefix
        assertThrows(IllegalArgumentException.class,
                () -> new ScheduledMinCapacity("hpr-forecast-a:b", at, 10, ScheduledMinCapacity.Step.RAISE));
        assertThrows(IllegalArgumentException.class,
                () -> new ScheduledMinCapacity("someone-elses", at, 10, ScheduledMinCapacity.Step.RAISE));
        assertTrue(ScheduledMinCapacity.isOurs("hpr-forecast-write-daily-0900-raise"));
        assertFalse(ScheduledMinCapacity.isOurs("nightly-import-raise"));
    }
}
