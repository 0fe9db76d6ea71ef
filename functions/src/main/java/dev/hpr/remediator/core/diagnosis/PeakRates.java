package dev.hpr.remediator.core.diagnosis;

/**
 * The highest one-period rates of one resource and operation over the window, per second (a period's {@code Sum}
 * divided by its seconds): what a hot key's shard count is sized from ({@link HotKeyDemand}).
 *
 * @param consumedUnitsPerSecond   the highest period's {@code Consumed{Read|Write}CapacityUnits} / period seconds
 * @param consumedMeasured         that metric returned a datapoint; when false, consumption is unknown and counts as 0
 * @param throttleEventsPerSecond  the highest period's throttled events of the finding's cause / period seconds: the
 *                                 cause's own metric ({@code …KeyRangeThroughputThrottleEvents} for a hot partition),
 *                                 or all throttled events when no per-cause metric had data (a fallback cause)
 */
public record PeakRates(double consumedUnitsPerSecond, boolean consumedMeasured, double throttleEventsPerSecond) {

    public PeakRates {
        if (!(consumedUnitsPerSecond >= 0) || !(throttleEventsPerSecond >= 0)) {
            throw new IllegalArgumentException("rates must be >= 0, were " + consumedUnitsPerSecond + " consumed and "
                    + throttleEventsPerSecond + " throttled per second");
        }
    }
}
