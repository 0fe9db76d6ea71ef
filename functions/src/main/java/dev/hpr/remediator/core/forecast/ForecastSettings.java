package dev.hpr.remediator.core.forecast;

import java.time.Duration;

/**
 * The forecast method's parameters (docs/forecast.md explains each). {@link #defaults()} are what the remediator
 * uses; tests change one at a time.
 *
 * @param maxHistory           history analysed: 14 days (CloudWatch keeps 1-minute data 15 days; AWS's predictive
 *                             scaling analyses up to 14)
 * @param minHistory           below this, no forecast: 24 hours (AWS's predictive scaling needs 24 hours too)
 * @param peakFactor           a minute is elevated when its demand is above baseline x this (or it throttled)
 * @param minPeakMinutes       shorter runs are not peaks: DynamoDB's burst capacity (up to 300 s of unused capacity)
 *                             and target tracking's 2-minute alarm make shorter ones noise for scheduling
 * @param mergeGapMinutes      elevated runs this close are one peak
 * @param startTolerance       occurrences whose starts are within +- this are the same peak
 * @param minOccurrences       a recurring peak is seen at least this many times
 * @param recurringFraction    ... and on at least this fraction of the days that could show it
 * @param minNewPeakOccurrences or, counting only the days since its first occurrence, at least this many times (and
 *                             on {@code recurringFraction} of them): a peak that began or moved during the history.
 *                             4: a one-off spike and a 2- or 3-day event are still not scheduled
 * @param offDayMaxFraction    a weekday peak is seen on at most this fraction of Saturdays and Sundays
 * @param recentDays           ... and on at least one of the last this many days that could show it
 * @param heightPercentile     the peak's height: this percentile of its occurrences' heights (nearest rank)
 * @param startPercentile      its start: this percentile of the starts (its end: 100 minus this, of the ends)
 * @param leadTime             a raise runs this long before the estimated start
 * @param restoreAfter         a restore runs this long after the estimated end ({@link #RESTORE_AFTER_END}: at it)
 * @param warmThroughputMargin an on-demand raise is the peak x (1 + this)
 * @param maxPeaksPerTarget    at most this many peaks (2 scheduled actions each) per scalable target, far below the
 *                             200 scheduled actions a scalable target may hold
 */
public record ForecastSettings(Duration maxHistory, Duration minHistory, double peakFactor, int minPeakMinutes,
                               int mergeGapMinutes, Duration startTolerance, int minOccurrences,
                               double recurringFraction, int minNewPeakOccurrences, double offDayMaxFraction,
                               int recentDays,
                               double heightPercentile, double startPercentile, Duration leadTime,
                               Duration restoreAfter, double warmThroughputMargin, int maxPeaksPerTarget) {

    /**
     * The restore runs at the estimated end (already late: the 90th percentile of the ends), not after it. Lowering
     * {@code MinCapacity} never lowers capacity by itself: target tracking scales in only after 15 consecutive
     * datapoints 20% or more below its target (see {@link TargetTrackingModel}), so while a peak runs past its
     * estimated end the capacity stays. Restoring later only holds the raised minimum: once the peak is over, the
     * first scale-in (15 low datapoints after it) lands on the raised minimum instead of the baseline's capacity,
     * spends one of the table's daily decreases, and the second waits 15 more datapoints. In the backtest
     * (docs/forecast.md, "Backtest") any restore 0 to 11 minutes after the estimated end gives the same figures,
     * with no throttled minute on the recurring traces; from 12 minutes on it costs more (15: +17% capacity-unit-hours
     * instead of +12% on the grown peak with a 3-datapoint alarm). Restoring at the end also lets a peak that ends up
     * to about 15 minutes before its estimate scale in as soon as reactive scaling would.
     */
    public static final Duration RESTORE_AFTER_END = Duration.ZERO;

    public ForecastSettings {
        if (leadTime.isNegative() || restoreAfter.isNegative()) {
            throw new IllegalArgumentException("leadTime and restoreAfter must not be negative, were " + leadTime
                    + " and " + restoreAfter);
        }
        if (minHistory.compareTo(maxHistory) > 0 || minHistory.toMinutes() < 60) {
            throw new IllegalArgumentException("need 1 h <= minHistory <= maxHistory, were " + minHistory + " and "
                    + maxHistory);
        }
        if (!(peakFactor > 1) || minPeakMinutes < 1 || mergeGapMinutes < 0 || minOccurrences < 2) {
            throw new IllegalArgumentException("peakFactor > 1, minPeakMinutes >= 1, mergeGapMinutes >= 0 and"
                    + " minOccurrences >= 2 needed");
        }
        if (minNewPeakOccurrences < minOccurrences) {
            throw new IllegalArgumentException("minNewPeakOccurrences must be at least minOccurrences ("
                    + minOccurrences + "), was " + minNewPeakOccurrences);
        }
        if (!(recurringFraction > 0 && recurringFraction <= 1) || !(offDayMaxFraction >= 0
                && offDayMaxFraction < recurringFraction)) {
            throw new IllegalArgumentException("need 0 <= offDayMaxFraction < recurringFraction <= 1, were "
                    + offDayMaxFraction + " and " + recurringFraction);
        }
        // Peaks not merged start more than minPeakMinutes + leadTime + restoreAfter apart (PeakForecaster.merged);
        // their actions are named after the start's quarter hour, and two starts 15 or more minutes apart never round
        // to the same quarter: the names of distinct peaks must not collide.
        if (minPeakMinutes + leadTime.toMinutes() + restoreAfter.toMinutes() < 14) {
            throw new IllegalArgumentException("minPeakMinutes + leadTime + restoreAfter must be at least 14 minutes,"
                    + " or two peaks' scheduled actions could get the same name; were " + minPeakMinutes + ", "
                    + leadTime + " and " + restoreAfter);
        }
        if (maxPeaksPerTarget < 1 || maxPeaksPerTarget * 2 > 200) {
            throw new IllegalArgumentException("maxPeaksPerTarget must be 1..100 (200 scheduled actions per"
                    + " scalable target), was " + maxPeaksPerTarget);
        }
    }

    public static ForecastSettings defaults() {
        return new ForecastSettings(Duration.ofDays(14), Duration.ofHours(24), /* peakFactor= */ 1.5,
                /* minPeakMinutes= */ 3, /* mergeGapMinutes= */ 5, Duration.ofMinutes(15), /* minOccurrences= */ 2,
                /* recurringFraction= */ 0.7, /* minNewPeakOccurrences= */ 4, /* offDayMaxFraction= */ 0.3,
                /* recentDays= */ 2, /* heightPercentile= */ 90, /* startPercentile= */ 10,
                /* leadTime= */ Duration.ofMinutes(15), RESTORE_AFTER_END, /* warmThroughputMargin= */ 0.10,
                /* maxPeaksPerTarget= */ 20);
    }
}
