package dev.hpr.remediator.handler;

import java.util.Optional;

/**
 * What the current invocation knows of how it was invoked: the ARN a person would invoke to approve a plan it
 * offers (the function and alias the runtime reports as invoked). One per container; the Lambda runtime runs one
 * invocation at a time in it, and the handler sets this at the start of each.
 */
final class Invocation {

    private Optional<String> invokedFunctionArn = Optional.empty();

    /** At the start of an invocation: the ARN from the Lambda context, or empty (a local invoke). */
    void begin(String invokedFunctionArn) {
        this.invokedFunctionArn = Optional.ofNullable(invokedFunctionArn).filter(arn -> !arn.isBlank());
    }

    /** The function (and alias) ARN this invocation was invoked by, if the runtime said. */
    Optional<String> invokedFunctionArn() {
        return invokedFunctionArn;
    }
}
