package dev.hpr.remediator.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The function's log: a message and key-value pairs per line, written as {@link JsonLines} through SLF4J (so with the
 * AWS SDK's own lines, in the same format and under the same level threshold). Tests log through it too
 * ({@link #forRuntime()}), and capture the lines with {@link JsonLines#redirect} where they assert on them.
 */
public final class Log {

    /** The MDC key of the Lambda request id (or the local invoke's id): a field of every line of the invocation. */
    public static final String REQUEST_ID = "requestId";

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    /** The function's log: stdout in Lambda, stderr locally; the one way to log, in tests too. */
    public static Log forRuntime() {
        return new Log(LoggerFactory.getLogger("dev.hpr.remediator"));
    }

    /** Marks every line of this thread, the SDK's included, with the invocation's request id until {@link #endRequest}. */
    public static void startRequest(String requestId) {
        MDC.put(REQUEST_ID, requestId);
    }

    public static void endRequest() {
        MDC.remove(REQUEST_ID);
    }

    /**
     * A line written as it is, beside the log lines (an EMF metrics document): in Lambda to
     * stdout, which Lambda ships to CloudWatch Logs. A local run writes none: its stderr is the log, and a metric of a
     * laptop's run has nowhere to go.
     */
    public void raw(String line) {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            System.out.println(line);
        }
    }

    public void info(String message, Object... keyValues) {
        write(Level.INFO, message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write(Level.WARN, message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write(Level.ERROR, message, keyValues);
    }

    private void write(Level level, String message, Object... keyValues) {
        LoggingEventBuilder event = logger.atLevel(level).setMessage(message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            event = event.addKeyValue(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        event.log();
    }
}
