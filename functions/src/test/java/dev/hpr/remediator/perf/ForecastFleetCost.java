package dev.hpr.remediator.perf;

import java.util.List;
import java.util.Locale;

/**
 * What one daily forecast run of tagged protection reads from AWS, and its CloudWatch bill a month: a model of what
 * the forecast task does ({@code Forecasts}, {@code CapacityHistory}; {@code ForecastFleetCallsTest} measures the same
 * calls against the local AWS at 600 tables), from the limits and prices below. A model, not a measurement: the
 * local AWS bills nothing; what it computes is pinned by {@code MonthlyBillTest} against the goal ($5 a month, 100
 * calls a run for the tables that never throttled).
 *
 * <p>Per run:
 * <ol>
 *   <li>the tagged tables: {@code tag:GetResources}, 100 a page (their tags come with them);
 *   <li>the first look, before any table is described: each table's table-level {@code ReadThrottleEvents} and
 *       {@code WriteThrottleEvents} (every throttle event, either billing mode), Sum, Period 3600 over 14 days: 336
 *       points each. A call takes 500 queries but returns at most 100,800 points: 300 such metrics a call;
 *   <li>the GSIs that throttled, which the table-level metrics exclude: {@code ListMetrics} of {@code
 *       ReadThrottleEvents} and {@code WriteThrottleEvents} with a {@code GlobalSecondaryIndexName} dimension, the
 *       whole region, 500 a page (CloudWatch API Reference, ListMetrics: "Up to 500 results are returned for any one
 *       call"; only metrics with data in the past two weeks, and DynamoDB publishes throttle events only when
 *       non-zero): one page a name, and one more per further 500 GSIs that throttled (the bill counts every GSI of a
 *       flagged table: worst case). Billed per request, not per metric;
 *   <li>where a schedule of ours stands: {@code DescribeScheduledActions} of the whole {@code dynamodb} namespace, 50
 *       actions a page (the region's, whoever's; the bill counts ours: a raise and a restore per flagged table);
 *   <li>only for the flagged tables (throttled in the 14 days, or one of ours stands): DescribeTable,
 *       DescribeScalableTargets, DescribeScalingPolicies, DescribeScheduledActions per scaled resource; the hourly
 *       read of their tables and GSIs batched across them (2 metrics a resource, 300 a call); per minute, one call a
 *       resource and operation that throttled or holds ours (consumed and throttle events, Period 60: 20,160 points
 *       each). The bill counts the worst case: every resource and operation of a flagged table.
 * </ol>
 * A GSI's throttling is not in its table's metrics (DynamoDB publishes ReadThrottleEvents/WriteThrottleEvents of a
 * table excluding its GSIs): ListMetrics finds the tables whose GSIs throttled (docs/forecast.md, "Reading history
 * at fleet scale").
 * Sources: GetMetricData's limits, the CloudWatch API model (botocore {@code cloudwatch/2010-08-01}, GetMetricData:
 * "as many as 500 different metrics in a single request, with a total of as many as 100,800 data points"); the
 * price, Amazon CloudWatch pricing, us-east-1 ("GetMetricData: $0.01 per 1,000 metrics requested", as read on
 * 2026-11-30, docs/benchmark.md; AWS Knowledge Center "cloudwatch-getmetricdata-api": not in the free tier); pages,
 * the API models ({@code tag:GetResources} ResourcesPerPage at most 100; botocore {@code
 * application-autoscaling/2016-02-06} DescribeScheduledActions MaxResults 1-50).
 *
 * @param tables       tagged tables
 * @param gsisPerTable GSIs of each table
 * @param flaggedShare share of the tables that throttled in the 14 days or carry a schedule of ours, read further
 */
record ForecastFleetCost(int tables, int gsisPerTable, double flaggedShare) {

    static final int HISTORY_DAYS = 14;
    static final int COARSE_PERIOD_SECONDS = 3600;
    static final int FINE_PERIOD_SECONDS = 60;
    /** Table-level ReadThrottleEvents and WriteThrottleEvents. */
    static final int FIRST_LOOK_METRICS_PER_TABLE = 2;
    /** A provisioned resource's hourly throttle events, read and write (an on-demand one: 6). */
    static final int HOURLY_METRICS_PER_RESOURCE = 2;
    /** Per minute, per resource and operation: consumed and throttle events (an on-demand one: 3). */
    static final int FINE_METRICS_PER_RESOURCE_OPERATION = 2;
    static final int MAX_QUERIES_PER_CALL = 500;
    static final int MAX_POINTS_PER_CALL = 100_800;
    static final int TABLES_PER_TAG_PAGE = 100;
    static final int SCHEDULED_ACTIONS_PER_PAGE = 50;
    /** ListMetrics: ReadThrottleEvents and WriteThrottleEvents, one name a request, 500 metrics a page. */
    static final int LISTED_METRIC_NAMES = 2;
    static final int METRICS_PER_LIST_PAGE = 500;
    /** A raise and a restore: one daily peak on one operation. */
    static final int OUR_ACTIONS_PER_FLAGGED_TABLE = 2;
    /** DescribeTable, DescribeScalableTargets, DescribeScalingPolicies; and DescribeScheduledActions per resource. */
    static final int DESCRIBE_CALLS_PER_FLAGGED_TABLE = 3;
    static final int RUNS_PER_MONTH = 30;
    /** The bill's fleet: 2% of the tables throttled in the last 14 days or carry a schedule of ours. */
    static final double BILL_FLAGGED_SHARE = 0.02;

