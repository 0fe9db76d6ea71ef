package dev.hpr.remediator.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * Where log lines go, one JSON object per line, as Lambda's JSON log format reads them ("Log-level filtering", Lambda
 * Developer Guide): {@code timestamp} (RFC 3339, UTC), {@code level}, {@code logger}, {@code message}, the MDC's
 * fields ({@code requestId}: the Lambda request id), the event's key-value pairs, and for an exception
 * {@code errorType}, {@code errorMessage} and {@code stackTrace}. Written with Jackson's streaming generator. In
 * Lambda the lines go to stdout (Lambda ships them to CloudWatch Logs); locally to stderr, so that stdout carries only
 * the output.
 */
public final class JsonLines {

    private static final JsonFactory JSON = new JsonFactory();
    private static volatile Consumer<String> sink = defaultSink();
    private static volatile Level threshold = LogLevelThreshold.of(System.getenv(LogLevelThreshold.VARIABLE));

    private JsonLines() {
    }

    private static Consumer<String> defaultSink() {
        PrintStream out = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? System.out : System.err;
        return out::println;
    }

    /** Sends every line to {@code newSink} instead (tests); returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> newSink) {
        Consumer<String> previous = sink;
        sink = Objects.requireNonNull(newSink);
        return previous;
    }

    /** Writes lines at {@code level} and above; returns the previous threshold. */
    public static Level threshold(Level level) {
        Level previous = threshold;
        threshold = Objects.requireNonNull(level);
        return previous;
    }

    static boolean enabled(Level level) {
        return LogLevelThreshold.enabled(threshold, level);
    }

    static void write(Instant at, Level level, String logger, String message, Map<String, String> context,
                      List<KeyValuePair> keyValues, Throwable error) {
        sink.accept(format(at, level, logger, message, context, keyValues, error));
    }

    /** One line: the JSON object, without a line break. */
    static String format(Instant at, Level level, String logger, String message, Map<String, String> context,
                         List<KeyValuePair> keyValues, Throwable error) {
        var text = new StringWriter(160);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeStringField("level", level.name());
            json.writeStringField("logger", logger);
            json.writeStringField("message", message);
            if (context != null) {
                for (var entry : context.entrySet()) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            if (keyValues != null) {
                for (KeyValuePair pair : keyValues) {
                    json.writeStringField(pair.key, String.valueOf(pair.value));
                }
            }
            if (error != null) {
                json.writeStringField("errorType", error.getClass().getName());
                json.writeStringField("errorMessage", String.valueOf(error.getMessage()));
                json.writeArrayFieldStart("stackTrace");
                for (StackTraceElement frame : error.getStackTrace()) {
                    json.writeString(frame.toString());
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }
}
