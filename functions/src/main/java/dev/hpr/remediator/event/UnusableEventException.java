package dev.hpr.remediator.event;

/** The event cannot be acted on: not JSON, another service's alarm, or no DynamoDB table to be found. */
public final class UnusableEventException extends RuntimeException {

    public UnusableEventException(String message) {
        super(message);
    }

    public UnusableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