    ForecastFleetCost {
        if (tables < 1 || gsisPerTable < 0 || flaggedShare < 0 || flaggedShare > 1) {
            throw new IllegalArgumentException("tables >= 1, gsisPerTable >= 0, flaggedShare within 0-1, got " + tables
                    + ", " + gsisPerTable + ", " + flaggedShare);
        }
    }

    /** Metrics of one period over the history that fit one call: its 500 queries or its 100,800 points. */
    static int metricsPerCall(int periodSeconds) {
        int points = HISTORY_DAYS * 86_400 / periodSeconds;
        return Math.min(MAX_QUERIES_PER_CALL, MAX_POINTS_PER_CALL / points);
    }

    long firstLookMetrics() {
        return (long) tables * FIRST_LOOK_METRICS_PER_TABLE;
    }

    int flaggedTables() {
        return (int) Math.ceil(tables * flaggedShare);
    }

    long flaggedResources() {
        return (long) flaggedTables() * (1 + gsisPerTable);
    }

    long hourlyMetrics() {
        return flaggedResources() * HOURLY_METRICS_PER_RESOURCE;
    }

    /** Worst case: every resource and operation of a flagged table read per minute. */
    long fineMetrics() {
        return flaggedResources() * 2 * FINE_METRICS_PER_RESOURCE_OPERATION;
    }

    /**
     * The calls a run makes whatever throttled: the tag pages, the first look (GetMetricData, and ListMetrics of the
     * GSIs' throttle events), the scheduled-action pages.
     */
    long callsForQuietTables() {
        return ceil(tables, TABLES_PER_TAG_PAGE) + ceil(firstLookMetrics(), metricsPerCall(COARSE_PERIOD_SECONDS))
                + listMetricsCalls()
                + Math.max(1, ceil((long) flaggedTables() * OUR_ACTIONS_PER_FLAGGED_TABLE, SCHEDULED_ACTIONS_PER_PAGE));
    }

    /** ListMetrics pages: one a metric name, more past 500 throttled GSIs (worst case: every flagged table's GSIs). */
    long listMetricsCalls() {
        long throttledIndexes = (long) flaggedTables() * gsisPerTable;
        return LISTED_METRIC_NAMES * Math.max(1, ceil(throttledIndexes, METRICS_PER_LIST_PAGE));
    }

    /** The flagged tables' own calls: describing them, their batched hourly read, one per-minute read each. */
    long callsForFlaggedTables() {
        return (long) flaggedTables() * DESCRIBE_CALLS_PER_FLAGGED_TABLE + flaggedResources()
                + ceil(hourlyMetrics(), metricsPerCall(COARSE_PERIOD_SECONDS)) + flaggedResources() * 2;
    }

    long metricsPerRun() {
        return firstLookMetrics() + hourlyMetrics() + fineMetrics();
    }

    /** GetMetricData per metric requested, ListMetrics per request (no free tier counted). */
    double dollarsPerMonth() {
        return metricsPerRun() * RUNS_PER_MONTH / 1000.0 * MonthlyBill.PER_1000_METRICS_REQUESTED
                + listMetricsCalls() * RUNS_PER_MONTH / 1000.0 * MonthlyBill.PER_1000_API_REQUESTS;
    }

    /** The bill's row: tables, metrics a run (first look + hourly + fine), calls a run, dollars a month. */
    List<String> row() {
        return List.of(String.format(Locale.ROOT, "%,d", tables),
                String.format(Locale.ROOT, "%,d + %,d + %,d", firstLookMetrics(), hourlyMetrics(), fineMetrics()),
                Long.toString(callsForQuietTables()),
                flaggedTables() + " tables, " + callsForFlaggedTables() + " calls",
                String.format(Locale.ROOT, "$%,.2f", dollarsPerMonth()));
    }

    private static long ceil(long n, long per) {
        return (n + per - 1) / per;
    }
}
