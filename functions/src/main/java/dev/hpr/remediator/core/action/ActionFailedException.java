package dev.hpr.remediator.core.action;

/** An action's AWS call failed, or AWS reported the change failed: the action did not take effect. */
public class ActionFailedException extends RuntimeException {

    public ActionFailedException(String message) {
        super(message);
    }

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether trying again later may succeed (AWS answered 5xx or throttled, or the call timed out or lost its
     * connection), as opposed to a refusal for good (a validation error): an approved plan's transient failures stay
     * approvable. Unknown failures are not transient.
     */
    public boolean retryable() {
        return false;
    }
}
