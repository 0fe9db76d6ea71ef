package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * 14 days of per-minute DynamoDB metrics for a table and its GSI (six metrics each, 241,920 datapoints) seeded with
 * {@link MetricHistory} and read back through the SDK's GetMetricData at Period 60, 300 and 3600, with AWS's
 * 100,800-datapoint pages. Prints the times of the load and the queries, asserting none (the machine is shared).
 */
class MetricHistoryTest {
    private static final List<String> METRICS = List.of("ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits",
            "ReadThrottleEvents", "WriteThrottleEvents", "ReadProvisionedThroughputThrottleEvents",
            "WriteProvisionedThroughputThrottleEvents");
    private static final int MINUTES = 14 * 1440;

    private static LocalAws aws;
    private static Instant now;
    private static Instant start;
    private static double[] writes;

    @BeforeAll
    static void seedFourteenDays() {
        aws = LocalAws.start(); // its own server: 240k datapoints would slow other tests' Metrics Insights scans
        now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        start = now.minus(14, ChronoUnit.DAYS);
        writes = dailyPeak();
        MetricHistory history = new MetricHistory(aws);
        long t0 = System.nanoTime();
        int stored = 0;
        for (String index : Arrays.asList(null, "gsi1")) {
            for (String metric : METRICS) {
                stored += history.seedDynamoDb("orders", index, metric, start, metric.contains("Write") ? writes
                        : constant(3));
            }
        }
        System.out.printf("MetricHistoryTest: seeded %,d datapoints (12 metrics x 14 days x 1,440 minutes) in %d ms%n",
                stored, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(12 * MINUTES, stored);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void period60_sixMetricsOf14Days_comeBackInTwoPagesOf100800AtMost() {
        GetMetricDataRequest request = request(60, "Sum", null);
        long t0 = System.nanoTime();
        GetMetricDataResponse first = aws.cloudWatch().getMetricData(request);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(100_800, first.metricDataResults().stream().mapToInt(r -> r.values().size()).sum());
        assertNotNull(first.nextToken());
        assertEquals(StatusCode.PARTIAL_DATA, first.metricDataResults().get(5).statusCode());
        GetMetricDataResponse second = aws.cloudWatch().getMetricData(request.toBuilder().nextToken(first.nextToken()).build());
        System.out.printf("MetricHistoryTest: GetMetricData Period 60, 6 metrics x 14 days: page 1 in %d ms, both in %d ms%n",
                firstMs, (System.nanoTime() - t0) / 1_000_000);
        assertNull(second.nextToken());
        Map<String, List<Double>> all = merged(first, second);
        for (String id : ids()) {
            assertEquals(MINUTES, all.get(id).size(), id);
        }
        // newest first (ScanBy default TimestampDescending): the last minute's value leads
        assertEquals(writes[MINUTES - 1], all.get("m1").get(0));
        assertEquals(Arrays.stream(writes).sum(), all.get("m3").stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
    }

    @Test
    void period300And3600_oneFitPageEach_andTheHourlyMaximumShowsThe0900Peak() {
        for (int period : new int[] {300, 3600}) {
            long t0 = System.nanoTime();
            GetMetricDataResponse r = aws.cloudWatch().getMetricData(request(period, "Maximum", null));
            System.out.printf("MetricHistoryTest: GetMetricData Period %d, 6 metrics x 14 days: %d ms%n",
                    period, (System.nanoTime() - t0) / 1_000_000);
            assertNull(r.nextToken());
            assertEquals(MINUTES * 60 / period, r.metricDataResults().get(1).values().size());
        }
        MetricDataResult hourly = aws.cloudWatch().getMetricData(request(3600, "Maximum", null)).metricDataResults().get(1);
        for (int i = 0; i < hourly.values().size(); i++) {
            int hour = hourly.timestamps().get(i).atZone(ZoneOffset.UTC).getHour();
            assertEquals(hour == 9 ? 500.0 : 10.0, hourly.values().get(i), "hour " + hour);
        }
    }

    @Test
    void maxDatapointsPages_andATokenOfAnotherRequestIsRefused() {
        GetMetricDataRequest small = request(3600, "Sum", 100);
        List<Integer> pages = new ArrayList<>();
        int total = 0;
        String token = null;
        do {
            GetMetricDataResponse r = aws.cloudWatch().getMetricData(small.toBuilder().nextToken(token).build());
            int n = r.metricDataResults().stream().mapToInt(x -> x.values().size()).sum();
            pages.add(n);
            total += n;
            token = r.nextToken();
        } while (token != null);
        assertEquals(6 * 336, total);
        assertTrue(pages.stream().allMatch(n -> n <= 100), pages.toString());
        String firstToken = aws.cloudWatch().getMetricData(small).nextToken();
        assertThrows(InvalidNextTokenException.class, () -> aws.cloudWatch().getMetricData(
                request(3600, "Sum", 50).toBuilder().nextToken(firstToken).build()));
    }

    @Test
    void minuteDataOlderThan15Days_isReadOnlyAtFiveMinutePeriods_andBadPeriodsAreRefused() {
        Instant old = now.minus(16, ChronoUnit.DAYS);
        double[] sixteenDays = new double[16 * 1440];
        Arrays.fill(sixteenDays, 1);
        new MetricHistory(aws).seedDynamoDb("history16", null, "ConsumedWriteCapacityUnits", old, sixteenDays);
        CloudWatchClient cw = aws.cloudWatch();
        GetMetricDataRequest at60 = GetMetricDataRequest.builder().startTime(old).endTime(now)
                .metricDataQueries(query("m", "history16", "ConsumedWriteCapacityUnits", 60, "Sum")).build();
        int minutes = cw.getMetricDataPaginator(at60).stream().mapToInt(r -> r.metricDataResults().get(0).values().size()).sum();
        // 15 days back from the server's clock, which is up to an hour past `now` (truncated to the hour)
        assertTrue(minutes <= 15 * 1440 && minutes >= 15 * 1440 - 61, "Period 60 reads 15 days back only: " + minutes);
        GetMetricDataResponse at300 = cw.getMetricData(at60.toBuilder()
                .metricDataQueries(query("m", "history16", "ConsumedWriteCapacityUnits", 300, "Sum")).build());
        assertEquals(16 * 288, at300.metricDataResults().get(0).values().size());
        CloudWatchException bad = assertThrows(CloudWatchException.class, () -> cw.getMetricData(at60.toBuilder()
                .metricDataQueries(query("m", "history16", "ConsumedWriteCapacityUnits", 90, "Sum")).build()));
        assertEquals(400, bad.statusCode());
    }

    private static GetMetricDataRequest request(int period, String stat, Integer maxDatapoints) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            queries.add(query("m" + i, "orders", METRICS.get(i), period, stat));
        }
        return GetMetricDataRequest.builder().startTime(start).endTime(now).maxDatapoints(maxDatapoints)
                .metricDataQueries(queries).build();
    }

    private static MetricDataQuery query(String id, String table, String metric, int period, String stat) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.period(period).stat(stat)
                .metric(m -> m.namespace(MetricHistory.DYNAMODB).metricName(metric)
                        .dimensions(d -> d.name("TableName").value(table)))).build();
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < METRICS.size(); i++) {
            ids.add("m" + i);
        }
        return ids;
    }

    private static Map<String, List<Double>> merged(GetMetricDataResponse... pages) {
        Map<String, List<Double>> out = new HashMap<>();
        for (GetMetricDataResponse page : pages) {
            page.metricDataResults().forEach(r -> out.computeIfAbsent(r.id(), k -> new ArrayList<>()).addAll(r.values()));
        }
        return out;
    }

    /** 10 units a minute, 500 from 09:00 to 09:29 UTC every day. */
    private static double[] dailyPeak() {
        double[] v = new double[MINUTES];
        for (int i = 0; i < MINUTES; i++) {
            int minuteOfDay = start.plus(i, ChronoUnit.MINUTES).atZone(ZoneOffset.UTC).getHour() * 60
                    + start.plus(i, ChronoUnit.MINUTES).atZone(ZoneOffset.UTC).getMinute();
            v[i] = minuteOfDay >= 540 && minuteOfDay < 570 ? 500 : 10;
        }
        return v;
    }

    private static double[] constant(double value) {
        double[] v = new double[MINUTES];
        Arrays.fill(v, value);
        return v;
    }
}
