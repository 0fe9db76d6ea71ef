package dev.hpr.remediator.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Structured log lines, one JSON object each: Lambda's JSON log format keeps them as they are. Locally they go to
 * stderr, so stdout carries only the finding.
 */
public final class Log {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Consumer<String> sink;

    public Log(Consumer<String> sink) {
        this.sink = sink;
    }

    public static Log stderr() {
        return new Log(System.err::println);
    }

    /** In Lambda, stdout (the runtime ships it to CloudWatch Logs); locally, stderr (stdout carries the output). */
    public static Log forRuntime() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? new Log(System.out::println) : stderr();
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    private void write(String level, String message, Object... keyValues) {
        ObjectNode line = JSON.createObjectNode();
        line.put("level", level);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        sink.accept(line.toString());
    }
}
