package dev.hpr.remediator.core.forecast;

import dev.hpr.remediator.core.forecast.Proposal.BeyondMaxCapacity;
import dev.hpr.remediator.core.forecast.Proposal.MinCapacitySchedule;
import dev.hpr.remediator.core.forecast.Proposal.NoSchedule;
import dev.hpr.remediator.core.forecast.Proposal.WarmThroughputRaise;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the recurring peaks in a table's (or GSI's) history and proposes what to schedule: the method of this
 * package (see {@code package-info} and docs/forecast.md). Pure: time comes in as {@code now}.
 */
public final class PeakForecaster {

    private static final int DAY = 1440;

    private final ForecastSettings settings;

    public PeakForecaster(ForecastSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Forecasts from the history (which must end by {@code now}) against what the table serves. */
    public Forecast forecast(History full, Serving serving, Instant now) {
        Objects.requireNonNull(serving, "serving");
        if (full.end().isAfter(now)) {
            throw new IllegalArgumentException("history ends at " + full.end() + ", after now " + now);
        }
        History h = full.last((int) settings.maxHistory().toMinutes());
        double[] consumed = h.consumedUnitsPerSecond();
        double[] throttled = h.throttleEventsPerSecond();
        double[] demand = new double[h.minutes()];
        for (int i = 0; i < demand.length; i++) {
            demand[i] = consumed[i] + throttled[i];
        }
        double baseline = demand.length == 0 ? 0 : percentile(demand.clone(), 50);
        if (h.length().compareTo(settings.minHistory()) < 0) {
            return result(h, now, baseline, List.of(), new NoSchedule(NoScheduleReason.INSUFFICIENT_HISTORY,
                    String.format(Locale.ROOT, "%.1f hours of history; a forecast needs %d", h.minutes() / 60.0,
                            settings.minHistory().toHours())));
        }
        int firstMinuteOfDay = h.start().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
        List<Run> runs = runs(demand, throttled, baseline, firstMinuteOfDay);
        if (runs.isEmpty()) {
            return result(h, now, baseline, List.of(), new NoSchedule(NoScheduleReason.NO_PEAK, String.format(
                    Locale.ROOT, "no minute above %.1f x the baseline of %.1f units/s and no throttling in %d hours",
                    settings.peakFactor(), baseline, h.minutes() / 60)));
        }
        List<ForecastPeak> peaks = new ArrayList<>();
        for (List<Run> cluster : clusters(runs)) {
            recurring(h, cluster, baseline, serving).ifPresent(peaks::add);
        }
        if (peaks.isEmpty()) {
            return result(h, now, baseline, List.of(), new NoSchedule(NoScheduleReason.NOT_RECURRING, runs.size()
                    + " peak(s) above the baseline, none seen on " + Math.round(settings.recurringFraction() * 100)
                    + "% of days at the same time of day"));
        }
        peaks = merged(peaks);
        List<ForecastPeak> past = peaks.stream().filter(ForecastPeak::pastServing).toList();
        if (past.isEmpty()) {
            return result(h, now, baseline, peaks, new NoSchedule(NoScheduleReason.WITHIN_CAPACITY, peaks.size()
                    + " recurring peak(s), each served without throttling"));
        }
        return result(h, now, baseline, peaks, propose(h, past, serving));
    }

    private static Forecast result(History h, Instant now, double baseline, List<ForecastPeak> peaks, Proposal p) {
        return new Forecast(h.resource(), h.operation(), now, h.length(), baseline, peaks, p);
    }

    // --- 1. Peaks: runs of elevated minutes ---------------------------------------------------------------------

    /** A run of elevated minutes: {@code [start, end)} minute indexes, its highest demand, and whether it throttled. */
    private record Run(int start, int end, int minuteOfDay, double height, boolean throttled) {
    }

    private List<Run> runs(double[] demand, double[] throttled, double baseline, int firstMinuteOfDay) {
        double threshold = Math.max(baseline * settings.peakFactor(), baseline + 1.0);
        var runs = new ArrayList<Run>();
        int i = 0;
        while (i < demand.length) {
            if (!(demand[i] > threshold || throttled[i] > 0)) {
                i++;
                continue;
            }
            int start = i;
            int lastElevated = i;
            double height = 0;
            boolean throttling = false;
            while (i < demand.length && i - lastElevated <= settings.mergeGapMinutes()) {
                if (demand[i] > threshold || throttled[i] > 0) {
                    lastElevated = i;
                    height = Math.max(height, demand[i]);
                    throttling |= throttled[i] > 0;
                }
                i++;
            }
            if (lastElevated + 1 - start >= settings.minPeakMinutes()) {
                runs.add(new Run(start, lastElevated + 1, (firstMinuteOfDay + start) % DAY, height, throttling));
            }
            i = lastElevated + 1;
        }
        return runs;
    }

    // --- 2. Recurrence: the same time of day on most days --------------------------------------------------------

    /**
     * Groups runs whose starts are within {@code 2 x startTolerance} of the group's first start (time of day, across
     * midnight too).
     */
    private List<List<Run>> clusters(List<Run> runs) {
        var sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingInt(Run::minuteOfDay));
        int span = (int) settings.startTolerance().toMinutes() * 2;
        var clusters = new ArrayList<List<Run>>();
        List<Run> current = null;
        int first = 0;
        for (Run run : sorted) {
            int m = run.minuteOfDay();
            if (current == null || m - first > span) {
                current = new ArrayList<>();
                clusters.add(current);
                first = m;
            }
            current.add(run);
        }
        if (clusters.size() > 1) {
            List<Run> head = clusters.get(0);
            List<Run> tail = clusters.get(clusters.size() - 1);
            if (head.get(0).minuteOfDay() + DAY - tail.get(0).minuteOfDay() <= span) {
                tail.addAll(head);
                clusters.remove(0);
            }
        }
        return clusters;
    }

