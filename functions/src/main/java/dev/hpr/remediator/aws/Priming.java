package dev.hpr.remediator.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart priming through the adapters themselves: while {@link #run} runs, every request the clients of
 * {@link AwsClients} build is marshalled, its endpoint resolved and signed, and stopped in
 * {@code beforeTransmission}; it is signed with fake credentials, so the default credentials chain is never asked and
 * nothing about credentials is captured in the snapshot. No request leaves the process (and were one to, it would be
 * refused: the credentials are fake). Each adapter's {@code prime(Priming)} issues its own requests through
 * {@link #request}, so what is primed is what runs.
 */
public final class Priming {

    /** Attached to every client: stops a request before it is sent while priming runs. */
    static final ExecutionInterceptor STOP_BEFORE_TRANSMISSION = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (active) {
                throw new Stopped();
            }
        }
    };

    /** The table the priming requests name: they are never sent. */
    public static final String TABLE = "snapstart-priming";
    public static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE;

    private static final AwsCredentials FAKE = AwsBasicCredentials.create("snapstart-priming", "snapstart-priming");
    private static volatile boolean active;

    private final List<String> stopped = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private Priming() {
    }

    /** What one priming run stopped, and what went wrong. */
    public record Result(List<String> stopped, List<String> failures) {
        public Result {
            stopped = List.copyOf(stopped);
            failures = List.copyOf(failures);
        }
    }

    /** Runs {@code adapters} with every request stopped before it is sent. One run at a time. */
    public static synchronized Result run(java.util.function.Consumer<Priming> adapters) {
        var priming = new Priming();
        active = true;
        try {
            adapters.accept(priming);
        } finally {
            active = false;
        }
        return new Result(priming.stopped, priming.failures);
    }

    /** An adapter's request, named by its IAM action: it must be stopped before transmission. */
    public void request(String operation, Runnable request) {
        try {
            request.run();
            failures.add(operation + " was not stopped before transmission");
        } catch (RuntimeException e) {
            if (stopped(e)) {
                stopped.add(operation);
            } else {
                failures.add(operation + ": " + e);
            }
        }
    }

    static AwsCredentialsProvider guard(AwsCredentialsProvider real) {
        return () -> active ? FAKE : real.resolveCredentials();
    }

    private static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("SnapStart priming: stopped before transmission", null, false, false);
        }
    }
}
