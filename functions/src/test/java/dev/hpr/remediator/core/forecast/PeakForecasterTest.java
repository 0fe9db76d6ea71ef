package dev.hpr.remediator.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.forecast.Proposal.MinCapacitySchedule;
import dev.hpr.remediator.core.forecast.Proposal.NoSchedule;
import dev.hpr.remediator.core.forecast.Proposal.WarmThroughputRaise;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecast on the recorded traces ({@link ForecastTraces}): each outcome the method promises. */
class PeakForecasterTest {

    private final PeakForecaster forecaster = new PeakForecaster(ForecastSettings.defaults());

    private Forecast forecast(ForecastTraces.Trace trace, Serving serving) {
        return forecaster.forecast(ForecastTraces.recorded(trace), serving, ForecastTraces.now(trace));
    }

    @Test
    void forecast_schedulesRaiseBefore0900AndRestoreAtItsEnd_whenDailyMorningPeakThrottles() {
        // given 14 days of a 09:00-09:30 UTC write peak that throttled every morning under target tracking
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();

        // when
        Forecast forecast = forecast(trace, ForecastTraces.POLICY);

        // then one daily peak, named with its time and height
        assertEquals(1, forecast.peaks().size(), forecast.peaks().toString());
        ForecastPeak peak = forecast.peaks().get(0);
        assertEquals(Recurrence.DAILY, peak.recurrence());
        assertTrue(!peak.startUtc().isAfter(LocalTime.of(9, 0)) && peak.startUtc().isAfter(LocalTime.of(8, 55)),
                "start " + peak.startUtc());
        assertTrue(!peak.endUtc().isBefore(LocalTime.of(9, 30)) && peak.endUtc().isBefore(LocalTime.of(9, 35)),
                "end " + peak.endUtc());
        // (the generator's plateau is 1,000 x 0.95..1.05, each minute x 0.97..1.03: at most 1,082)
        assertTrue(peak.expectedConsumedUnitsPerSecond() > 950 && peak.expectedConsumedUnitsPerSecond() < 1082,
                "height " + peak.expectedConsumedUnitsPerSecond());
        assertEquals(14, peak.occurrences());
        assertEquals(14, peak.throttledOccurrences());
        assertTrue(peak.pastServing());

        // and a raise 15 minutes before the estimated start, a restore at the estimated end (a late one: target
        // tracking keeps the capacity until 15 low datapoints after the real end)
        MinCapacitySchedule schedule = assertInstanceOf(MinCapacitySchedule.class, forecast.proposal());
        assertEquals("table/orders", schedule.resourceId());
        assertEquals("dynamodb:table:WriteCapacityUnits", schedule.scalableDimension());
        assertEquals(2, schedule.actions().size());
        ScheduledMinCapacity raise = schedule.actions().get(0);
        ScheduledMinCapacity restore = schedule.actions().get(1);
        assertEquals(Step.RAISE, raise.step());
        assertEquals(peak.startUtc().minusMinutes(15), raise.schedule().atUtc());
        assertEquals("cron(" + raise.schedule().atUtc().getMinute() + " 8 * * ? *)", raise.schedule().expression());
        assertEquals(ForecastTraces.POLICY.capacityFor(peak.expectedConsumedUnitsPerSecond()), raise.minCapacity());
        assertEquals(Step.RESTORE, restore.step());
        assertEquals(peak.endUtc(), restore.schedule().atUtc());
        assertEquals(5, restore.minCapacity());
        assertTrue(!restore.schedule().atUtc().isBefore(LocalTime.of(9, 30)), "restore " + restore.schedule());
        assertEquals("cron(" + restore.schedule().atUtc().getMinute() + " 9 * * ? *)", restore.schedule().expression());
        assertEquals("hpr-forecast-write-daily-0900-raise", raise.scheduledActionName());
        assertEquals("hpr-forecast-write-daily-0900-restore", restore.scheduledActionName());
        assertTrue(schedule.forApproval().isEmpty());
    }