    private Optional<ForecastPeak> recurring(History h, List<Run> cluster, double baseline,
                                                       Serving serving) {
        int reference = cluster.get(0).minuteOfDay();
        // One occurrence per UTC day: runs of the same day in one cluster are one occurrence.
        Map<LocalDate, Run> byDay = new TreeMap<>();
        for (Run run : cluster) {
            LocalDate day = h.start().plusSeconds(60L * run.start()).atZone(ZoneOffset.UTC).toLocalDate();
            byDay.merge(day, run, (a, b) -> new Run(Math.min(a.start(), b.start()), Math.max(a.end(), b.end()),
                    a.start() <= b.start() ? a.minuteOfDay() : b.minuteOfDay(), Math.max(a.height(), b.height()),
                    a.throttled() || b.throttled()));
        }
        int[] lengths = byDay.values().stream().mapToInt(r -> r.end() - r.start()).sorted().toArray();
        int typicalLength = lengths[lengths.length / 2];

        var eligible = new ArrayList<LocalDate>();
        LocalDate firstDay = h.start().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = h.end().minusSeconds(60).atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            long index = Duration.between(h.start(), d.atStartOfDay(ZoneOffset.UTC).toInstant()).toMinutes()
                    + reference;
            if (index >= 0 && index + typicalLength <= h.minutes()) {
                eligible.add(d);
            }
        }
        // Occurrences outside an eligible day (a partial day's edge) still count as seen.
        eligible.addAll(byDay.keySet().stream().filter(d -> !eligible.contains(d)).toList());
        eligible.sort(Comparator.naturalOrder());

        // Over the whole history, at least minOccurrences times; failing that, over the days since the group's first
        // occurrence, at least minNewPeakOccurrences times: a peak that began (or moved, such as a local 09:00 at a
        // daylight saving change) during the history is scheduled after a few days instead of 70% of 14.
        Optional<Kind> kind = kind(byDay, eligible, settings.minOccurrences());
        if (kind.isEmpty()) {
            LocalDate first = byDay.keySet().iterator().next();
            kind = kind(byDay, eligible.stream().filter(d -> !d.isBefore(first)).toList(),
                    settings.minNewPeakOccurrences());
        }
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Recurrence recurrence = kind.get().recurrence();
        List<LocalDate> kindDays = kind.get().days();
        List<LocalDate> recent = kindDays.subList(Math.max(0, kindDays.size() - settings.recentDays()),
                kindDays.size());
        if (recent.stream().noneMatch(byDay::containsKey)) {
            return Optional.empty();
        }
        List<Run> occurrences = byDay.entrySet().stream()
                .filter(e -> recurrence == Recurrence.DAILY || isWeekday(e.getKey()))
                .map(Map.Entry::getValue).toList();

