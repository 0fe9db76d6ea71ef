package dev.hpr.remediator.perf;

import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.ResourceRef;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hpr.remediator.aws.CloudWatchMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;

/**
 * How many GetMetricData calls a read takes, without any AWS: a table with 30 GSIs (31 resources × 14 metrics = 434
 * queries) is one call; a 500-query batch is full at 500; a fleet of 200 tables with 2 GSIs (8,400 queries) is 17.
 */
class MetricBatchingTest {

    private static final Window WINDOW = Window.lastMinutes(Instant.parse("2026-11-23T03:01:00Z"), 60);

    @Test
    void tableWith30Gsis_isOneCall() {
        assertEquals(List.of(434), callSizes(resources(1, 30)));
    }

    @Test
    void batchIsFullAt500Queries() {
        var keys = MetricKey.allFor(resources(36, 0)); // 504 queries
        assertEquals(List.of(500, 4), callSizes(keys.size(), keys));
    }

    @Test
    void fleetOf200TablesWith2Gsis_is17Calls() {
        List<Integer> sizes = callSizes(resources(200, 2));
        assertEquals(17, sizes.size());
        assertEquals(8400, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(500, sizes.get(0));
        assertEquals(400, sizes.get(16));
    }

    private static List<Integer> callSizes(List<ResourceRef> resources) {
        var keys = MetricKey.allFor(resources);
        return callSizes(keys.size(), keys);
    }

    private static List<Integer> callSizes(int expectedKeys, List<MetricKey> keys) {
        assertEquals(expectedKeys, keys.size());
        var sizes = new ArrayList<Integer>();
        CloudWatchClient counting = new CloudWatchClient() {
            @Override
            public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
                sizes.add(request.metricDataQueries().size());
                return GetMetricDataResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "monitoring";
            }

            @Override
            public void close() {
            }
        };
        new CloudWatchMetrics(counting).read(keys, WINDOW);
        return sizes;
    }

    private static List<ResourceRef> resources(int tables, int gsisPerTable) {
        var resources = new ArrayList<ResourceRef>();
        for (int t = 0; t < tables; t++) {
            resources.add(ResourceRef.table("t" + t));
            for (int g = 0; g < gsisPerTable; g++) {
                resources.add(ResourceRef.index("t" + t, "gsi" + g));
            }
        }
        return resources;
    }
}
