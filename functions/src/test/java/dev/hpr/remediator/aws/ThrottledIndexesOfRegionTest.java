package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.MetricHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CapacityHistory#tablesWithThrottledIndexes}: the forecast's look at the region's GSI throttle metrics
 * (ListMetrics through the SDK's paginator, 500 a page), against the local AWS, which lists as AWS documents it: only
 * metrics with a datapoint in the past two weeks, by exact name and namespace, with the dimension filtered on. Its
 * own local AWS: the pages depend on every metric of the region.
 */
class ThrottledIndexesOfRegionTest {

    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static void seed(String namespace, String metricName, Map<String, String> dimensions, Instant at) {
        new MetricHistory(aws).seed(namespace, metricName, dimensions, at, Duration.ofMinutes(1), new double[] {3});
    }

    @Test
    void tablesWithThrottledIndexes_followsEveryPage_andListsOnlyGsiThrottleEventsOfTheLastTwoWeeks() {
        // given 503 GSIs whose writes throttled two days ago (two pages of 500), one whose reads did, and metrics
        // that must not count: a GSI that throttled 20 days ago, a table's own throttle events, a GSI's consumed
        // capacity, the same metric name and dimensions in another namespace
        Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(2));
        var expected = new TreeSet<String>();
        for (int i = 0; i < 503; i++) {
            String table = String.format("lm-%04d", i);
            seed(MetricHistory.DYNAMODB, "WriteThrottleEvents", Map.of("TableName", table,
                    "GlobalSecondaryIndexName", "byCustomer"), twoDaysAgo);
            expected.add(table);
        }
        seed(MetricHistory.DYNAMODB, "ReadThrottleEvents", Map.of("TableName", "lm-read",
                "GlobalSecondaryIndexName", "bySession"), twoDaysAgo);
        expected.add("lm-read");
        seed(MetricHistory.DYNAMODB, "WriteThrottleEvents", Map.of("TableName", "lm-old",
                "GlobalSecondaryIndexName", "byCustomer"), twoDaysAgo.minus(Duration.ofDays(18)));
        seed(MetricHistory.DYNAMODB, "WriteThrottleEvents", Map.of("TableName", "lm-table"), twoDaysAgo);
        seed(MetricHistory.DYNAMODB, "ConsumedReadCapacityUnits", Map.of("TableName", "lm-consumed",
                "GlobalSecondaryIndexName", "byCustomer"), twoDaysAgo);
        seed("Custom/Tables", "WriteThrottleEvents", Map.of("TableName", "lm-custom",
                "GlobalSecondaryIndexName", "byCustomer"), twoDaysAgo);
        aws.resetCalls();

        // when
        var tables = new CapacityHistory(new CloudWatchMetrics(aws.cloudWatch())).tablesWithThrottledIndexes();

        // then
        assertEquals(expected, tables);
        assertEquals(3L, aws.calls("monitoring:ListMetrics"), "ReadThrottleEvents: 1 page; WriteThrottleEvents: 503"
                + " metrics, 500 a page: " + aws.calls());
    }

    @Test
    void listMetricsRefused_isAnAwsCallFailed_namingTheOperationAndAwsError() {
        aws.failNext("monitoring:ListMetrics", 1, 400, "InvalidParameterValue", "injected");
        try {
            var failed = assertThrows(AwsCallFailed.class,
                    () -> new CapacityHistory(new CloudWatchMetrics(aws.cloudWatch())).tablesWithThrottledIndexes());
            assertEquals("cloudwatch:ListMetrics", failed.operation());
            assertEquals("InvalidParameterValue", failed.errorCode());
            assertTrue(failed.getMessage().contains("injected"), failed.getMessage());
        } finally {
            aws.clearFaults();
        }
    }
}
