package dev.hpr.remediator.perf;

import dev.hpr.remediator.core.forecast.Backtest;
import dev.hpr.remediator.core.forecast.ForecastSettings;
import dev.hpr.remediator.core.forecast.ForecastTraces;
import dev.hpr.remediator.core.forecast.PeakForecaster;
import dev.hpr.remediator.core.forecast.Proposal;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.forecast.TargetTrackingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forecast's backtest (issue: pre-warm ahead of recurring peaks): each recorded trace's 14 days of history are
 * replayed under reactive target tracking, the forecast reads what CloudWatch would have recorded, and the next 7
 * days are replayed reactive only and with the forecast's schedule. Prints one table; asserts nothing (the tests in
 * {@code core.forecast} do). Pure: no local AWS needed, about a second.
 */
public final class ForecastBacktest {

    private ForecastBacktest() {
    }

    public static void main(String[] args) {
        System.out.print(table());
    }

    /** The backtest table: the target-tracking model with DynamoDB's 2 breaching datapoints, then with 3. */
    static String table() {
        var out = new StringBuilder();
        for (int datapoints : new int[] {TargetTrackingModel.DYNAMODB_HIGH_ALARM_DATAPOINTS, 3}) {
            var backtest = new Backtest(new PeakForecaster(ForecastSettings.defaults()),
                    new TargetTrackingModel(datapoints));
            var table = new TextTable(List.of("trace (7 days replayed)", "scheduled", "throttled min reactive",
                    "throttled min forecast", "change", "capacity-unit-h reactive", "capacity-unit-h forecast",
                    "change"));
            for (ForecastTraces.Trace trace : ForecastTraces.all()) {
                Backtest.Line line = backtest.run(trace.name(), ForecastTraces.TABLE, ForecastTraces.WRITE,
                        ForecastTraces.START, trace.demand(), trace.historyMinutes(), ForecastTraces.POLICY);
                table.row(List.of(trace.name(), scheduled(line),
                        Integer.toString(line.reactive().throttledMinutes()),
                        Integer.toString(line.withForecast().throttledMinutes()),
                        percent(-line.throttledMinutesReduction()),
                        String.format(Locale.ROOT, "%,.0f", line.reactive().capacityUnitHours()),
                        String.format(Locale.ROOT, "%,.0f", line.withForecast().capacityUnitHours()),
                        percent(line.capacityIncrease())));
            }
            out.append(String.format(Locale.ROOT, "Forecast backtest: scale out after %d breaching one-minute"
                    + " datapoints%s, alarm delay %d min, update %d min, scale in after %d datapoints at <= %.0f%% of"
                    + " target, MinCapacity %d, MaxCapacity %d, target %.0f%%%n", datapoints,
                    datapoints == TargetTrackingModel.DYNAMODB_HIGH_ALARM_DATAPOINTS ? " (DynamoDB's)" : "",
                    TargetTrackingModel.ALARM_DELAY_MINUTES, TargetTrackingModel.UPDATE_MINUTES,
                    TargetTrackingModel.LOW_ALARM_DATAPOINTS, TargetTrackingModel.LOW_ALARM_FACTOR * 100,
                    ForecastTraces.POLICY.minCapacity(), ForecastTraces.POLICY.maxCapacity(),
                    ForecastTraces.POLICY.targetUtilizationPercent()));
            out.append(table.render()).append('\n');
        }
        return out.toString();
    }

    private static String scheduled(Backtest.Line line) {
        if (line.forecast().proposal() instanceof Proposal.NoSchedule none) {
            return "nothing (" + none.reason() + ")";
        }
        var parts = new ArrayList<String>();
        for (ScheduledMinCapacity action : line.scheduled()) {
            parts.add(action.schedule().expression() + " Min " + action.minCapacity());
        }
        return String.join("; ", parts);
    }

    private static String percent(double fraction) {
        double rounded = Math.round(fraction * 100) + 0.0;  // no "-0%"
        return rounded == 0 ? "0%" : String.format(Locale.ROOT, "%+.0f%%", rounded);
    }
}
