package dev.hpr.remediator.usecase;

import java.util.Optional;

/**
 * What the current invocation knows of how it was invoked: the ARN a person would invoke to approve a plan it
 * offers (the function and alias the runtime reports as invoked), and so the account it runs in. One per container; the Lambda runtime runs one
 * invocation at a time in it, and the handler sets this at the start of each.
 */
public final class Invocation {

    private Optional<String> invokedFunctionArn = Optional.empty();

    /** At the start of an invocation: the ARN from the Lambda context, or empty (a local invoke). */
    public void begin(String invokedFunctionArn) {
        this.invokedFunctionArn = Optional.ofNullable(invokedFunctionArn).filter(arn -> !arn.isBlank());
    }

    /** The function (and alias) ARN this invocation was invoked by, if the runtime said. */
    Optional<String> invokedFunctionArn() {
        return invokedFunctionArn;
    }

    /**
     * The AWS account the function runs in: the fifth field of the invoked ARN
     * ({@code arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]}); empty for a local invoke. The runtime
     * environment has no account variable of its own (Lambda's reserved variables name the region, not the account),
     * and the ARN is in every invocation's context whatever the trigger.
     */
    public Optional<String> account() {
        return invokedFunctionArn.map(arn -> arn.split(":", -1))
                .filter(parts -> parts.length >= 6 && "lambda".equals(parts[2]) && parts[4].matches("\\d{12}"))
                .map(parts -> parts[4]);
    }
}