    @Test
    void forecast_schedulesMondayToFridayOnly_whenPeakSkipsWeekends() {
        // given 14 days with a 13:00-14:00 peak on weekdays only
        ForecastTraces.Trace trace = ForecastTraces.weekdayPeak();

        // when
        Forecast forecast = forecast(trace, ForecastTraces.POLICY);

        // then
        assertEquals(1, forecast.peaks().size(), forecast.peaks().toString());
        ForecastPeak peak = forecast.peaks().get(0);
        assertEquals(Recurrence.WEEKDAYS, peak.recurrence());
        assertEquals(10, peak.occurrences());
        assertEquals(10, peak.eligibleDays());
        MinCapacitySchedule schedule = assertInstanceOf(MinCapacitySchedule.class, forecast.proposal());
        assertTrue(schedule.actions().stream().allMatch(a -> a.schedule().expression().endsWith(" ? * MON-FRI *)")),
                schedule.actions().toString());
        assertTrue(schedule.actions().get(0).scheduledActionName().startsWith("hpr-forecast-write-weekdays-1300-"),
                schedule.actions().get(0).scheduledActionName());
    }

    @Test
    void nextStart_skipsTheWeekend_forAWeekdayPeak() {
        // given the weekday peak's forecast
        ForecastPeak peak = forecast(ForecastTraces.weekdayPeak(), ForecastTraces.POLICY).peaks().get(0);

        // when / then: from a Friday afternoon the next one is on Monday; from Monday night, on Tuesday
        Instant monday = Instant.parse("2026-11-23T00:00:00Z").plusSeconds(peak.startUtc().toSecondOfDay());
        assertEquals(monday, peak.nextStart(Instant.parse("2026-11-20T15:00:00Z")));
        assertEquals(monday.plusSeconds(86_400), peak.nextStart(Instant.parse("2026-11-23T20:00:00Z")));
        assertTrue(peak.describe().startsWith("weekdays 12:5"), peak.describe());
    }

    @Test
    void forecast_schedulesNothing_whenTableIsFlat() {
        // when
        Forecast forecast = forecast(ForecastTraces.flat(), ForecastTraces.POLICY);

        // then
        assertEquals(NoScheduleReason.NO_PEAK, assertInstanceOf(NoSchedule.class, forecast.proposal()).reason());
        assertTrue(forecast.peaks().isEmpty());
        assertTrue(forecast.scheduledActions().isEmpty());
        assertTrue(forecast.baselineUnitsPerSecond() > 190 && forecast.baselineUnitsPerSecond() < 210);
    }

    @Test
    void forecast_schedulesNothing_whenSpikeHappenedOnce() {
        // when
        Forecast forecast = forecast(ForecastTraces.oneOffSpike(), ForecastTraces.POLICY);

        // then
        NoSchedule none = assertInstanceOf(NoSchedule.class, forecast.proposal());
        assertEquals(NoScheduleReason.NOT_RECURRING, none.reason());
        assertTrue(none.detail().startsWith("1 peak(s)"), none.detail());
        assertTrue(forecast.peaks().isEmpty());
    }

    @Test
    void forecast_schedulesNothing_whenHistoryIsUnder24Hours() {
        // given 20 hours that include one 09:00 peak
        ForecastTraces.Trace trace = ForecastTraces.underADay();

        // when
        Forecast forecast = forecast(trace, ForecastTraces.POLICY);

        // then
        NoSchedule none = assertInstanceOf(NoSchedule.class, forecast.proposal());
        assertEquals(NoScheduleReason.INSUFFICIENT_HISTORY, none.reason());
        assertEquals("20.0 hours of history; a forecast needs 24", none.detail());
        assertEquals(Duration.ofHours(20), forecast.history());
    }

    @Test
    void forecast_schedulesNothing_whenPeakStoppedRecurringBeforeTheLastTwoDays() {
        // given the daily peak, but not on the history's last two days
        ForecastTraces.Trace daily = ForecastTraces.dailyMorningPeak();
        double[] demand = daily.demand().clone();
        var random = new Random(5);
        for (int i = 12 * ForecastTraces.DAY; i < 14 * ForecastTraces.DAY; i++) {
            demand[i] = 200 * (0.95 + 0.1 * random.nextDouble());
        }
        var trace = new ForecastTraces.Trace("stopped", demand, daily.historyMinutes());

        // when
        Forecast forecast = forecast(trace, ForecastTraces.POLICY);

        // then
        assertEquals(NoScheduleReason.NOT_RECURRING, assertInstanceOf(NoSchedule.class, forecast.proposal()).reason());
    }

