package dev.hpr.remediator.config;

/** A setting is missing or has a value the function does not start with; the message names it and the value. */
public final class InvalidSettingException extends IllegalStateException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
