package dev.hpr.remediator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The function's log lines, and the AWS SDK's through SLF4J, are JSON objects as Lambda's JSON log format reads them:
 * a {@code level} key (which Lambda filters by the application log level), an RFC 3339 {@code timestamp}, the
 * request id; and below the threshold nothing is written.
 */
class JsonLogProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Consumer<String> previousSink;
    private Level previousThreshold;

    @BeforeEach
    void capture() {
        previousSink = JsonLines.redirect(lines::add);
        previousThreshold = JsonLines.threshold(Level.INFO);
    }

    @AfterEach
    void restore() {
        JsonLines.redirect(previousSink);
        JsonLines.threshold(previousThreshold);
        Log.endRequest();
    }

    @Test
    void slf4jBindsToTheJsonProvider_withoutAWarning() {
        assertEquals("dev.hpr.remediator.logging.JsonLogger",
                LoggerFactory.getLogger("software.amazon.awssdk.request").getClass().getName());
    }

    @Test
    void anSdkWarning_isAJsonLine_withLevelTimestampAndRequestId() throws IOException {
        Log.startRequest("3f9a-request");
        LoggerFactory.getLogger("software.amazon.awssdk.core.internal.retry").warn("Retrying {} after {}", "DescribeTable",
                "ThrottlingException", new IllegalStateException("slow down"));

        assertEquals(1, lines.size());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("WARN", line.path("level").asText());
        assertEquals("software.amazon.awssdk.core.internal.retry", line.path("logger").asText());
        assertEquals("Retrying DescribeTable after ThrottlingException", line.path("message").asText());
        assertEquals("3f9a-request", line.path("requestId").asText());
        assertEquals("java.lang.IllegalStateException", line.path("errorType").asText());
        assertTrue(line.path("stackTrace").isArray() && line.path("stackTrace").size() > 0);
        Instant.parse(line.path("timestamp").asText());
    }

    @Test
    void theFunctionsKeyValues_areFields() throws IOException {
        Log.startRequest("r-1");
        Log.forRuntime().info("applied", "table", "orders", "actions", 3);

        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("INFO", line.path("level").asText());
        assertEquals("applied", line.path("message").asText());
        assertEquals("orders", line.path("table").asText());
        assertEquals("3", line.path("actions").asText());
        assertEquals("r-1", line.path("requestId").asText());
    }

    @Test
    void linesBelowTheApplicationLogLevel_areNotWritten() {
        JsonLines.threshold(LogLevelThreshold.of("WARN"));
        Log log = Log.forRuntime();
        log.info("not written");
        LoggerFactory.getLogger("software.amazon.awssdk").debug("not written either");
        log.warn("written");
        log.error("written too");

        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"level\":\"WARN\""));
        assertTrue(lines.get(1).contains("\"level\":\"ERROR\""));
    }

    @Test
    void lambdasLogLevels_mapToSlf4js() {
        assertEquals(Level.INFO, LogLevelThreshold.of(null));
        assertEquals(Level.INFO, LogLevelThreshold.of(""));
        assertEquals(Level.TRACE, LogLevelThreshold.of("trace"));
        assertEquals(Level.DEBUG, LogLevelThreshold.of("DEBUG"));
        assertEquals(Level.ERROR, LogLevelThreshold.of("FATAL"));
        assertEquals(Level.INFO, LogLevelThreshold.of("chatty"));
    }

    /**
     * The local invoke as a user runs it, in its own JVM: an unusable event's stderr is one log line and the one-line
     * message, no SLF4J warning; stdout is empty.
     */
    @Test
    void localInvoke_ofAnUnusableEvent_writesOneLogLineAndItsMessage() throws Exception {
        Path event = Files.createTempFile("not-an-alarm", ".json");
        Files.writeString(event, "{\"foo\": 1}");
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hpr.remediator.cli.Main", "invoke", event.toString()));
        var process = new ProcessBuilder(command);
        process.environment().put("FINDINGS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:findings");
        process.environment().put("AWS_REGION", "us-east-1");
        process.environment().remove("AWS_LAMBDA_FUNCTION_NAME");
        Process p = process.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the local invoke did not finish");
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertEquals(2, p.exitValue());
        assertEquals("", stdout);
        assertEquals(2, stderr.size(), String.join("\n", stderr));
        assertFalse(String.join("\n", stderr).contains("SLF4J"));
        assertEquals("ERROR", JSON.readTree(stderr.get(0)).path("level").asText());
        assertTrue(stderr.get(1).startsWith("unusable event: not a CloudWatch alarm event"), stderr.get(1));
    }
}
