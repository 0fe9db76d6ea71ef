package dev.hpr.remediator.logging;

import java.time.Clock;
import java.util.List;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that writes {@link JsonLines}: the function's own log lines and the AWS SDK's (which logs through
 * SLF4J) alike. Key-value pairs of SLF4J's fluent API ({@code log.atInfo().addKeyValue("table", t)}) become fields.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;
    private static final Clock CLOCK = Clock.systemUTC();

    JsonLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return JsonLines.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return JsonLines.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return JsonLines.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return JsonLines.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return JsonLines.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, pattern, arguments, List.of(), throwable);
    }

    /** The fluent API's events, with their key-value pairs. */
    @Override
    public void log(LoggingEvent event) {
        if (JsonLines.enabled(event.getLevel())) {
            write(event.getLevel(), event.getMessage(), event.getArgumentArray(), event.getKeyValuePairs(),
                    event.getThrowable());
        }
    }

    private void write(Level level, String pattern, Object[] arguments, List<KeyValuePair> keyValues, Throwable error) {
        String message = arguments == null || arguments.length == 0 ? String.valueOf(pattern)
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        JsonLines.write(CLOCK.instant(), level, name, message, MDC.getCopyOfContextMap(), keyValues, error);
    }
}
