package dev.hpr.remediator.core.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The shape of throttling over the window, and whether it has stopped on its own.
 *
 * @param throttledMinutes          periods with at least one throttled event
 * @param episodes                  runs of consecutive throttled periods
 * @param peakPerMinute             the most throttled events in one period
 * @param minutesSinceLastThrottle  periods from the last throttled one to the window's end; empty when none
 * @param selfHealed                throttling stopped at least the configured quiet minutes before the window's end:
 *                                  DynamoDB split the partition for heat, or burst capacity absorbed it
 * @param perMinute                 the throttled events of each period, oldest first (what a sparkline draws)
 */
public record Pattern(
        PatternKind kind,
        int throttledMinutes,
        int windowMinutes,
        int episodes,
        double peakPerMinute,
        OptionalInt minutesSinceLastThrottle,
        boolean selfHealed,
        List<Double> perMinute) {

    public Pattern {
        perMinute = List.copyOf(perMinute);
    }

    /** A pattern without its per-period series (recorded findings, tests). */
    public Pattern(PatternKind kind, int throttledMinutes, int windowMinutes, int episodes, double peakPerMinute,
                   OptionalInt minutesSinceLastThrottle, boolean selfHealed) {
        this(kind, throttledMinutes, windowMinutes, episodes, peakPerMinute, minutesSinceLastThrottle, selfHealed,
                List.of());
    }

    static final int CONSISTENT_MIN_MINUTES = 5;
    static final double CONSISTENT_MIN_COVERAGE = 0.6;
    static final int BURST_MIN_EPISODE_MINUTES = 2;
    static final double BURST_SPIKE_FACTOR = 3.0;

    /** Classifies a per-period series of throttled events; see {@link PatternKind} for the definitions. */
    public static Pattern classify(Series throttles, int quietMinutesForSelfHealed) {
        List<int[]> episodes = episodes(throttles);
        int windowMinutes = throttles.size();
        if (episodes.isEmpty()) {
            return new Pattern(PatternKind.NONE, 0, windowMinutes, 0, 0, OptionalInt.empty(), false,
                    throttles.values());
        }
        int throttledMinutes = episodes.stream().mapToInt(e -> e[1] - e[0] + 1).sum();
        int first = episodes.get(0)[0];
        int last = episodes.get(episodes.size() - 1)[1];
        double coverage = throttledMinutes / (double) (last - first + 1);
        int minutesSinceLast = windowMinutes - 1 - last;

        PatternKind kind;
        if (throttledMinutes >= CONSISTENT_MIN_MINUTES && coverage >= CONSISTENT_MIN_COVERAGE) {
            kind = PatternKind.CONSISTENT;
        } else if (hasBurst(throttles, episodes)) {
            kind = PatternKind.INTERMITTENT;
        } else {
            kind = PatternKind.SPORADIC;
        }
        return new Pattern(kind, throttledMinutes, windowMinutes, episodes.size(), throttles.max(),
                OptionalInt.of(minutesSinceLast), minutesSinceLast >= quietMinutesForSelfHealed, throttles.values());
    }

    private static boolean hasBurst(Series throttles, List<int[]> episodes) {
        var throttled = new ArrayList<Double>();
        for (int i = 0; i < throttles.size(); i++) {
            if (throttles.at(i) > 0) {
                throttled.add(throttles.at(i));
            }
        }
        throttled.sort(Double::compare);
        double median = throttled.get(throttled.size() / 2);
        for (int[] episode : episodes) {
            if (episode[1] - episode[0] + 1 >= BURST_MIN_EPISODE_MINUTES) {
                return true;
            }
        }
        return throttles.max() >= BURST_SPIKE_FACTOR * median && throttled.size() > 1;
    }

    /** Runs of consecutive non-zero periods as [first, last] index pairs. */
    private static List<int[]> episodes(Series series) {
        var episodes = new ArrayList<int[]>();
        int start = -1;
        for (int i = 0; i < series.size(); i++) {
            if (series.at(i) > 0 && start < 0) {
                start = i;
            } else if (series.at(i) <= 0 && start >= 0) {
                episodes.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            episodes.add(new int[] {start, series.size() - 1});
        }
        return episodes;
    }

    /** One sentence for the finding. */
    public String explanation() {
        String shape = switch (kind) {
            case NONE -> "No throttled minute in the window.";
            case CONSISTENT -> String.format(Locale.ROOT,
                    "Consistent: throttled in %d of %d minutes, peak %.0f events/min.", throttledMinutes,
                    windowMinutes, peakPerMinute);
            case INTERMITTENT -> String.format(Locale.ROOT,
                    "Intermittent bursts: %d episode(s) over %d throttled minutes, peak %.0f events/min.", episodes,
                    throttledMinutes, peakPerMinute);
            case SPORADIC -> String.format(Locale.ROOT,
                    "Sporadic: %d isolated throttled minute(s), peak %.0f events/min.", throttledMinutes,
                    peakPerMinute);
        };
        return shape + (selfHealed ? String.format(Locale.ROOT,
                " Stopped %d minutes ago without intervention (self-healed: split for heat or burst capacity).",
                minutesSinceLastThrottle.getAsInt()) : "");
    }
}
