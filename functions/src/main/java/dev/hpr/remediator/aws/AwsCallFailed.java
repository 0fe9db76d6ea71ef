package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.action.ActionFailedException;

/** An AWS call failed after the SDK's retries: the operation and AWS's error code and message. */
public final class AwsCallFailed extends ActionFailedException {

    /**
     * Error codes that are transient though their status is 400: the same call may succeed later. Throttling codes,
     * Application Auto Scaling's {@code ConcurrentUpdateException} ("an update to an Application Auto Scaling resource
     * that already has a pending update", botocore's application-autoscaling 2016-02-06 model) and DynamoDB's
     * {@code ResourceInUseException} (the table is being updated). Not {@code LimitExceededException}: for
     * Application Auto Scaling it is a per-account quota, which waiting does not lift.
     */
    private static final java.util.Set<String> TRANSIENT_CODES = java.util.Set.of("ThrottlingException",
            "Throttling", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "ConcurrentUpdateException", "ResourceInUseException");

    private final String operation;
    private final String errorCode;
    private final boolean retryable;

    public AwsCallFailed(String operation, String errorCode, String message, Throwable cause) {
        this(operation, errorCode, message, cause, false);
    }

    private AwsCallFailed(String operation, String errorCode, String message, Throwable cause, boolean retryable) {
        super(operation + " failed: " + errorCode + ": " + message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
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
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            boolean transientError = aws.statusCode() >= 500 || aws.isThrottlingException()
                    || TRANSIENT_CODES.contains(code);
            return new AwsCallFailed(operation, code, String.valueOf(aws.awsErrorDetails().errorMessage()), e,
                    transientError);
        }
        // A client-side failure: a timeout or a lost connection is worth another try; anything else is not.
        boolean transientError = e instanceof software.amazon.awssdk.core.exception.SdkClientException
                && (e.getCause() instanceof java.io.IOException || e.getMessage() != null
                && e.getMessage().contains("timed out"));
        return new AwsCallFailed(operation, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e,
                transientError);
    }
}
