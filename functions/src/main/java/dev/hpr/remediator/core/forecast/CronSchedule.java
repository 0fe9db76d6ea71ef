package dev.hpr.remediator.core.forecast;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring UTC time of day on a set of days of the week: the {@code Schedule} of an Application Auto Scaling
 * scheduled action.
 *
 * <p>{@link #expression()} follows {@code PutScheduledAction}'s {@code Schedule} as the API model documents it
 * (botocore {@code application-autoscaling/2016-02-06/service-2.json}, shape {@code PutScheduledActionRequest}):
 * {@code cron(fields)} with six fields {@code [Minutes] [Hours] [Day_of_Month] [Month] [Day_of_Week] [Year]}, in UTC
 * when no {@code Timezone} is given. Application Auto Scaling uses the EventBridge cron syntax, not traditional cron
 * (Application Auto Scaling User Guide, "Schedule recurring scaling actions using cron expressions"): one of
 * day-of-month and day-of-week must be {@code ?}, days of the week are {@code SUN}..{@code SAT} (1..7) with ranges
 * ({@code MON-FRI}) and lists. So every day at 08:45 is {@code cron(45 8 * * ? *)} and weekdays at 08:45
 * {@code cron(45 8 ? * MON-FRI *)}.
 */
public record CronSchedule(LocalTime atUtc, Set<DayOfWeek> days) {

    /** EventBridge cron numbers days of the week 1 (SUN) to 7 (SAT). */
    private static final List<DayOfWeek> CRON_ORDER = List.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);

    public CronSchedule {
        Objects.requireNonNull(atUtc, "atUtc");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one day of the week");
        }
        if (atUtc.getSecond() != 0 || atUtc.getNano() != 0) {
            throw new IllegalArgumentException("cron schedules run on whole minutes, was " + atUtc);
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    public static CronSchedule everyDay(LocalTime atUtc) {
        return new CronSchedule(atUtc, EnumSet.allOf(DayOfWeek.class));
    }

    public static CronSchedule weekdays(LocalTime atUtc) {
        return new CronSchedule(atUtc, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    }

    /** The same days moved by {@code dayShift} days (-1: the day before), at another time. */
    public CronSchedule shifted(LocalTime newTime, int dayShift) {
        var moved = EnumSet.noneOf(DayOfWeek.class);
        days.forEach(d -> moved.add(d.plus(dayShift)));
        return new CronSchedule(newTime, moved);
    }

    /** The {@code Schedule} string for {@code PutScheduledAction}. */
    public String expression() {
        String time = atUtc.getMinute() + " " + atUtc.getHour();
        if (days.size() == 7) {
            return "cron(" + time + " * * ? *)";
        }
        return "cron(" + time + " ? * " + dayField() + " *)";
    }

    /** Whether the action runs in the minute that starts at {@code minute}. */
    public boolean runsAt(Instant minute) {
        ZonedDateTime t = minute.atZone(ZoneOffset.UTC);
        return t.getHour() == atUtc.getHour() && t.getMinute() == atUtc.getMinute()
                && days.contains(t.getDayOfWeek());
    }

    private String dayField() {
        var numbers = new ArrayList<Integer>();
        for (int i = 0; i < CRON_ORDER.size(); i++) {
            if (days.contains(CRON_ORDER.get(i))) {
                numbers.add(i);
            }
        }
        boolean contiguous = numbers.get(numbers.size() - 1) - numbers.get(0) == numbers.size() - 1;
        if (contiguous && numbers.size() > 2) {
            return name(CRON_ORDER.get(numbers.get(0))) + "-" + name(CRON_ORDER.get(numbers.get(numbers.size() - 1)));
        }
        return String.join(",", numbers.stream().map(i -> name(CRON_ORDER.get(i))).toList());
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
    }
}