    @Test
    void forecast_capsRaiseAtMaxCapacityAndOffersTheRestForApproval_whenPeakNeedsMore() {
        // given a scalable target whose MaxCapacity is below what the daily peak needs at 70 %
        var policy = new Serving.TargetTracking(5, 1000, 70);

        // when
        Forecast forecast = forecast(ForecastTraces.dailyMorningPeak(), policy);

        // then
        MinCapacitySchedule schedule = assertInstanceOf(MinCapacitySchedule.class, forecast.proposal());
        assertEquals(1000, schedule.actions().get(0).minCapacity());
        assertEquals(1, schedule.forApproval().size());
        Proposal.BeyondMaxCapacity beyond = schedule.forApproval().get(0);
        assertEquals(1000, beyond.maxCapacity());
        assertEquals(policy.capacityFor(forecast.peaks().get(0).expectedConsumedUnitsPerSecond()),
                beyond.neededCapacity());
        assertTrue(beyond.neededCapacity() > 1000);
    }

    @Test
    void forecast_schedulesNothing_whenMinCapacityAlreadyServesThePeak() {
        // given MinCapacity 2,000: the peak never throttled
        var policy = new Serving.TargetTracking(2000, 40_000, 70);
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();
        History recorded = new TargetTrackingModel().replay(ForecastTraces.START,
                java.util.Arrays.copyOf(trace.demand(), trace.historyMinutes()), policy, List.of())
                .asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);

        // when
        Forecast forecast = forecaster.forecast(recorded, policy, ForecastTraces.now(trace));

