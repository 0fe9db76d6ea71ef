package dev.hpr.remediator.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The lowest level written, from {@code AWS_LAMBDA_LOG_LEVEL}: Lambda sets it from the function's application log level
 * (the construct's {@code logLevel}), and Lambda itself drops JSON lines below it by their {@code level} key. Filtering
 * here as well saves building lines that would be dropped, and gives a local run the same filter. Lambda's levels are
 * TRACE, DEBUG, INFO, WARN, ERROR and FATAL (FATAL is written as ERROR, SLF4J's highest); unset or unknown: INFO.
 */
public final class LogLevelThreshold {

    public static final String VARIABLE = "AWS_LAMBDA_LOG_LEVEL";

    private LogLevelThreshold() {
    }

    static Level of(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    static boolean enabled(Level threshold, Level level) {
        return level.toInt() >= threshold.toInt();
    }
}
