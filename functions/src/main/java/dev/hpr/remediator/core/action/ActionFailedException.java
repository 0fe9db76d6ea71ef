package dev.hpr.remediator.core.action;

/** An action's AWS call failed, or AWS reported the change failed: the action did not take effect. */
public class ActionFailedException extends RuntimeException {

    public ActionFailedException(String message) {
        super(message);
    }

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
