package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.JsonLines;
import dev.hpr.remediator.logging.Log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The SnapStart hook, called as the runtime calls it before a snapshot (no CRaC JVM needed: outside one, org.crac's
 * global context is a no-op and the hook is just a method). It must touch no AWS, which the local AWS would count
 * (the handler's clients point at it), finish quickly, and leave the handler working.
 */
class SnapStartPrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The handler's operations: each one request, stopped before transmission. */
    private static final int OPERATIONS = 12;
    private static LocalAws aws;
    /** The production log's lines (SLF4J, our provider, JSON), captured where they would go to stdout or stderr. */
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Consumer<String> previousSink;
    private Level previousThreshold;

    @BeforeAll
    static void localAws() {
        aws = LocalAws.shared();
    }

    @BeforeEach
    void captureTheLog() {
        previousSink = JsonLines.redirect(lines::add);
        previousThreshold = JsonLines.threshold(Level.INFO); // the CLI's tests lower it to ERROR in this JVM
    }

    @AfterEach
    void restoreTheLog() {
        JsonLines.redirect(previousSink);
        JsonLines.threshold(previousThreshold);
    }

    @Test
    void beforeCheckpoint_callsNoAws_andTheHandlerStillWorks() throws Exception {
        // given a container's handler, pointed at the local AWS, and an incident it will be invoked for
        var incident = new Incident(aws, "priming").provisionedTable(2000, 3000, Map.of())
                .metric(null, "WriteKeyRangeThroughputThrottleEvents", 180, 10, 0)
                .metric(null, "WriteThrottleEvents", 180, 10, 0);
        var handler = new AlarmHandler(incident.env, Clock.systemUTC(), Log.forRuntime());
        aws.resetCalls();

        // when the runtime calls the hook before the snapshot, and after the restore
        long started = System.nanoTime();
        handler.priming().beforeCheckpoint(null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        handler.priming().afterRestore(null);

        // then no AWS call was made, and it was quick
        assertEquals(Map.of(), aws.calls(), "priming must not call AWS");
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "priming took " + took);
        assertTrue(lines.stream().anyMatch(l -> l.contains("snapstart priming done")), lines.toString());

        // and every operation was primed, none failed
        SnapStartPriming.Report again = handler.priming().prime();
        assertEquals(List.of(), again.failures());
        assertEquals(OPERATIONS, again.requestsStopped());
        assertEquals(Map.of(), aws.calls());

        // and the same handler then handles an alarm as usual
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(incident.event("alarm-lambda-action.json")
                .getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode finding = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("DIAGNOSED", finding.path("outcome").asText(), finding.toString());
        assertEquals("HOT_PARTITION", finding.path("causes").get(0).path("cause").asText());
        assertEquals(1, aws.calls("sns:Publish"));
        assertEquals(1, incident.findings().size());
    }

    @Test
    void withAStateTable_itsItemOperationsArePrimedToo_withoutAnyCall() {
        var incident = new Incident(aws, "priming-state").env("STATE_TABLE_NAME", "remediator-state");
        var handler = new AlarmHandler(incident.env, Clock.systemUTC(), Log.forRuntime());
        aws.resetCalls();

        SnapStartPriming.Report report = handler.priming().prime();

        assertEquals(List.of(), report.failures());
        assertEquals(OPERATIONS + 8, report.requestsStopped(), "GetItem, PutItem, UpdateItem, DeleteItem, Query, and"
                + " the change's path: the journal's intent and settling PutItems, the plan's PutItem");
        assertEquals(Map.of(), aws.calls());
    }
}
