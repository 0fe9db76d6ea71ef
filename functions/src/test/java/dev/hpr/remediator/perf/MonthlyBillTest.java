package dev.hpr.remediator.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's cost goal on the bill {@code ./benchmark.sh} prints (computed from the metrics the sweeps requested at
 * the local AWS and CloudWatch's prices): the tagged design at 200 tables costs under $30 a month, and at least 5 times
 * less than the listed design, comparing the tagged design's worst reading with the listed design's best; and issue
 * 20's: the daily forecast of 2,500 tagged tables costs at most $5 a month in CloudWatch and at most 100 API calls a
 * run for the tables that never throttled.
 */
class MonthlyBillTest {

    @Test
    void tagged_at200Tables_isUnder30Dollars_and5TimesCheaperThanListed() throws Exception {
        try (LocalAws aws = LocalAws.start()) {
            var totals = MonthlyBill.run(aws);
            double tagged = totals.get("tagged 200")[1];
            double listed = totals.get("listed 200")[0];
            assertTrue(tagged < 30, "tagged, 200 tables, at most $" + tagged);
            assertTrue(listed >= 5 * tagged, "listed $" + listed + " against tagged $" + tagged);
        }
    }

    @Test
    void dailyForecast_of2500TaggedTables_costsAtMost5DollarsAMonth_andAtMost100CallsARunForQuietTables() {
        // given the bill's fleet: 2,500 tagged tables with 2 GSIs, 2% throttled or carrying a schedule of ours
        var totals = new java.util.LinkedHashMap<String, double[]>();

        // when
        MonthlyBill.forecast(totals);

        // then (the figures docs/cost-and-speed.md states)
        double[] forecast = totals.get("forecast 2500");
        assertEquals(5_900, new ForecastFleetCost(2500, 2, 0.02).metricsPerRun(), "5,000 first look + 300 hourly"
                + " of the 50 flagged tables' 150 resources + 600 per minute");
        assertEquals(2, new ForecastFleetCost(2500, 2, 0.02).listMetricsCalls(), "one ListMetrics page a throttle"
                + " metric name: the 50 flagged tables' 100 GSIs fit one page");
        assertEquals(1.77 + 0.0006, forecast[0], 1e-9, "dollars a month: 5,900 metrics and 2 ListMetrics requests a"
                + " run, 30 runs");
        assertEquals(46, forecast[1], "calls a run for the tables that never throttled: 25 tag pages + 17 first-look"
                + " calls + 2 ListMetrics pages + 2 scheduled-action pages");
        assertTrue(forecast[0] <= 5 && forecast[1] <= 100, "the goal: at most $5 a month and 100 calls a run");
    }

    @Test
    void listMetrics_growsOnlyWithTheGsisThatThrottled_notWithTheFleet() {
        assertEquals(2, new ForecastFleetCost(20_000, 2, 0).listMetricsCalls(), "no GSI throttled: a page a name");
        // 2% of 20,000 tables with 2 GSIs: 800 GSIs that throttled, 2 pages a name
        assertEquals(4, new ForecastFleetCost(20_000, 2, 0.02).listMetricsCalls());
    }

    @Test
    void coarsePass_fits300HourlyMetricsACall_theDatapointLimitNot500Queries() {
        // 14 days at Period 3600 are 336 points; 100,800 points a call hold 300 such metrics
        assertEquals(300, ForecastFleetCost.metricsPerCall(3600));
        // at Period 60, 20,160 points: 5 a call
        assertEquals(5, ForecastFleetCost.metricsPerCall(60));
    }
}
