package dev.hpr.remediator.usecase;

/**
 * A change's intent could not be written to the journal: the change was not made, and the invocation fails so that
 * Lambda retries it (nothing is published: the retry's finding is).
 */
public final class JournalUnavailable extends RuntimeException {

    public JournalUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