        // Estimates: an early start, a late end, a high height; starts and ends relative to the reference.
        double[] starts = new double[occurrences.size()];
        double[] ends = new double[occurrences.size()];
        double[] heights = new double[occurrences.size()];
        int throttledOccurrences = 0;
        for (int i = 0; i < occurrences.size(); i++) {
            Run run = occurrences.get(i);
            int offset = run.minuteOfDay() - reference;
            offset = Math.floorMod(offset + DAY / 2, DAY) - DAY / 2;
            starts[i] = offset;
            ends[i] = offset + (run.end() - run.start());
            heights[i] = run.height();
            throttledOccurrences += run.throttled() ? 1 : 0;
        }
        int start = reference + (int) percentile(starts, settings.startPercentile());
        int end = reference + (int) percentile(ends, 100 - settings.startPercentile());
        double height = percentile(heights, settings.heightPercentile());
        LocalTime startUtc = LocalTime.of(0, 0).plusMinutes(Math.floorMod(start, DAY));
        boolean past = throttledOccurrences * 2 >= occurrences.size() || height > servedAhead(serving, baseline);
        return Optional.of(new ForecastPeak(recurrence, startUtc, Duration.ofMinutes(Math.max(1,
                end - start)), height, occurrences.size(), kindDays.size(), throttledOccurrences, past));
    }

    /** How a group recurs, and the eligible days of that kind. */
    private record Kind(Recurrence recurrence, List<LocalDate> days) {
    }

    /**
     * Weekdays when seen on most eligible Monday-to-Friday days and few Saturdays and Sundays (one at least in
     * {@code eligible}), else daily when seen on most eligible days; each at least {@code minimum} times.
     */
    private Optional<Kind> kind(Map<LocalDate, Run> byDay, List<LocalDate> eligible, int minimum) {
        List<LocalDate> weekdays = eligible.stream().filter(PeakForecaster::isWeekday).toList();
        List<LocalDate> weekend = eligible.stream().filter(d -> !isWeekday(d)).toList();
        long weekdayHits = byDay.keySet().stream().filter(PeakForecaster::isWeekday).count();
        long weekendHits = byDay.size() - weekdayHits;
        if (weekdayHits >= minimum && weekdayHits >= settings.recurringFraction() * weekdays.size()
                && !weekend.isEmpty() && weekendHits <= settings.offDayMaxFraction() * weekend.size()) {
            return Optional.of(new Kind(Recurrence.WEEKDAYS, weekdays));
        }
        if (byDay.size() >= minimum && byDay.size() >= settings.recurringFraction() * eligible.size()) {
            return Optional.of(new Kind(Recurrence.DAILY, eligible));
        }
        return Optional.empty();
    }

    /**
     * What the table serves, without throttling, just ahead of a peak: for target tracking, the capacity it keeps
     * for the baseline ({@code max(MinCapacity, baseline / target)}).
     */
    private static double servedAhead(Serving serving, double baseline) {
        if (serving instanceof Serving.TargetTracking t) {
            return Math.max(t.minCapacity(), t.capacityFor(baseline));
        }
        if (serving instanceof Serving.FixedProvisioned f) {
            return f.capacityUnits();
        }
        return ((Serving.WarmThroughput) serving).unitsPerSecond();
    }

    private static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
    }

    /**
     * Peaks whose raise-to-restore windows overlap become one: two schedules must not restore into each other. The
     * day is a circle: the last peak of the day is compared with the first one of the next day (its start + 1,440
     * minutes), so that a 23:00-23:55 peak and a 00:05-00:40 peak become one window from 22:45 to 00:40, not a raise
     * at 23:50 followed by a restore at 23:55.
     *
     * <p>Merged on the same day, the result is daily when either peak is, weekdays when both are. Merged across
     * midnight, it is always daily: its days are those of the evening peak's start, and the morning peak's evenings
     * before are the day before each of its days. Two weekday peaks give evenings Monday to Friday and Sunday to
     * Thursday: weekdays would leave Monday morning's peak without its raise (Sunday evening), and only daily covers
     * both (one raise on Saturday evening more than needed). A daily peak with either is daily anyway.
     */
    private List<ForecastPeak> merged(List<ForecastPeak> peaks) {
        var sorted = new ArrayList<>(peaks);
        sorted.sort(Comparator.comparing(ForecastPeak::startUtc));
        var out = new ArrayList<ForecastPeak>();
        for (ForecastPeak p : sorted) {
            if (!out.isEmpty() && overlaps(out.get(out.size() - 1), p, 0)) {
                out.set(out.size() - 1, joined(out.get(out.size() - 1), p, 0));
                continue;
            }
            out.add(p);
        }
        // Across midnight: the day's last window against the next day's first, until they no longer overlap (a
        // merged window that reaches further may overlap the next first one too).
        while (out.size() > 1 && overlaps(out.get(out.size() - 1), out.get(0), DAY)) {
            out.set(out.size() - 1, joined(out.get(out.size() - 1), out.get(0), DAY));
            out.remove(0);
        }
        if (out.size() > settings.maxPeaksPerTarget()) {
            out.sort(Comparator.comparingDouble(ForecastPeak::expectedConsumedUnitsPerSecond).reversed());
            out = new ArrayList<>(out.subList(0, settings.maxPeaksPerTarget()));
            out.sort(Comparator.comparing(ForecastPeak::startUtc));
        }
        return out;
    }

    /** Whether {@code later}'s raise ({@code shift} minutes on: a day for the next day's) is by the restore. */
    private boolean overlaps(ForecastPeak earlier, ForecastPeak later, int shift) {
        long restore = minutes(earlier.startUtc()) + earlier.length().toMinutes() + settings.restoreAfter().toMinutes();
        long raise = shift + minutes(later.startUtc()) - settings.leadTime().toMinutes();
        return raise <= restore;
    }

    /** One peak from {@code earlier}'s start to the later of both ends ({@code later} shifted by {@code shift}). */
    private static ForecastPeak joined(ForecastPeak earlier, ForecastPeak later, int shift) {
        long start = minutes(earlier.startUtc());
        long end = Math.max(start + earlier.length().toMinutes(),
                shift + minutes(later.startUtc()) + later.length().toMinutes());
        boolean daily = shift != 0 || earlier.recurrence() == Recurrence.DAILY
                || later.recurrence() == Recurrence.DAILY;
        return new ForecastPeak(daily ? Recurrence.DAILY : Recurrence.WEEKDAYS, earlier.startUtc(),
                Duration.ofMinutes(end - start),
                Math.max(earlier.expectedConsumedUnitsPerSecond(), later.expectedConsumedUnitsPerSecond()),
                Math.min(earlier.occurrences(), later.occurrences()),
                Math.max(earlier.eligibleDays(), later.eligibleDays()),
                Math.min(earlier.throttledOccurrences(), later.throttledOccurrences()),
                earlier.pastServing() || later.pastServing());
    }

    private static long minutes(LocalTime t) {
        return t.getHour() * 60L + t.getMinute();
    }

    // --- 3. Proposal ----------------------------------------------------------------------------------------------

    private Proposal propose(History h, List<ForecastPeak> peaks, Serving serving) {
        if (serving instanceof Serving.TargetTracking t) {
            return schedule(h, peaks, t);
        }
        if (serving instanceof Serving.FixedProvisioned f) {
            return new NoSchedule(NoScheduleReason.NO_SCALABLE_TARGET, peaks.size() + " recurring peak(s) past the"
                    + " fixed " + f.capacityUnits() + " units, and no scalable target to schedule");
        }
        return warmThroughput(peaks, (Serving.WarmThroughput) serving);
    }

    private Proposal schedule(History h, List<ForecastPeak> peaks, Serving.TargetTracking target) {
        var actions = new ArrayList<ScheduledMinCapacity>();
        var forApproval = new ArrayList<BeyondMaxCapacity>();
        for (ForecastPeak peak : peaks) {
            int needed = target.capacityFor(peak.expectedConsumedUnitsPerSecond());
            if (needed > target.maxCapacity()) {
                forApproval.add(new BeyondMaxCapacity(peak, needed, target.maxCapacity()));
            }
            int raiseTo = Math.min(needed, target.maxCapacity());
            if (raiseTo <= target.minCapacity()) {
                continue;
            }
            CronSchedule days = peak.recurrence() == Recurrence.DAILY
                    ? CronSchedule.everyDay(peak.startUtc()) : CronSchedule.weekdays(peak.startUtc());
            long start = minutes(peak.startUtc());
            long raise = start - settings.leadTime().toMinutes();
            long restore = start + peak.length().toMinutes() + settings.restoreAfter().toMinutes();
            // Named after the start rounded to the quarter hour: a start estimate that drifts by a minute or two
            // from one run to the next keeps the name, so the next run updates the action instead of replacing it.
            // Distinct peaks start more than minPeakMinutes + leadTime + restoreAfter apart (merged otherwise; 18
            // minutes by default, ForecastSettings checks at least 15), so their quarter hours, and names, differ.
            LocalTime quarter = timeOf(Math.round(start / 15.0) * 15);
            String name = ScheduledMinCapacity.NAME_PREFIX + h.operation().lower() + "-"
                    + peak.recurrence().name().toLowerCase(Locale.ROOT) + "-"
                    + String.format(Locale.ROOT, "%02d%02d", quarter.getHour(), quarter.getMinute());
            actions.add(new ScheduledMinCapacity(ScheduledMinCapacity.raiseName(name), days.shifted(timeOf(raise),
                    Math.floorDiv((int) raise, DAY)), raiseTo, ScheduledMinCapacity.Step.RAISE));
            actions.add(new ScheduledMinCapacity(ScheduledMinCapacity.restoreName(name), days.shifted(timeOf(restore),
                    Math.floorDiv((int) restore, DAY)), target.minCapacity(), ScheduledMinCapacity.Step.RESTORE));
        }
        if (actions.isEmpty() && forApproval.isEmpty()) {
            return new NoSchedule(NoScheduleReason.WITHIN_CAPACITY, "MinCapacity " + target.minCapacity()
                    + " already covers every recurring peak");
        }
        return new MinCapacitySchedule(h.resource().scalingResourceId(), h.resource().scalableDimension(h.operation()),
                target.minCapacity(), target.maxCapacity(), actions, forApproval);
    }

    private static LocalTime timeOf(long minuteOfDay) {
        return LocalTime.of(0, 0).plusMinutes(Math.floorMod(minuteOfDay, DAY));
    }

    private Proposal warmThroughput(List<ForecastPeak> peaks, Serving.WarmThroughput warm) {
        ForecastPeak highest = peaks.stream()
                .max(Comparator.comparingDouble(ForecastPeak::expectedConsumedUnitsPerSecond)).orElseThrow();
        // Less a rounding error: 6,000 x 1.1 is 6,600.000000000001 in binary floating point, and 6,600 is meant.
        long proposed = (long) Math.ceil(highest.expectedConsumedUnitsPerSecond()
                * (1 + settings.warmThroughputMargin()) - 1e-6);
        if (proposed <= warm.unitsPerSecond()) {
            return new NoSchedule(NoScheduleReason.WITHIN_CAPACITY, "warm throughput " + warm.unitsPerSecond()
                    + " units/s covers the peak with its margin");
        }
        return new WarmThroughputRaise(warm.unitsPerSecond(), proposed, highest);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Nearest-rank percentile; sorts {@code values} in place. */
    static double percentile(double[] values, double p) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.min(values.length - 1, Math.max(0, rank - 1))];
    }
}
