package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.forecast.CronSchedule;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.model.OperationType;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a forecast finding reads: the table's typical day as a 24-hour sparkline with the peak marked, the schedule in
 * words, and what it costs a month.
 */
public final class ForecastText {

    /**
     * Provisioned capacity, us-east-1, per capacity-unit-hour (Amazon DynamoDB pricing, "Pricing for provisioned
     * capacity": $0.00065 per WCU-hour, $0.00013 per RCU-hour): the defaults of {@code PRICE_WCU_HOUR_USD} and
     * {@code PRICE_RCU_HOUR_USD}. Other regions publish other prices on the same page.
     */
    public static final double WCU_HOUR_USD = 0.00065;
    public static final double RCU_HOUR_USD = 0.00013;
    public static final String PRICE_SOURCE = "Amazon DynamoDB pricing, provisioned capacity, us-east-1";

    /**
     * The price of a provisioned capacity-unit-hour the finding counts with, and where it comes from: us-east-1's
     * published price (the default), or the deployment's own ({@code PRICE_WCU_HOUR_USD}, {@code PRICE_RCU_HOUR_USD},
     * for its region or its agreement). A table in another region at the default price is told so, not priced as if
     * us-east-1's price were its region's.
     */
    public record CapacityPrice(double wcuHourUsd, double rcuHourUsd, String source) {

        public static CapacityPrice of(double wcuHourUsd, double rcuHourUsd, java.util.Optional<String> region) {
            if (!(wcuHourUsd > 0) || !(rcuHourUsd > 0)) {
                throw new IllegalArgumentException("capacity prices are above 0: " + wcuHourUsd + ", " + rcuHourUsd);
            }
            boolean published = wcuHourUsd == WCU_HOUR_USD && rcuHourUsd == RCU_HOUR_USD;
            String source = !published ? "the deployment's PRICE_WCU_HOUR_USD and PRICE_RCU_HOUR_USD"
                    : region.filter(r -> !r.equals("us-east-1")).map(r -> PRICE_SOURCE + "; " + r + " publishes its"
                            + " own on that page: set PRICE_WCU_HOUR_USD and PRICE_RCU_HOUR_USD to it")
                    .orElse(PRICE_SOURCE);
            return new CapacityPrice(wcuHourUsd, rcuHourUsd, source);
        }

        public double perUnitHour(OperationType operation) {
            return operation == OperationType.WRITE ? wcuHourUsd : rcuHourUsd;
        }

        /** {@code At most 16,205 capacity-unit-hours a month more, $10.53 a month at $0.00065 per WCU-hour (...).} */
        public String monthly(OperationType operation, double unitHours) {
            return String.format(java.util.Locale.ROOT, "At most %,.0f capacity-unit-hours a month more, $%,.2f a month"
                    + " at $%s per %s-hour (%s).", unitHours, unitHours * perUnitHour(operation),
                    java.math.BigDecimal.valueOf(perUnitHour(operation)).stripTrailingZeros().toPlainString(), operation == OperationType.WRITE ? "WCU" : "RCU", source);
        }
    }
    /**
     * Where AWS prices warm throughput. The developer guide ("Understanding DynamoDB warm throughput",
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html) says warm throughput is
     * free up to what DynamoDB set by itself, that raising it proactively is charged, and points to Amazon DynamoDB
     * pricing. No per-unit figure for it was found in a published source we could check (the pricing pages we could
     * read give on-demand request and provisioned capacity prices, not warm throughput's), so no cost is computed, in
     * us-east-1 or any other region: the text names the page instead of inventing a number.
     */
    public static final String WARM_THROUGHPUT_PRICING_PAGE = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
    public static final String WARM_THROUGHPUT_GUIDE =
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html";

    /** Average days a month, and weekdays a month (365.25 / 12, x 5/7). */
    static final double DAYS_A_MONTH = 365.25 / 12;

    private ForecastText() {
    }

