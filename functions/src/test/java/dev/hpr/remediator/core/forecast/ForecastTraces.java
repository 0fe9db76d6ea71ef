package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The forecast's recorded traces, generated from a seed rather than committed (21 days x 1,440 minutes each):
 * per-minute write demand in units per second. Deterministic: {@link Random} is specified to give the same sequence
 * for the same seed on every JVM. Each trace is 14 days of history (replayed through reactive target tracking to get
 * what CloudWatch would have recorded) and 7 days the backtest replays. Days start at 00:00 UTC on a Monday.
 */
public final class ForecastTraces {

    /** A Monday, 00:00 UTC. */
    public static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    public static final int DAY = 1440;
    public static final int HISTORY_DAYS = 14;
    public static final int FUTURE_DAYS = 7;
    public static final ResourceRef TABLE = ResourceRef.table("orders");
    public static final OperationType WRITE = OperationType.WRITE;
    /** MinCapacity 5, MaxCapacity 40,000, target 70 %: DynamoDB's console defaults but a high maximum. */
    public static final Serving.TargetTracking POLICY = new Serving.TargetTracking(5, 40_000, 70);

    /** One trace: its name, its demand from {@link #START}, how many of its minutes are history. */
    public record Trace(String name, double[] demand, int historyMinutes) {
    }

    private ForecastTraces() {
    }

    public static List<Trace> all() {
        return List.of(dailyMorningPeak(), weekdayPeak(), growingDailyPeak(), flat(), oneOffSpike());
    }

    /** Every day 09:00-09:30 UTC, writes jump from ~200 to ~1,000 units/s (start and end jitter +- 2 minutes). */
    public static Trace dailyMorningPeak() {
        var random = new Random(20);
        double[] demand = baseline(random, 200, HISTORY_DAYS + FUTURE_DAYS);
        for (int day = 0; day < HISTORY_DAYS + FUTURE_DAYS; day++) {
            peak(demand, random, day, 9 * 60, 30, 1000);
        }
        return new Trace("daily 09:00-09:30 write peak", demand, HISTORY_DAYS * DAY);
    }

    /** Monday to Friday 13:00-14:00 UTC, writes jump from ~150 to ~600 units/s; weekends stay flat. */
    public static Trace weekdayPeak() {
        var random = new Random(21);
        double[] demand = baseline(random, 150, HISTORY_DAYS + FUTURE_DAYS);
        for (int day = 0; day < HISTORY_DAYS + FUTURE_DAYS; day++) {
            if (START.plusSeconds(86_400L * day).atZone(ZoneOffset.UTC).getDayOfWeek().getValue()
                    <= DayOfWeek.FRIDAY.getValue()) {
                peak(demand, random, day, 13 * 60, 60, 600);
            }
        }
        return new Trace("weekday 13:00-14:00 write peak", demand, HISTORY_DAYS * DAY);
    }

    /**
     * The daily morning peak, but 25% higher in the replayed week than in the history: the forecast's raise (sized
     * for the history) must still leave target tracking room to do the rest.
     */
    public static Trace growingDailyPeak() {
        var random = new Random(24);
        double[] demand = baseline(random, 200, HISTORY_DAYS + FUTURE_DAYS);
        for (int day = 0; day < HISTORY_DAYS + FUTURE_DAYS; day++) {
            peak(demand, random, day, 9 * 60, 30, day < HISTORY_DAYS ? 1000 : 1250);
        }
        return new Trace("daily peak, 25% higher in the replayed week", demand, HISTORY_DAYS * DAY);
    }

    /** ~200 units/s all day, every day. */
    public static Trace flat() {
        return new Trace("flat table", baseline(new Random(22), 200, HISTORY_DAYS + FUTURE_DAYS), HISTORY_DAYS * DAY);
    }

    /** Flat, with one 25-minute spike to ~1,500 units/s on day 9 (a Wednesday) at 14:10 UTC. */
    public static Trace oneOffSpike() {
        var random = new Random(23);
        double[] demand = baseline(random, 200, HISTORY_DAYS + FUTURE_DAYS);
        peak(demand, random, 9, 14 * 60 + 10, 25, 1500);
        return new Trace("one-off spike", demand, HISTORY_DAYS * DAY);
    }

    /** The daily morning peak's first 20 hours only: under the 24 hours a forecast needs. */
    public static Trace underADay() {
        Trace daily = dailyMorningPeak();
        return new Trace("20 hours of history", java.util.Arrays.copyOf(daily.demand(), 20 * 60), 20 * 60);
    }

    /** Flat demand with +-5% noise. */
    public static double[] baseline(Random random, double level, int days) {
        double[] demand = new double[days * DAY];
        for (int i = 0; i < demand.length; i++) {
            demand[i] = level * (0.95 + 0.1 * random.nextDouble());
        }
        return demand;
    }

    /** A plateau of {@code height} (+-5%) from about {@code startMinute} of {@code day}, for about {@code minutes}. */
    public static void peak(double[] demand, Random random, int day, int startMinute, int minutes, double height) {
        int start = day * DAY + startMinute + random.nextInt(5) - 2;
        int end = day * DAY + startMinute + minutes + random.nextInt(5) - 2;
        double level = height * (0.95 + 0.1 * random.nextDouble());
        for (int i = Math.max(0, start); i < Math.min(demand.length, end); i++) {
            demand[i] = level * (0.97 + 0.06 * random.nextDouble());
        }
    }

    /** What CloudWatch would have recorded over the trace's history under reactive target tracking. */
    public static History recorded(Trace trace) {
        double[] past = java.util.Arrays.copyOf(trace.demand(), trace.historyMinutes());
        return new TargetTrackingModel().replay(START, past, POLICY, List.of()).asHistory(TABLE, WRITE);
    }

    /** The instant the history ends: the forecast's {@code now}. */
    public static Instant now(Trace trace) {
        return START.plusSeconds(60L * trace.historyMinutes());
    }
}
