package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Out-of-sample backtest of the forecast on one demand trace: the first {@code historyMinutes} are replayed under
 * reactive target tracking and recorded as CloudWatch would have (consumed capacity and throttle events); the
 * forecast reads that record; the rest of the trace is then replayed twice, reactive only and with the forecast's
 * scheduled actions, from the same starting state.
 */
public final class Backtest {

    private final PeakForecaster forecaster;
    private final TargetTrackingModel model;

    public Backtest(PeakForecaster forecaster, TargetTrackingModel model) {
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** One trace's outcome. */
    public record Line(String trace, Forecast forecast, Replay reactive, Replay withForecast) {

        /** Fewer throttled minutes with the forecast, as a fraction of reactive's (0 when reactive had none). */
        public double throttledMinutesReduction() {
            return reactive.throttledMinutes() == 0 ? 0
                    : 1 - (double) withForecast.throttledMinutes() / reactive.throttledMinutes();
        }

        /** More capacity-unit-hours with the forecast, as a fraction of reactive's. */
        public double capacityIncrease() {
            return withForecast.capacityUnitHours() / reactive.capacityUnitHours() - 1;
        }

        public List<ScheduledMinCapacity> scheduled() {
            return forecast.scheduledActions();
        }
    }

    public Line run(String trace, ResourceRef resource, OperationType operation, Instant start, double[] demand,
                    int historyMinutes, Serving.TargetTracking policy) {
        if (historyMinutes <= 0 || historyMinutes >= demand.length) {
            throw new IllegalArgumentException("history must be 1.." + (demand.length - 1) + " minutes, was "
                    + historyMinutes);
        }
        double[] past = Arrays.copyOfRange(demand, 0, historyMinutes);
        double[] future = Arrays.copyOfRange(demand, historyMinutes, demand.length);
        History recorded = model.replay(start, past, policy, List.of()).asHistory(resource, operation);
        Instant now = start.plusSeconds(60L * historyMinutes);
        Forecast forecast = forecaster.forecast(recorded, policy, now);
        Replay reactive = model.replay(now, future, policy, List.of());
        Replay withForecast = model.replay(now, future, policy, forecast.scheduledActions());
        return new Line(trace, forecast, reactive, withForecast);
    }

    /**
     * A table's own history replayed in sample: its recorded demand (consumed plus throttled units per second, minute
     * by minute) through the policy, once reactive only and once with the schedule. In sample, so it shows what the
     * schedule would have done on the days it was learnt from, not a prediction.
     */
    public record OwnHistory(History history, Replay reactive, Replay withSchedule) {
    }

    public OwnHistory replay(History history, Serving.TargetTracking policy, List<ScheduledMinCapacity> schedule) {
        Objects.requireNonNull(history, "history");
        double[] consumed = history.consumedUnitsPerSecond();
        double[] throttled = history.throttleEventsPerSecond();
        if (consumed.length == 0) {
            throw new IllegalArgumentException("an empty history of " + history.resource().label() + " has nothing"
                    + " to replay");
        }
        double[] demand = new double[consumed.length];
        for (int i = 0; i < demand.length; i++) {
            demand[i] = consumed[i] + throttled[i];
        }
        return new OwnHistory(history, model.replay(history.start(), demand, policy, List.of()),
                model.replay(history.start(), demand, policy, schedule));
    }
}
