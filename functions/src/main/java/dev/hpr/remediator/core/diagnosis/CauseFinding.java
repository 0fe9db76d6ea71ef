package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import java.util.Map;
import java.util.Objects;

/**
 * Why one resource throttled for one operation.
 *
 * @param cause           the cause with the most throttled events
 * @param fallback        no per-cause metric had data: the cause was inferred from utilisation
 * @param throttleEvents  the resource's throttled events for the operation in the window
 * @param eventsByCause   events per cause from the per-cause metrics (empty on a fallback)
 * @param peak            the resource's highest consumed and throttled rates for the operation in the window
 * @param evidence        one sentence: the numbers behind the cause
 */
public record CauseFinding(
        ResourceRef resource,
        OperationType operation,
        Cause cause,
        boolean fallback,
        double throttleEvents,
        Map<Cause, Double> eventsByCause,
        PeakRates peak,
        String evidence) {

    public CauseFinding {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(cause, "cause");
        eventsByCause = Map.copyOf(eventsByCause);
        Objects.requireNonNull(peak, "peak");
        Objects.requireNonNull(evidence, "evidence");
    }
}
