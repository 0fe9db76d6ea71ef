package dev.hpr.remediator.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A table's own history replayed in sample (what the forecast finding's backtest line shows): reactive vs with the
 * schedule the forecast drew from that history.
 */
class BacktestOwnHistoryTest {

    private final TargetTrackingModel model = new TargetTrackingModel();
    private final Backtest backtest = new Backtest(new PeakForecaster(ForecastSettings.defaults()), model);

    @Test
    void replay_ofAThrottlingDailyPeak_throttlesLessWithTheSchedule_forMoreCapacityUnitHours() {
        // given 14 days of the daily morning peak as CloudWatch recorded it under reactive target tracking
        ForecastTraces.Trace trace = ForecastTraces.dailyMorningPeak();
        double[] past = Arrays.copyOf(trace.demand(), trace.historyMinutes());
        History recorded = model.replay(ForecastTraces.START, past, ForecastTraces.POLICY, List.of())
                .asHistory(ForecastTraces.TABLE, ForecastTraces.WRITE);
        Forecast forecast = new PeakForecaster(ForecastSettings.defaults()).forecast(recorded, ForecastTraces.POLICY,
                recorded.end());

        // when its own history is replayed with and without the schedule drawn from it
        Backtest.OwnHistory own = backtest.replay(recorded, ForecastTraces.POLICY, forecast.scheduledActions());

        // then
        assertEquals(2, forecast.scheduledActions().size());
        assertEquals(recorded.minutes(), own.reactive().minutes());
        assertTrue(own.reactive().throttledMinutes() >= 14, "reactive " + own.reactive().throttledMinutes());
        assertTrue(own.withSchedule().throttledMinutes() < own.reactive().throttledMinutes() / 10,
                "with the schedule " + own.withSchedule().throttledMinutes());
        assertTrue(own.withSchedule().capacityUnitHours() > own.reactive().capacityUnitHours());
    }

    @Test
    void replay_withoutASchedule_isReactiveTwice() {
        History flat = new History(ForecastTraces.TABLE, ForecastTraces.WRITE, ForecastTraces.START,
                filled(1440, 3), new double[1440]);

        Backtest.OwnHistory own = backtest.replay(flat, ForecastTraces.POLICY, List.of());

        assertEquals(own.reactive().capacityUnitHours(), own.withSchedule().capacityUnitHours());
        assertEquals(0, own.reactive().throttledMinutes());
    }

    @Test
    void replay_ofAnEmptyHistory_isRefused_namingTheResource() {
        History empty = new History(ForecastTraces.TABLE, ForecastTraces.WRITE, ForecastTraces.START, new double[0],
                new double[0]);

        var error = assertThrows(IllegalArgumentException.class,
                () -> backtest.replay(empty, ForecastTraces.POLICY, List.of()));
        assertTrue(error.getMessage().contains(ForecastTraces.TABLE.label()), error.getMessage());
    }

    private static double[] filled(int minutes, double value) {
        double[] values = new double[minutes];
        Arrays.fill(values, value);
        return values;
    }
}
