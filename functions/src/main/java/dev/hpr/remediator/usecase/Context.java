package dev.hpr.remediator.usecase;

import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.util.Objects;

/**
 * What every use case shares: the deployment's settings, the clock, the log, the region it runs in and the
 * invocation it serves. One value, built once by the composition root.
 */
public record Context(Settings settings, Clock clock, Log log, String region, Invocation invocation) {
    public Context {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(invocation, "invocation");
    }
}
