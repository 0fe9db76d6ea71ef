package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.action.ActionFailedException;

/** An AWS call failed after the SDK's retries: the operation and AWS's error code and message. */
public final class AwsCallFailed extends ActionFailedException {

    private final String operation;
    private final String errorCode;

    public AwsCallFailed(String operation, String errorCode, String message, Throwable cause) {
        super(operation + " failed: " + errorCode + ": " + message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public String operation() {
        return operation;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Wraps an SDK exception, keeping AWS's error code where there is one. */
    static AwsCallFailed of(String operation, RuntimeException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws && aws.awsErrorDetails() != null) {
            return new AwsCallFailed(operation, String.valueOf(aws.awsErrorDetails().errorCode()),
                    String.valueOf(aws.awsErrorDetails().errorMessage()), e);
        }
        return new AwsCallFailed(operation, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
}
