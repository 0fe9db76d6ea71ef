package dev.hpr.remediator.finding;

import java.util.List;
import java.util.Locale;

/**
 * A per-minute series as one line of block characters, {@code ▁▁▂▆█▇▅▂▁}, with its peak: the shape of throttling
 * (a burst, a plateau, stopped on its own) seen before it is read. A minute without throttling is the lowest block,
 * any throttling at least the second, the peak the highest. A window longer than {@value #MAX_WIDTH} minutes is drawn
 * with each character standing for several minutes (their maximum).
 */
final class Sparkline {

    static final int MAX_WIDTH = 60;
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /** The line, or empty text for an empty series. */
    static String draw(List<Double> perMinute) {
        if (perMinute.isEmpty()) {
            return "";
        }
        int width = Math.min(MAX_WIDTH, perMinute.size());
        double[] buckets = new double[width];
        for (int i = 0; i < perMinute.size(); i++) {
            int bucket = (int) ((long) i * width / perMinute.size());
            buckets[bucket] = Math.max(buckets[bucket], value(perMinute.get(i)));
        }
        double peak = 0;
        for (double v : buckets) {
            peak = Math.max(peak, v);
        }
        var line = new StringBuilder(width);
        for (double v : buckets) {
            int level = v <= 0 || peak <= 0 ? 0 : Math.max(1, (int) Math.ceil(v / peak * (BLOCKS.length - 1)));
            line.append(BLOCKS[level]);
        }
        return line.toString();
    }

    /**
     * {@code ▁▁▂▆█▇▅▂▁ peak 1,234/min (60 min, 1 character per minute)}; empty when nothing throttled.
     */
    static String describe(List<Double> perMinute) {
        double peak = perMinute.stream().mapToDouble(Sparkline::value).max().orElse(0);
        if (peak <= 0) {
            return "";
        }
        int width = Math.min(MAX_WIDTH, perMinute.size());
        int minutesPerCharacter = (perMinute.size() + width - 1) / width;
        return draw(perMinute) + " peak " + String.format(Locale.ROOT, "%,.0f", peak) + "/min (" + perMinute.size()
                + " min, " + (minutesPerCharacter == 1 ? "1 character per minute" : "1 character per "
                + minutesPerCharacter + " minutes") + ")";
    }

    private static double value(Double v) {
        return v == null || v.isNaN() ? 0 : v;
    }
}