        // then the peak is named, and nothing is scheduled
        assertEquals(1, forecast.peaks().size());
        assertFalse(forecast.peaks().get(0).pastServing());
        assertEquals(NoScheduleReason.WITHIN_CAPACITY,
                assertInstanceOf(NoSchedule.class, forecast.proposal()).reason());
    }

    @Test
    void forecast_offersWarmThroughputRaise_whenOnDemandPeakExceedsWarmThroughput() {
        // given an on-demand table, warm throughput 4,000 write units/s, a daily 6,000 units/s peak that never throttled
        History history = onDemand(6000);

        // when
        Forecast forecast = forecaster.forecast(history, new Serving.WarmThroughput(4000), history.end());

        // then the peak plus 10 %
        WarmThroughputRaise raise = assertInstanceOf(WarmThroughputRaise.class, forecast.proposal());
        assertEquals(4000, raise.currentUnitsPerSecond());
        assertEquals((long) Math.ceil(raise.peak().expectedConsumedUnitsPerSecond() * 1.1),
                raise.proposedUnitsPerSecond());
        assertTrue(raise.proposedUnitsPerSecond() > 6000 && raise.proposedUnitsPerSecond() < 6489 * 1.1,
                "proposed " + raise.proposedUnitsPerSecond());
        assertTrue(forecast.scheduledActions().isEmpty());
    }

    @Test
    void forecast_offersNothing_whenOnDemandPeakIsWithinWarmThroughput() {
        // given the same peak, warm throughput 12,000
        History history = onDemand(6000);

        // when
        Forecast forecast = forecaster.forecast(history, new Serving.WarmThroughput(12_000), history.end());

        // then
        assertEquals(NoScheduleReason.WITHIN_CAPACITY,
                assertInstanceOf(NoSchedule.class, forecast.proposal()).reason());
        assertEquals(1, forecast.peaks().size());
    }

    @Test
    void forecast_raisesOnTheDayBefore_whenWeekdayPeakStartsJustAfterMidnight() {
        // given a weekday peak 00:05-00:35 UTC
        var random = new Random(7);
        double[] demand = ForecastTraces.baseline(random, 100, 14);
        for (int day = 0; day < 14; day++) {
            if (day % 7 < 5) {
                ForecastTraces.peak(demand, random, day, 5, 30, 800);
            }
        }
        History recorded = new TargetTrackingModel().replay(ForecastTraces.START, demand, ForecastTraces.POLICY,
                List.of()).asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then the raise runs the evening before (Sunday to Thursday), the restore on the peak's own days
        assertEquals(Recurrence.WEEKDAYS, forecast.peaks().get(0).recurrence(), forecast.peaks().toString());
        List<ScheduledMinCapacity> actions = forecast.scheduledActions();
        assertTrue(actions.get(0).schedule().expression().matches("cron\\(\\d+ 23 \\? \\* SUN-THU \\*\\)"),
                actions.get(0).schedule().expression());
        assertTrue(actions.get(1).schedule().expression().matches("cron\\(\\d+ 0 \\? \\* MON-FRI \\*\\)"),
                actions.get(1).schedule().expression());
    }

    @Test
    void forecast_restoresOnTheDayAfter_namedByTheStart_whenWeekdayPeakEndsAfterMidnight() {
        // given a weekday peak 23:35-00:10 UTC (Monday night to Friday night)
        var random = new Random(8);
        double[] demand = ForecastTraces.baseline(random, 100, 14);
        for (int day = 0; day < 14; day++) {
            if (day % 7 < 5) {
                ForecastTraces.peak(demand, random, day, 23 * 60 + 35, 35, 800);
            }
        }
        History recorded = new TargetTrackingModel().replay(ForecastTraces.START, demand, ForecastTraces.POLICY,
                List.of()).asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then the raise runs on the peak's own evenings, the restore at its end just after midnight, the next day
        // (Tuesday to Saturday), and both are named after the start's quarter hour, before midnight
        ForecastPeak peak = forecast.peaks().get(0);
        assertEquals(Recurrence.WEEKDAYS, peak.recurrence(), forecast.peaks().toString());
        List<ScheduledMinCapacity> actions = forecast.scheduledActions();
        assertEquals(2, actions.size(), actions.toString());
        ScheduledMinCapacity raise = actions.get(0);
        ScheduledMinCapacity restore = actions.get(1);
        assertTrue(raise.schedule().expression().matches("cron\\(\\d+ 23 \\? \\* MON-FRI \\*\\)"),
                raise.schedule().expression());
        assertEquals(peak.endUtc(), restore.schedule().atUtc());
        assertTrue(restore.schedule().expression().matches("cron\\(\\d+ 0 \\? \\* TUE-SAT \\*\\)"),
                restore.schedule().expression());
        assertTrue(raise.scheduledActionName().matches("hpr-forecast-write-weekdays-23(00|15|30|45)-raise"),
                raise.scheduledActionName());
        assertEquals(raise.scheduledActionName().replace("-raise", "-restore"), restore.scheduledActionName());
    }

    @Test
    void forecast_mergesTheEveningAndTheMorningPeak_whenTheirWindowsOverlapAcrossMidnight() {
        // given daily peaks 23:00-23:55 and 00:05-00:40 UTC: the morning one's raise (about 23:50) would come before
        // the evening one's restore (about 23:57)
        History recorded = recorded(8, day -> true, new int[] {23 * 60, 55}, new int[] {5, 35});

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then one peak from the evening's start to the morning's end, the next day
        assertEquals(1, forecast.peaks().size(), forecast.peaks().toString());
        ForecastPeak peak = forecast.peaks().get(0);
        assertEquals(Recurrence.DAILY, peak.recurrence());
        assertTrue(peak.startUtc().isAfter(LocalTime.of(22, 55)) && !peak.startUtc().isAfter(LocalTime.of(23, 0)),
                "start " + peak.startUtc());
        assertTrue(!peak.endUtc().isBefore(LocalTime.of(0, 40)) && peak.endUtc().isBefore(LocalTime.of(0, 45)),
                "end " + peak.endUtc());
        // and one raise/restore pair: raise at 22:4x, restore after midnight at the morning peak's end
        List<ScheduledMinCapacity> actions = forecast.scheduledActions();
        assertEquals(2, actions.size(), actions.toString());
        assertEquals(Step.RAISE, actions.get(0).step());
        assertEquals(peak.startUtc().minusMinutes(15), actions.get(0).schedule().atUtc());
        assertEquals(Step.RESTORE, actions.get(1).step());
        assertEquals(peak.endUtc(), actions.get(1).schedule().atUtc());
        assertEquals("hpr-forecast-write-daily-2300-raise", actions.get(0).scheduledActionName());
        assertEquals(ForecastTraces.POLICY.capacityFor(peak.expectedConsumedUnitsPerSecond()),
                actions.get(0).minCapacity());
    }

    @Test
    void forecast_mergesTwoWeekdayPeaksAcrossMidnightIntoADailyOne_soThatMondayMorningKeepsItsRaise() {
        // given weekday peaks (Monday to Friday UTC) 23:00-23:55 and 00:05-00:40: Monday's morning peak follows a
        // Sunday evening without one, Friday's evening peak a Saturday morning without one
        History recorded = recorded(9, day -> day % 7 < 5, new int[] {23 * 60, 55}, new int[] {5, 35});

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then one window a day (weekdays would leave Monday 00:05 unraised), and no restore between its raise and
        // the morning peak
        assertEquals(1, forecast.peaks().size(), forecast.peaks().toString());
        assertEquals(Recurrence.DAILY, forecast.peaks().get(0).recurrence());
        List<ScheduledMinCapacity> actions = forecast.scheduledActions();
        assertEquals(2, actions.size(), actions.toString());
        assertTrue(actions.get(0).schedule().expression().matches("cron\\(4\\d 22 \\* \\* \\? \\*\\)"),
                actions.get(0).schedule().expression());
        assertTrue(actions.get(1).schedule().expression().matches("cron\\(4\\d 0 \\* \\* \\? \\*\\)"),
                actions.get(1).schedule().expression());
    }

    @Test
    void forecast_keepsTwoPeaksApart_whenTheirWindowsDoNotOverlapAcrossMidnight() {
        // given daily peaks 22:00-22:30 and 01:00-01:30 UTC
        History recorded = recorded(10, day -> true, new int[] {22 * 60, 30}, new int[] {60, 30});

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then two peaks, two raise/restore pairs, each restore before the other's raise
        assertEquals(2, forecast.peaks().size(), forecast.peaks().toString());
        List<ScheduledMinCapacity> actions = forecast.scheduledActions();
        assertEquals(List.of("hpr-forecast-write-daily-0100-raise", "hpr-forecast-write-daily-0100-restore",
                        "hpr-forecast-write-daily-2200-raise", "hpr-forecast-write-daily-2200-restore"),
                actions.stream().map(ScheduledMinCapacity::scheduledActionName).toList());
        assertTrue(actions.get(1).schedule().atUtc().isBefore(LocalTime.of(1, 35)), actions.toString());
        assertTrue(actions.get(3).schedule().atUtc().isBefore(LocalTime.of(22, 35)), actions.toString());
    }

    @Test
    void forecast_schedulesAPeakThatMovedAnHourEarlier_onItsFourthDayAtTheNewTime() {
        for (int daysMoved = 0; daysMoved <= 14; daysMoved++) {
            // given a daily 09:00-09:30 UTC peak that moved to 08:00 (a local 09:00 at a daylight saving change)
            // daysMoved days before the history's end
            int moved = daysMoved;
            History recorded = recorded(12, 200, day -> true,
                    day -> new int[][] {{day < 14 - moved ? 9 * 60 : 8 * 60, 30}});

            // when
            Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

            // then the old time until it missed the last two days; the new one from its fourth day (over the days
            // since it first showed) to its tenth, and from then on over the whole history; nothing on days 2 and 3
            String seen = daysMoved + " day(s) moved: " + forecast.peaks();
            if (daysMoved == 2 || daysMoved == 3) {
                assertEquals(NoScheduleReason.NOT_RECURRING,
                        assertInstanceOf(NoSchedule.class, forecast.proposal()).reason(), seen);
                continue;
            }
            assertEquals(1, forecast.peaks().size(), seen);
            ForecastPeak peak = forecast.peaks().get(0);
            assertEquals(Recurrence.DAILY, peak.recurrence(), seen);
            LocalTime time = LocalTime.of(daysMoved < 2 ? 9 : 8, 0);
            assertTrue(peak.startUtc().isAfter(time.minusMinutes(5)) && peak.startUtc().isBefore(time.plusMinutes(5)),
                    seen);
            assertEquals(daysMoved < 2 ? 14 - daysMoved : daysMoved, peak.occurrences(), seen);
            assertEquals(daysMoved >= 4 && daysMoved < 10 ? daysMoved : 14, peak.eligibleDays(), seen);
            assertEquals(2, forecast.scheduledActions().size(), seen);
        }
    }

    @Test
    void forecast_schedulesANewPeakFromItsFourthDay_butNotAOneToThreeDayEvent() {
        for (int days = 1; days <= 5; days++) {
            // given a flat table with a new 16:00-16:40 UTC peak on the history's last `days` days
            int first = 14 - days;
            History recorded = recorded(13, 200, day -> day >= first, day -> new int[][] {{16 * 60, 40}});

            // when
            Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

            // then nothing for an event of up to 3 days; a daily peak from the 4th day on
            if (days < 4) {
                assertEquals(NoScheduleReason.NOT_RECURRING,
                        assertInstanceOf(NoSchedule.class, forecast.proposal()).reason(), days + " day(s)");
            } else {
                assertEquals(1, forecast.peaks().size(), days + " day(s): " + forecast.peaks());
                assertEquals(days, forecast.peaks().get(0).occurrences());
                assertEquals(days, forecast.peaks().get(0).eligibleDays());
                assertEquals(2, forecast.scheduledActions().size());
            }
        }
    }

    @Test
    void forecast_schedulesNothing_whenAPeakSinceItsFirstDayIsSeenOnFewerThan70PercentOfTheDays() {
        // given a 16:00 peak on 4 of the history's last 7 days (days 7, 9, 11 and 13)
        History recorded = recorded(14, 200, day -> day >= 7 && day % 2 == 1, day -> new int[][] {{16 * 60, 40}});

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then 4 occurrences, but on 4 of 7 days since the first: not recurring
        assertEquals(NoScheduleReason.NOT_RECURRING,
                assertInstanceOf(NoSchedule.class, forecast.proposal()).reason());
    }

    @Test
    void forecast_givesTheSameNamesAndValues_whenRunAgainOnTheSameHistory() {
        // given
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();

        // when
        Forecast first = forecast(trace, ForecastTraces.POLICY);
        Forecast second = forecast(trace, ForecastTraces.POLICY);

        // then the scheduled actions are the same (names included), so running again updates, never duplicates
        assertEquals(first.scheduledActions(), second.scheduledActions());
    }

    @Test
    void forecast_keepsItsActionNames_whenRunAgainADayLater() {
        // given the daily trace's history, and the same window one day later
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();
        Instant dayLater = ForecastTraces.START.plusSeconds(86_400);
        History later = new TargetTrackingModel().replay(dayLater, java.util.Arrays.copyOfRange(trace.demand(),
                        ForecastTraces.DAY, ForecastTraces.DAY + trace.historyMinutes()), ForecastTraces.POLICY,
                List.of()).asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);

        // when
        Forecast today = forecast(trace, ForecastTraces.POLICY);
        Forecast tomorrow = forecaster.forecast(later, ForecastTraces.POLICY, later.end());

        // then the same names: the next run updates our two actions rather than adding two more
        assertEquals(2, today.scheduledActions().size());
        assertEquals(today.scheduledActions().stream().map(ScheduledMinCapacity::scheduledActionName).toList(),
                tomorrow.scheduledActions().stream().map(ScheduledMinCapacity::scheduledActionName).toList());
    }

    @Test
    void forecast_targetsTheIndexScalableTarget_forAGsi() {
        // given the daily peak recorded on a GSI's reads
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();
        var gsi = dev.hpr.remediator.core.model.ResourceRef.index("orders", "byCustomer");
        History recorded = new TargetTrackingModel().replay(ForecastTraces.START, java.util.Arrays.copyOf(
                trace.demand(), trace.historyMinutes()), ForecastTraces.POLICY, List.of())
                .asHistory(gsi, dev.hpr.remediator.core.model.OperationType.READ);

        // when
        Forecast forecast = forecaster.forecast(recorded, ForecastTraces.POLICY, recorded.end());

        // then
        MinCapacitySchedule schedule = assertInstanceOf(MinCapacitySchedule.class, forecast.proposal());
        assertEquals("table/orders/index/byCustomer", schedule.resourceId());
        assertEquals("dynamodb:index:ReadCapacityUnits", schedule.scalableDimension());
        assertEquals("hpr-forecast-read-daily-0900-raise", schedule.actions().get(0).scheduledActionName());
    }

    @Test
    void forecast_rejectsHistory_whenItEndsAfterNow() {
        History history = ForecastTraces.recorded(ForecastTraces.flat());
        Instant before = history.end().minusSeconds(60);

        var error = assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(history, ForecastTraces.POLICY, before));
        assertTrue(error.getMessage().contains("after now"), error.getMessage());
    }

    @Test
    void settings_rejectANegativeRestoreDelay_whichWouldLowerTheMinimumInsideThePeak() {
        ForecastSettings d = ForecastSettings.defaults();

        var error = assertThrows(IllegalArgumentException.class, () -> new ForecastSettings(d.maxHistory(),
                d.minHistory(), d.peakFactor(), d.minPeakMinutes(), d.mergeGapMinutes(), d.startTolerance(),
                d.minOccurrences(), d.recurringFraction(), d.minNewPeakOccurrences(), d.offDayMaxFraction(),
                d.recentDays(), d.heightPercentile(), d.startPercentile(), d.leadTime(), Duration.ofMinutes(-5),
                d.warmThroughputMargin(), d.maxPeaksPerTarget()));
        assertTrue(error.getMessage().contains("PT-5M"), error.getMessage());
        assertEquals(Duration.ZERO, d.restoreAfter());
    }

    @Test
    void settings_rejectALeadSoShortThatTwoPeaksCouldShareTheirActionsNames() {
        ForecastSettings d = ForecastSettings.defaults();

        // a 3-minute peak, 5 minutes of lead and a restore at the end: peaks 9 minutes apart would stay two, and
        // 09:08 and 09:17 both round to 09:15
        var error = assertThrows(IllegalArgumentException.class, () -> new ForecastSettings(d.maxHistory(),
                d.minHistory(), d.peakFactor(), 3, d.mergeGapMinutes(), d.startTolerance(), d.minOccurrences(),
                d.recurringFraction(), d.minNewPeakOccurrences(), d.offDayMaxFraction(), d.recentDays(),
                d.heightPercentile(), d.startPercentile(), Duration.ofMinutes(5), Duration.ZERO,
                d.warmThroughputMargin(), d.maxPeaksPerTarget()));
        assertTrue(error.getMessage().contains("same name"), error.getMessage());
    }

    @Test
    void history_rejectsNegativeOrNaNValues() {
        var error = assertThrows(IllegalArgumentException.class, () -> new History(ForecastTraces.TABLE,
                ForecastTraces.WRITE, ForecastTraces.START, new double[] {1, Double.NaN}, new double[2]));
        assertTrue(error.getMessage().contains("minute 1 was NaN"), error.getMessage());
    }

    /**
     * 14 days of ~100 units/s with peaks of ~800 on the days {@code on} accepts (day 0 a Monday): each peak is
     * {@code {startMinute, minutes}}, recorded under reactive target tracking.
     */
    private static History recorded(long seed, java.util.function.IntPredicate on, int[]... peaks) {
        return recorded(seed, 100, on, day -> peaks);
    }

    /** The same, with a baseline of {@code level} and each day's peaks from {@code peaksOn}. */
    private static History recorded(long seed, double level, java.util.function.IntPredicate on,
                                    java.util.function.IntFunction<int[][]> peaksOn) {
        var random = new Random(seed);
        double[] demand = ForecastTraces.baseline(random, level, 14);
        for (int day = 0; day < 14; day++) {
            if (on.test(day)) {
                for (int[] p : peaksOn.apply(day)) {
                    ForecastTraces.peak(demand, random, day, p[0], p[1], 8 * level);
                }
            }
        }
        return new TargetTrackingModel().replay(ForecastTraces.START, demand, ForecastTraces.POLICY, List.of())
                .asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);
    }

    /** 14 days of an on-demand table: ~1,000 units/s, a daily 10:00-10:40 peak of {@code peak}, no throttling. */
    private static History onDemand(double peak) {
        var random = new Random(11);
        double[] demand = ForecastTraces.baseline(random, 1000, 14);
        for (int day = 0; day < 14; day++) {
            ForecastTraces.peak(demand, random, day, 10 * 60, 40, peak);
        }
        return new History(ForecastTraces.TABLE, ForecastTraces.WRITE, ForecastTraces.START, demand,
                new double[demand.length]);
    }
}
