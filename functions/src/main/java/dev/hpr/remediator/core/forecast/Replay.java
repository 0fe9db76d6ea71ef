package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Instant;

/**
 * What one replay through {@link TargetTrackingModel} produced: per minute, the consumed units, the throttled units
 * (as throttle events per second, one unit per request) and the provisioned capacity; and the totals the backtest
 * compares.
 */
public final class Replay {

    private final Instant start;
    private final double[] consumed;
    private final double[] throttled;
    private final double[] capacity;
    private final int throttledMinutes;
    private final double capacityUnitHours;
    private final int scaleOuts;
    private final int scaleIns;

    Replay(Instant start, double[] consumed, double[] throttled, double[] capacity, int throttledMinutes,
           double capacityUnitHours, int scaleOuts, int scaleIns) {
        this.start = start;
        this.consumed = consumed;
        this.throttled = throttled;
        this.capacity = capacity;
        this.throttledMinutes = throttledMinutes;
        this.capacityUnitHours = capacityUnitHours;
        this.scaleOuts = scaleOuts;
        this.scaleIns = scaleIns;
    }

    /** Minutes in which any request was throttled. */
    public int throttledMinutes() {
        return throttledMinutes;
    }

    /** Provisioned capacity units summed over the hours: what provisioned capacity is billed by. */
    public double capacityUnitHours() {
        return capacityUnitHours;
    }

    public int scaleOuts() {
        return scaleOuts;
    }

    public int scaleIns() {
        return scaleIns;
    }

    public double capacityAt(int minute) {
        return capacity[minute];
    }

    public int minutes() {
        return consumed.length;
    }

    /** What CloudWatch would have recorded: the replay as a forecast's input. */
    public History asHistory(ResourceRef resource, OperationType operation) {
        return new History(resource, operation, start, consumed, throttled);
    }
}
