package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.event.UnusableEventException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sweep entry point accepts and refuses, before any AWS call. */
class SweepHandlerInputTest {

    private static final Map<String, String> ENV = Map.of(
            "FINDINGS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:findings",
            "PROTECTED_TABLES", "orders,sessions",
            "AWS_REGION", "us-east-1",
            // Nothing listens here: a test that reached AWS would fail, not call anything.
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9");

    @Test
    void acceptsAScheduledEvent_anEmptyObject_theSweepTask_orNothing() {
        assertDoesNotThrow(() -> SweepHandler.checkScheduledEvent(""));
        assertDoesNotThrow(() -> SweepHandler.checkScheduledEvent("{\"task\":\"sweep\"}"));
        assertDoesNotThrow(() -> SweepHandler.checkScheduledEvent("{}"));
        assertDoesNotThrow(() -> SweepHandler.checkScheduledEvent("{\"version\":\"0\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"detail\":{}}"));
    }

    @Test
    void refusesAnAlarmEvent_andAnythingElse() {
        for (String bad : new String[] {"not json", "[1,2]", "{\"alarmData\":{}}", "{\"Records\":[]}",
                "{\"task\":\"revert-check\"}",
                "{\"detail-type\":\"CloudWatch Alarm State Change\",\"source\":\"aws.cloudwatch\"}"}) {
            var e = assertThrows(UnusableEventException.class, () -> SweepHandler.checkScheduledEvent(bad), bad);
            assertTrue(e.getMessage().contains("Scheduled Event"), e.getMessage());
        }
    }

    @Test
    void anAlarmEvent_isRefusedBeforeAnyAwsCall() {
        var handler = new SweepHandler(ENV, Clock.systemUTC(), Log.forRuntime());
        var e = assertThrows(UnusableEventException.class, () -> handler.handleRequest(
                new ByteArrayInputStream("{\"alarmData\":{}}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null));
        assertTrue(e.getMessage().contains("alarm handler"), e.getMessage());
    }

    @Test
    void withoutProtectedTables_theSweepDoesNotStart() {
        var env = new java.util.HashMap<>(ENV);
        env.remove("PROTECTED_TABLES");
        var e = assertThrows(IllegalStateException.class, () -> new SweepHandler(env, Clock.systemUTC(),
                Log.forRuntime()));
        assertTrue(e.getMessage().startsWith("PROTECTED_TABLES is not set"), e.getMessage());
        env.put("PROTECTED_TABLES", " , ");
        assertEquals(IllegalStateException.class, assertThrows(RuntimeException.class,
                () -> new SweepHandler(env, Clock.systemUTC(), Log.forRuntime())).getClass());
    }
}
