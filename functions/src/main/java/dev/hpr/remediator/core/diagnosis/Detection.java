package dev.hpr.remediator.core.diagnosis;

/**
 * The detection rule, with its thresholds configurable: throttled events in the window above a
 * threshold, or peak consumed read capacity above a threshold.
 *
 * @param throttleEvents             Read+WriteThrottleEvents of the table and every GSI, summed over the window
 * @param peakConsumedReadPerSecond  the highest one-minute consumed read units per second of the table or a GSI
 */
public record Detection(
        boolean detected,
        double throttleEvents,
        double throttleEventsThreshold,
        double peakConsumedReadPerSecond,
        double peakConsumedReadThreshold) {

    public static Detection of(double throttleEvents, double peakConsumedReadPerSecond, DiagnosisSettings settings) {
        boolean detected = throttleEvents > settings.throttleEventsThreshold()
                || peakConsumedReadPerSecond > settings.peakConsumedReadThreshold();
        return new Detection(detected, throttleEvents, settings.throttleEventsThreshold(),
                peakConsumedReadPerSecond, settings.peakConsumedReadThreshold());
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s: %.0f throttled events in the window (threshold %.0f), peak consumed read %.0f units/s (threshold %.0f)",
                detected ? "detected" : "not detected", throttleEvents, throttleEventsThreshold,
                peakConsumedReadPerSecond, peakConsumedReadThreshold);
    }
}
