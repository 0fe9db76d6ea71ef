package dev.hpr.remediator.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The target-tracking model's documented constants, pinned minute by minute on noise-free demand. */
class TargetTrackingModelTest {

    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final Serving.TargetTracking POLICY = new Serving.TargetTracking(5, 40_000, 70);

    private static double[] steps(double... levelsPer60Minutes) {
        double[] demand = new double[levelsPer60Minutes.length * 60];
        for (int i = 0; i < demand.length; i++) {
            demand[i] = levelsPer60Minutes[i / 60];
        }
        return demand;
    }

    @Test
    void replay_scalesOutAfterTwoBreachingMinutesAndTheUpdate_whenBurstCapacityCoversTheStart() {
        // given 200 units/s for an hour (286 units provisioned at 70 %), then 1,000
        double[] demand = steps(200, 1000);

        // when
        Replay replay = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of());

        // then burst capacity serves minutes 60-61; the alarm sees 60-61 at the end of 62; the update lands at 66
        assertEquals(286, replay.capacityAt(65));
        assertEquals(1429, replay.capacityAt(66));
        assertEquals(4, replay.throttledMinutes());
        assertEquals(1, replay.scaleOuts());
    }

    @Test
    void replay_climbsAStaircase_whenThreeBreachingDatapointsAreNeededAndBurstIsSpent() {
        // given the same step, and a high alarm of 3 datapoints
        double[] demand = steps(200, 1000);

        // when
        Replay replay = new TargetTrackingModel(3).replay(MONDAY, demand, POLICY, List.of());

        // then the alarm's last datapoint (62) is capped at capacity + what burst had left: ceil(288 / 0.7) = 412
        assertEquals(412, replay.capacityAt(67));
        assertTrue(replay.scaleOuts() >= 3, "scale-outs " + replay.scaleOuts());
        assertTrue(replay.throttledMinutes() > 10, "throttled minutes " + replay.throttledMinutes());
    }

    @Test
    void replay_scalesInAfter15LowDatapoints() {
        // given 1,000 units/s for an hour (1,429 provisioned), then 200
        double[] demand = steps(1000, 200);

        // when
        Replay replay = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of());

        // then datapoints 60-74 are low; seen at the end of 75; the decrease lands at 79
        assertEquals(1429, replay.capacityAt(78));
        assertEquals(286, replay.capacityAt(79));
        assertEquals(1, replay.scaleIns());
        assertEquals(0, replay.throttledMinutes());
    }

    @Test
    void replay_allowsFourDecreasesThenOneAnHour_withinAUtcDay() {
        // given a 6-minute burst every 30 minutes for a day: every burst scales out, every lull wants to scale in
        double[] demand = new double[1440];
        for (int i = 0; i < demand.length; i++) {
            demand[i] = i % 30 < 6 ? 1000 : 100;
        }

        // when
        Replay replay = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of());

        // then
        var decreases = new ArrayList<Integer>();
        for (int t = 1; t < replay.minutes(); t++) {
            if (replay.capacityAt(t) < replay.capacityAt(t - 1)) {
                decreases.add(t);
            }
        }
        assertTrue(decreases.size() > 4 && decreases.size() <= 27, "decreases at " + decreases);
        for (int i = 4; i < decreases.size(); i++) {
            assertTrue(decreases.get(i) - decreases.get(i - 1) >= 60, "decreases at " + decreases);
        }
        assertEquals(decreases.size(), replay.scaleIns());
    }

    @Test
    void replay_hasThePeaksCapacityBeforeItStarts_whenAScheduledMinCapacityRaisesAhead() {
        // given 200 units/s, 1,000 from 09:00 to 09:30, a raise at 08:45 and a restore at 09:45
        double[] demand = new double[1440];
        Arrays.fill(demand, 200);
        Arrays.fill(demand, 9 * 60, 9 * 60 + 30, 1000);
        var raise = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-raise",
                CronSchedule.everyDay(LocalTime.of(8, 45)), 1429, ScheduledMinCapacity.Step.RAISE);
        var restore = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-restore",
                CronSchedule.everyDay(LocalTime.of(9, 45)), 5, ScheduledMinCapacity.Step.RESTORE);

        // when
        Replay replay = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of(raise, restore));

        // then the raise lands at 08:49, nothing throttles, and target tracking scales in right after the restore
        assertEquals(286, replay.capacityAt(8 * 60 + 48));
        assertEquals(1429, replay.capacityAt(8 * 60 + 49));
        assertEquals(0, replay.throttledMinutes());
        assertEquals(1429, replay.capacityAt(9 * 60 + 48));
        assertEquals(286, replay.capacityAt(9 * 60 + 49));
    }

    @Test
    void replay_keepsThePeaksCapacityAfterTheRestore_whenThePeakRunsPastIt() {
        // given 200 units/s, 1,000 from 09:00 to 10:00, a raise at 08:45 and a restore at 09:30 (the peak runs late)
        double[] demand = new double[1440];
        Arrays.fill(demand, 200);
        Arrays.fill(demand, 9 * 60, 10 * 60, 1000);
        var raise = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-raise",
                CronSchedule.everyDay(LocalTime.of(8, 45)), 1429, ScheduledMinCapacity.Step.RAISE);
        var restore = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-restore",
                CronSchedule.everyDay(LocalTime.of(9, 30)), 5, ScheduledMinCapacity.Step.RESTORE);

        // when
        Replay replay = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of(raise, restore));

        // then lowering MinCapacity lowers nothing: the capacity stays through the rest of the peak, nothing
        // throttles, and the scale-in comes 15 low datapoints after the real end (10:00-10:14, seen at the end of
        // 10:15, landing at 10:19), as reactive scaling's would
        Replay reactive = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of());
        for (int t = 9 * 60 + 30; t <= 10 * 60 + 18; t++) {
            assertEquals(1429, replay.capacityAt(t), "minute " + t);
        }
        assertEquals(0, replay.throttledMinutes());
        assertEquals(286, replay.capacityAt(10 * 60 + 19));
        assertEquals(1, replay.scaleIns());
        assertEquals(286, reactive.capacityAt(10 * 60 + 19));
        assertEquals(1429, reactive.capacityAt(10 * 60 + 18));
    }

    @Test
    void replay_scalesInTwice_whenTheRestoreComesAfterTheFirstScaleInWasDue() {
        // given a peak of 1,250 units/s from 09:00 to 09:30 that target tracking scales above a raise to 1,429
        double[] demand = new double[1440];
        Arrays.fill(demand, 200);
        Arrays.fill(demand, 9 * 60, 9 * 60 + 30, 1250);
        var raise = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-raise",
                CronSchedule.everyDay(LocalTime.of(8, 45)), 1429, ScheduledMinCapacity.Step.RAISE);
        var atTheEnd = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-restore",
                CronSchedule.everyDay(LocalTime.of(9, 30)), 5, ScheduledMinCapacity.Step.RESTORE);
        var late = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-restore",
                CronSchedule.everyDay(LocalTime.of(9, 50)), 5, ScheduledMinCapacity.Step.RESTORE);

        // when
        Replay restoredAtTheEnd = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of(raise, atTheEnd));
        Replay restoredLate = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of(raise, late));

        // then restored at the end: one scale-in, to the baseline's capacity, 15 low datapoints after the peak
        // (09:30-09:44, seen at the end of 09:45, landing at 09:49)
        assertEquals(1786, restoredAtTheEnd.capacityAt(9 * 60 + 48));
        assertEquals(286, restoredAtTheEnd.capacityAt(9 * 60 + 49));
        assertEquals(1, restoredAtTheEnd.scaleIns());
        // restored 20 minutes later: that scale-in stops at the raised minimum, and the next waits 15 datapoints
        // from it (09:49-10:03, seen at the end of 10:04, landing at 10:08)
        assertEquals(1429, restoredLate.capacityAt(9 * 60 + 49));
        assertEquals(1429, restoredLate.capacityAt(10 * 60 + 7));
        assertEquals(286, restoredLate.capacityAt(10 * 60 + 8));
        assertEquals(2, restoredLate.scaleIns());
        assertEquals(0, restoredAtTheEnd.throttledMinutes());
        assertEquals(0, restoredLate.throttledMinutes());
        assertTrue(restoredLate.capacityUnitHours() > restoredAtTheEnd.capacityUnitHours());
    }

    @Test
    void replay_recordsWhatCloudWatchWouldShow_consumedCappedAndTheRestAsThrottleEvents() {
        // given a step the table cannot serve at once
        double[] demand = steps(200, 1000);

        // when
        History recorded = new TargetTrackingModel().replay(MONDAY, demand, POLICY, List.of())
                .asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);

        // then every minute's consumed + throttled is the demand
        double[] consumed = recorded.consumedUnitsPerSecond();
        double[] throttled = recorded.throttleEventsPerSecond();
        for (int t = 0; t < demand.length; t++) {
            assertEquals(demand[t], consumed[t] + throttled[t], 1e-9, "minute " + t);
        }
        assertTrue(throttled[63] > 0 && consumed[63] < 300, "minute 63: " + consumed[63] + " consumed");
    }
}
