package dev.hpr.remediator.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hpr.remediator.core.forecast.CronSchedule;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The forecast finding's words: the typical day with its peak marked, the schedule, and what it costs a month. */
class ForecastTextTest {

    private static final ScheduledMinCapacity RAISE = new ScheduledMinCapacity("hpr-forecast-write-daily-0900-raise",
            CronSchedule.everyDay(LocalTime.of(8, 45)), 715, ScheduledMinCapacity.Step.RAISE);
    private static final ScheduledMinCapacity RESTORE = new ScheduledMinCapacity(
            "hpr-forecast-write-daily-0900-restore", CronSchedule.everyDay(LocalTime.of(9, 30)), 5,
            ScheduledMinCapacity.Step.RESTORE);

    @Test
    void typicalDay_marksThePeakHour_underA24CharacterLine() {
        // given three days at 3 units/s with 500 units/s from 14:00 to 14:30 on each
        double[] consumed = new double[3 * 1440];
        for (int i = 0; i < consumed.length; i++) {
            int minute = i % 1440;
            consumed[i] = minute >= 14 * 60 && minute < 14 * 60 + 30 ? 500 : 3;
        }
        var history = new History(ResourceRef.table("orders"), OperationType.WRITE,
                Instant.parse("2026-12-01T00:00:00Z"), consumed, new double[consumed.length]);

        String[] lines = ForecastText.typicalDay(history).split("\n");

        assertEquals(24, lines[0].indexOf("  00-24 UTC"), lines[0]);
        assertEquals('█', lines[0].charAt(14), lines[0]);
        assertEquals(14, lines[1].indexOf('^'), lines[1]);
        assertTrue(lines[1].endsWith("peak 14:00 UTC, 500 units/s"), lines[1]);
    }

    @Test
    void warmThroughputCost_namesTheRegionAndThePricingPage_andInventsNoFigure() {
        String text = ForecastText.warmThroughputCost(
                ForecastText.regionOf("arn:aws:dynamodb:eu-west-1:123456789012:table/orders"), OperationType.WRITE,
                4000, 6600);

        assertTrue(text.startsWith("One-time cost of raising write warm throughput 4,000 → 6,600 units/s in"
                + " eu-west-1: not computed."), text);
        assertTrue(text.endsWith(ForecastText.WARM_THROUGHPUT_PRICING_PAGE), text);
        assertTrue(text.contains(ForecastText.WARM_THROUGHPUT_GUIDE), text);
        assertTrue(!text.contains("$"), "no price invented: " + text);
    }

    @Test
    void regionOf_readsTheArn_andNothingFromBadInput() {
        assertEquals(java.util.Optional.of("us-east-1"),
                ForecastText.regionOf("arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/byDay"));
        assertEquals(java.util.Optional.empty(), ForecastText.regionOf("orders"));
        assertEquals(java.util.Optional.empty(), ForecastText.regionOf(null));
        assertTrue(ForecastText.warmThroughputCost(java.util.Optional.empty(), OperationType.READ, 12000, 13200)
                .contains("in an unknown region: not computed"));
    }

    @Test
    void capacityPrice_saysWhoseItIs_andNeverPassesUsEast1sForAnotherRegions() {
        String elsewhere = ForecastText.CapacityPrice.of(0.00065, 0.00013, java.util.Optional.of("eu-west-1"))
                .monthly(OperationType.WRITE, 1000);
        assertTrue(elsewhere.contains("us-east-1; eu-west-1 publishes its own on that page: set PRICE_WCU_HOUR_USD"),
                elsewhere);
        String own = ForecastText.CapacityPrice.of(0.000735, 0.000147, java.util.Optional.of("eu-west-1"))
                .monthly(OperationType.WRITE, 1000);
        assertTrue(own.contains("$0.74 a month at $0.000735 per WCU-hour (the deployment's PRICE_WCU_HOUR_USD"), own);
        assertThrows(IllegalArgumentException.class,
                () -> ForecastText.CapacityPrice.of(0, 0.00013, java.util.Optional.empty()));
    }

    @Test
    void schedule_inWords_andItsMonthlyCost() {
        assertEquals("every day 08:45 UTC MinCapacity 5 → 715, 09:30 back to 5",
                ForecastText.schedule(RAISE, RESTORE, 5));
        double unitHours = ForecastText.extraUnitHoursAMonth(RAISE, RESTORE, 5);
        assertEquals(710 * 0.75 * 365.25 / 12, unitHours, 1e-6, "710 extra units for 45 minutes a day");
        var usEast1 = ForecastText.CapacityPrice.of(0.00065, 0.00013, java.util.Optional.of("us-east-1"));
        assertEquals(String.format(java.util.Locale.ROOT, "At most %,.0f capacity-unit-hours a month more, $%,.2f a"
                + " month at $0.00065 per WCU-hour (Amazon DynamoDB pricing, provisioned capacity, us-east-1).",
                unitHours, unitHours * 0.00065), usEast1.monthly(OperationType.WRITE, unitHours));
        assertTrue(usEast1.monthly(OperationType.READ, 1000).contains("$0.13 a month at $0.00013 per RCU-hour"));
        var weekdays = new ScheduledMinCapacity("hpr-forecast-read-weekdays-0900-raise",
                CronSchedule.weekdays(LocalTime.of(8, 45)), 100, ScheduledMinCapacity.Step.RAISE);
        assertTrue(ForecastText.schedule(weekdays, RESTORE, 5).startsWith("every weekday 08:45 UTC"));
    }
}
