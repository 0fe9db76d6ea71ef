package dev.hpr.remediator.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.UUID;

/**
 * The Lambda runtime's {@link Context} as it reaches the handler when a function is invoked through an alias: a
 * request id and the invoked ARN. The runtime's own interface, filled in as the runtime would.
 */
record RuntimeContext(String awsRequestId, String invokedFunctionArn) implements Context {

    static RuntimeContext invokedAs(String invokedFunctionArn) {
        return new RuntimeContext(UUID.randomUUID().toString(), invokedFunctionArn);
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/hot-partition-remediator";
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return invokedFunctionArn.split(":")[6];
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
