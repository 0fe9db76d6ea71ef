package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.diagnosis.Window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudWatchMetricsBatchTest {

    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

    @Test
    void queriesPerCall_is500_forWindowsUpTo201Minutes() {
        assertEquals(500, CloudWatchMetrics.queriesPerCall(Window.lastMinutes(NOW, 60)));
        assertEquals(500, CloudWatchMetrics.queriesPerCall(Window.lastMinutes(NOW, 201)));
    }

    @Test
    void queriesPerCall_shrinks_soThatNoCallExceeds100800Datapoints() {
        assertEquals(480, CloudWatchMetrics.queriesPerCall(Window.lastMinutes(NOW, 210)));
        assertEquals(70, CloudWatchMetrics.queriesPerCall(Window.lastMinutes(NOW, 1440)));
    }
}
