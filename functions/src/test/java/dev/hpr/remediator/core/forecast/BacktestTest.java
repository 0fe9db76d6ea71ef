package dev.hpr.remediator.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The goal on the recorded traces, out of sample (forecast from 14 days, replay the next 7): on every
 * recurring-peak trace (daily, weekdays, and the daily peak 25% higher in the replayed week) at least 90% fewer
 * throttled minutes for at most 15% more capacity-unit-hours; on flat and one-off traces nothing scheduled. For
 * DynamoDB's 2 breaching datapoints and for 3.
 */
class BacktestTest {

    static Stream<Arguments> recurring() {
        return Stream.of(2, 3).flatMap(datapoints -> Stream.of(ForecastTraces.dailyMorningPeak(),
                ForecastTraces.weekdayPeak(), ForecastTraces.growingDailyPeak())
                .map(trace -> Arguments.of(trace.name(), datapoints, trace)));
    }

    static Stream<Arguments> nonRecurring() {
        return Stream.of(ForecastTraces.flat(), ForecastTraces.oneOffSpike())
                .map(trace -> Arguments.of(trace.name(), trace));
    }

    private static Backtest.Line run(ForecastTraces.Trace trace, int datapoints) {
        return new Backtest(new PeakForecaster(ForecastSettings.defaults()), new TargetTrackingModel(datapoints))
                .run(trace.name(), ForecastTraces.TABLE, ForecastTraces.WRITE, ForecastTraces.START, trace.demand(),
                        trace.historyMinutes(), ForecastTraces.POLICY);
    }

    @ParameterizedTest(name = "{0}, {1} datapoints")
    @MethodSource("recurring")
    void backtest_cutsThrottledMinutes90PercentForAtMost15PercentMoreCapacity_onRecurringPeaks(
            String name, int datapoints, ForecastTraces.Trace trace) {
        // when
        Backtest.Line line = run(trace, datapoints);

        // then
        assertEquals(2, line.scheduled().size(), line.scheduled().toString());
        assertTrue(line.reactive().throttledMinutes() >= 5, "reactive throttled " + line.reactive().throttledMinutes());
        assertTrue(line.throttledMinutesReduction() >= 0.90, "throttled minutes: reactive "
                + line.reactive().throttledMinutes() + ", forecast " + line.withForecast().throttledMinutes());
        assertTrue(line.capacityIncrease() <= 0.15, "capacity-unit-hours: reactive "
                + line.reactive().capacityUnitHours() + ", forecast " + line.withForecast().capacityUnitHours());
        assertTrue(line.capacityIncrease() > 0, "a raise ahead of the peak costs something");
    }

    @ParameterizedTest(name = "{0} datapoints")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void backtest_stillPreventsThrottling_whenThePeakGrows25PercentAfterTheForecast(int datapoints) {
        // when the replayed week's peak is 25% above the history's
        Backtest.Line line = run(ForecastTraces.growingDailyPeak(), datapoints);

        // then the raise plus target tracking's headroom still serve it: target tracking does the rest from there
        assertTrue(line.reactive().throttledMinutes() >= 20, "reactive throttled " + line.reactive().throttledMinutes());
        assertEquals(0, line.withForecast().throttledMinutes());
        assertTrue(line.withForecast().scaleOuts() >= 7, "scale-outs above the raise " + line.withForecast().scaleOuts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonRecurring")
    void backtest_schedulesNothingAndChangesNothing_onFlatAndOneOffTraces(String name, ForecastTraces.Trace trace) {
        // when
        Backtest.Line line = run(trace, TargetTrackingModel.DYNAMODB_HIGH_ALARM_DATAPOINTS);

        // then
        assertInstanceOf(Proposal.NoSchedule.class, line.forecast().proposal());
        assertTrue(line.scheduled().isEmpty());
        assertEquals(line.reactive().throttledMinutes(), line.withForecast().throttledMinutes());
        assertEquals(line.reactive().capacityUnitHours(), line.withForecast().capacityUnitHours(), 1e-9);
    }
}
