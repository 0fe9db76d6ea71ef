package dev.hpr.remediator.perf;

import java.util.List;
import java.util.Locale;

/**
 * What one daily forecast run of tagged protection reads from AWS, and its CloudWatch bill a month: a model of the
 * design the forecast task follows (read history coarsely first, per-minute data only for the tables that need it),
 * from the limits and prices below. A model, not a measurement: the local AWS bills nothing and answers a
 * 14-day GetMetricData of thousands of metrics far slower than AWS; what it computes is pinned by
 * {@code MonthlyBillTest} against the goal ($5 a month, 100 calls a run for the tables that never throttled).
 *
 * <p>The goal fixes the coarse pass's shape: $5 a month at $0.01 per 1,000 metrics requested is 500,000 metrics, 16,666
 * a daily run; 2,500 tables with 2 GSIs are 7,500 tables and GSIs, so at most 2.2 metrics each. Hence, per run:
 * <ol>
 *   <li>the tagged tables: {@code tag:GetResources}, 100 a page;
 *   <li>their GSIs, without a DescribeTable per table: {@code ListMetrics} of {@code ConsumedWriteCapacityUnits} with the
 *       {@code GlobalSecondaryIndexName} dimension, 500 a page (a GSI is written whenever its table writes a projected
 *       item);
 *   <li>coarse: {@code ConsumedReadCapacityUnits} and {@code ConsumedWriteCapacityUnits} (Sum, Period 3600, 14 days: 336
 *       points each) of every table and GSI. A call holds 500 queries but only 100,800 points: 300 such metrics;
 *   <li>throttling seen: one GetMetricData of four search expressions ({@code Read|WriteThrottleEvents}, table and GSI
 *       schemas). A search finds only metrics that reported data in the past two weeks, and DynamoDB publishes
 *       throttle events only when there are some: it finds the resources that throttled, and is billed for those;
 *   <li>fine, only for the flagged tables (throttled, or near capacity in the coarse pass): 6 metrics of each table and
 *       GSI (consumed, provisioned, throttle events; read and write), Period 60, 14 days: 20,160 points, 5 a call.
 * </ol>
 * Sources: GetMetricData's limits, the CloudWatch API model (botocore {@code cloudwatch/2010-08-01}, GetMetricData:
 * "as many as 500 different metrics in a single request, with a total of as many as 100,800 data points"); search
 * expressions, CloudWatch User Guide "Using search expressions in graphs" (only metrics that reported data in the past
 * two weeks) and aws-cdk-lib's {@code SearchExpression} (up to 500 time series); the price, Amazon CloudWatch pricing,
 * us-east-1 ("GetMetricData: $0.01 per 1,000 metrics requested", as read on 2026-11-30, docs/benchmark.md; AWS
 * Knowledge Center "cloudwatch-getmetricdata-api": not in the free tier); pages, the API models ({@code
 * tag:GetResources} ResourcesPerPage at most 100; ListMetrics "up to 500 results are returned for any one call").
 * That a search is billed per metric it finds follows AWS's rule for metrics requested but is not stated for searches:
 * an assumption.
 *
 * @param tables       tagged tables
 * @param gsisPerTable GSIs of each table
 * @param flaggedShare share of the tables the coarse pass flags (throttled or near capacity), read per minute
 */
record ForecastFleetCost(int tables, int gsisPerTable, double flaggedShare) {

    static final int HISTORY_DAYS = 14;
    static final int COARSE_PERIOD_SECONDS = 3600;
    static final int FINE_PERIOD_SECONDS = 60;
    static final int COARSE_METRICS_PER_RESOURCE = 2;
    static final int FINE_METRICS_PER_RESOURCE = 6;
    static final int THROTTLE_SEARCH_METRICS_PER_RESOURCE = 2;
    static final int MAX_QUERIES_PER_CALL = 500;
    static final int MAX_POINTS_PER_CALL = 100_800;
    static final int TABLES_PER_TAG_PAGE = 100;
    static final int METRICS_PER_LIST_PAGE = 500;
    static final int RUNS_PER_MONTH = 30;
    /** The bill's fleet: 1% of tables throttling all month, and as many again flagged as near capacity. */
    static final double BILL_FLAGGED_SHARE = 0.02;
    static final double BILL_THROTTLING_SHARE = 0.01;

    ForecastFleetCost {
        if (tables < 1 || gsisPerTable < 0 || flaggedShare < 0 || flaggedShare > 1) {
            throw new IllegalArgumentException("tables >= 1, gsisPerTable >= 0, flaggedShare within 0-1, got " + tables
                    + ", " + gsisPerTable + ", " + flaggedShare);
        }
    }

    int resources() {
        return tables * (1 + gsisPerTable);
    }

    /** Metrics of one period over the history that fit one call: its 500 queries or its 100,800 points. */
    static int metricsPerCall(int periodSeconds) {
        int points = HISTORY_DAYS * 86_400 / periodSeconds;
        return Math.min(MAX_QUERIES_PER_CALL, MAX_POINTS_PER_CALL / points);
    }

    long coarseMetrics() {
        return (long) resources() * COARSE_METRICS_PER_RESOURCE;
    }

    int flaggedTables() {
        return (int) Math.ceil(tables * flaggedShare);
    }

    long searchedMetrics() {
        return (long) Math.ceil(tables * BILL_THROTTLING_SHARE) * (1 + gsisPerTable) * THROTTLE_SEARCH_METRICS_PER_RESOURCE;
    }

    long fineMetrics() {
        return (long) flaggedTables() * (1 + gsisPerTable) * FINE_METRICS_PER_RESOURCE;
    }

    /** The calls a run makes whatever throttled: listing, GSIs, the coarse pass and the throttle search. */
    long callsForQuietTables() {
        return ceil(tables, TABLES_PER_TAG_PAGE) + ceil((long) tables * gsisPerTable, METRICS_PER_LIST_PAGE)
                + ceil(coarseMetrics(), metricsPerCall(COARSE_PERIOD_SECONDS)) + 1;
    }

    /** The per-minute reads of the flagged tables. */
    long callsForFlaggedTables() {
        return ceil(fineMetrics(), metricsPerCall(FINE_PERIOD_SECONDS));
    }

    long metricsPerRun() {
        return coarseMetrics() + searchedMetrics() + fineMetrics();
    }

    double dollarsPerMonth() {
        return metricsPerRun() * RUNS_PER_MONTH / 1000.0 * MonthlyBill.PER_1000_METRICS_REQUESTED;
    }

    /** The bill's row: tables, metrics a run (coarse + search + fine), calls a run, dollars a month. */
    List<String> row() {
        return List.of(String.format(Locale.ROOT, "%,d", tables),
                String.format(Locale.ROOT, "%,d + %,d + %,d", coarseMetrics(), searchedMetrics(), fineMetrics()),
                Long.toString(callsForQuietTables()),
                flaggedTables() + " tables, " + callsForFlaggedTables() + " calls",
                String.format(Locale.ROOT, "$%,.2f", dollarsPerMonth()));
    }

    private static long ceil(long n, long per) {
        return (n + per - 1) / per;
    }
}
