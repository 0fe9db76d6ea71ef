package dev.hpr.remediator.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events in the repository's {@code events/} folder. */
final class SampleEvents {

    static final String ALARM_LAMBDA_ACTION = "alarm-lambda-action.json";
    static final String ALARM_LAMBDA_ACTION_METRICSTAT = "alarm-lambda-action-metricstat.json";
    static final String ALARM_LAMBDA_ACTION_OK = "alarm-lambda-action-ok.json";
    static final String EVENTBRIDGE_ALARM_STATE_CHANGE = "eventbridge-alarm-state-change.json";
    static final String EVENTBRIDGE_CONTRIBUTOR_STATE_CHANGE = "eventbridge-contributor-state-change.json";
    static final String SNS_ALARM_NOTIFICATION = "sns-alarm-notification.json";
    static final String SNS_ALARM_NOTIFICATION_METRICS_INSIGHTS = "sns-alarm-notification-metrics-insights.json";

    private SampleEvents() {
    }

    /** {@code events/}: under the system property {@code hpr.repoRoot} (set by surefire), else up from the cwd. */
    static Path dir() {
        String repoRoot = System.getProperty("hpr.repoRoot");
        if (repoRoot != null && !repoRoot.isBlank() && Files.isDirectory(Path.of(repoRoot, "events"))) {
            return Path.of(repoRoot, "events").toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("events").resolve(ALARM_LAMBDA_ACTION))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("events/ not found: set -Dhpr.repoRoot=<repository root>");
    }

    static Path path(String name) {
        return dir().resolve(name);
    }

    static String read(String name) {
        try {
            return Files.readString(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
