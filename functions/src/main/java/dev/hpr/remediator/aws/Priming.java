package dev.hpr.remediator.aws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkPojo;
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
 *
 * <p>No answer comes back, so the response side is primed apart: the response an adapter reads is built through the
 * SDK model's field metadata ({@link ResponseShapes}), and the JDK's XML parser, which reads CloudWatch's and SNS's
 * answers (awsQuery), parses a document once; a JDK HTTP connection is opened and set up, never connected.
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
        priming.xmlParser();
        priming.httpConnection();
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

    /** Work an adapter does without a request (such as reading what it stores): it must not fail. */
    public void local(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failures.add(what + ": " + e);
        }
    }

    /** As {@link #request(String, Runnable)}, and builds the response the adapter reads ({@link ResponseShapes}). */
    public void request(String operation, Runnable request, Supplier<? extends SdkPojo> response) {
        request(operation, request);
        try {
            ResponseShapes.build(response.get());
        } catch (RuntimeException e) {
            failures.add(operation + " response: " + e);
        }
    }

    /** What the SDK does with an awsQuery answer: the JDK's StAX parser, set up as the SDK sets it up. */
    private void xmlParser() {
        try {
            XMLInputFactory factory = XMLInputFactory.newInstance();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLEventReader reader = factory.createXMLEventReader(new ByteArrayInputStream(
                    "<PrimingResponse><PrimingResult><Id>1</Id></PrimingResult></PrimingResponse>"
                            .getBytes(StandardCharsets.UTF_8)));
            while (reader.hasNext()) {
                reader.nextEvent();
            }
            reader.close();
        } catch (XMLStreamException | RuntimeException e) {
            failures.add("XML parser: " + e);
        }
    }

    /**
     * What the SDK's URL-connection client makes of a request first: a JDK {@code HttpURLConnection}, opened (which
     * does not connect) and set up, so its class and its logger are initialised. Nothing is sent: it never connects.
     */
    private void httpConnection() {
        try {
            var connection = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1/snapstart-priming")
                    .toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
        } catch (java.io.IOException | RuntimeException e) {
            failures.add("HTTP connection: " + e);
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