    /**
     * The typical day: for each UTC minute of the day, the median over the history's days of consumed + throttled
     * units per second; drawn as 24 characters (one an hour, its highest minute) with {@code ^} under the peak hour.
     */
    public static String typicalDay(History history) {
        double[] consumed = history.consumedUnitsPerSecond();
        double[] throttled = history.throttleEventsPerSecond();
        int first = history.start().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
        List<List<Double>> byMinute = new ArrayList<>();
        for (int m = 0; m < 1440; m++) {
            byMinute.add(new ArrayList<>());
        }
        for (int i = 0; i < consumed.length; i++) {
            byMinute.get((first + i) % 1440).add(consumed[i] + throttled[i]);
        }
        var typical = new ArrayList<Double>(1440);
        for (List<Double> values : byMinute) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            typical.add(v.length == 0 ? 0 : v[v.length / 2]);
        }
        double[] hourly = new double[24];
        for (int m = 0; m < 1440; m++) {
            hourly[m / 60] = Math.max(hourly[m / 60], typical.get(m));
        }
        int peakHour = 0;
        for (int h = 1; h < 24; h++) {
            peakHour = hourly[h] > hourly[peakHour] ? h : peakHour;
        }
        var values = Arrays.stream(hourly).boxed().toList();
        String line = Sparkline.draw(values);
        return line + "  00-24 UTC, typical day\n" + " ".repeat(peakHour) + "^ peak "
                + String.format(Locale.ROOT, "%02d:00 UTC, %,.0f units/s", peakHour, hourly[peakHour]);
    }

    /** {@code every day 08:45 UTC MinCapacity 5 → 720, 09:30 back to 5}. */
    public static String schedule(ScheduledMinCapacity raise, ScheduledMinCapacity restore, int previous) {
        return days(raise.schedule().days()) + " " + raise.schedule().atUtc() + " UTC MinCapacity " + previous
                + " → " + raise.minCapacity() + ", " + restore.schedule().atUtc() + " back to " + restore.minCapacity();
    }

    static String days(Set<DayOfWeek> days) {
        if (days.size() == 7) {
            return "every day";
        }
        if (days.equals(CronSchedule.weekdays(java.time.LocalTime.NOON).days())) {
            return "every weekday";
        }
        return "every " + String.join(", ", days.stream().map(d -> d.toString().substring(0, 3)).toList());
    }

    /** Extra capacity-unit-hours a month that a raise from {@code previous} to {@code raised} holds. */
    public static double extraUnitHoursAMonth(ScheduledMinCapacity raise, ScheduledMinCapacity restore,
                                              int previous) {
        long minutes = java.time.Duration.between(raise.schedule().atUtc(), restore.schedule().atUtc()).toMinutes();
        if (minutes <= 0) {
            minutes += 1440;
        }
        double daysAMonth = DAYS_A_MONTH * raise.schedule().days().size() / 7;
        return Math.max(0, raise.minCapacity() - previous) * minutes / 60.0 * daysAMonth;
    }


    /** The region of a DynamoDB ARN ({@code arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME}), or empty. */
    public static java.util.Optional<String> regionOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length >= 6 && parts[0].equals("arn") && !parts[3].isEmpty()
                ? java.util.Optional.of(parts[3]) : java.util.Optional.empty();
    }

    /**
     * What a warm throughput raise costs, as far as AWS publishes it: no figure is published where we could check
     * (see {@link #WARM_THROUGHPUT_PRICING_PAGE}), so this says so, names the region and the page, and computes none.
     */
    public static String warmThroughputCost(java.util.Optional<String> region, OperationType operation, long before,
                                            long after) {
        return String.format(Locale.ROOT, "One-time cost of raising %s warm throughput %,d → %,d units/s in %s: not"
                + " computed. Raising warm throughput is charged (DynamoDB Developer Guide, \"Understanding DynamoDB"
                + " warm throughput\", %s), but no per-unit price for it was found in a published source we could"
                + " check, for this region or us-east-1; see Amazon DynamoDB pricing, on-demand, \"Warm throughput\": %s",
                operation.lower(), before, after, region.orElse("an unknown region"), WARM_THROUGHPUT_GUIDE,
                WARM_THROUGHPUT_PRICING_PAGE);
    }

    /**
     * The backtest line of a table's own history: reactive target tracking vs with the schedule, throttled minutes
     * and provisioned capacity-unit-hours.
     */
    public static String backtest(dev.hpr.remediator.core.forecast.Backtest.OwnHistory b) {
        String unit = b.history().operation() == OperationType.WRITE ? "WCU" : "RCU";
        double reactive = b.reactive().capacityUnitHours();
        double scheduled = b.withSchedule().capacityUnitHours();
        return String.format(Locale.ROOT, "Backtest on its own %.0f days (in sample, target tracking as AWS documents"
                + " it): reactive %,d throttled minutes, %,.0f %s-hours; with the schedule %,d throttled minutes,"
                + " %,.0f %s-hours (%+.1f%%).", b.history().length().toMinutes() / 1440.0,
                b.reactive().throttledMinutes(), reactive, unit, b.withSchedule().throttledMinutes(), scheduled, unit,
                reactive == 0 ? 0 : (scheduled / reactive - 1) * 100);
    }
}
