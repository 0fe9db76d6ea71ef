package dev.hpr.remediator.handler;

import dev.hpr.remediator.logging.Log;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A benchmark probe, run in a fresh JVM: builds the handler from the environment (as the runtime does at init),
 * optionally runs its SnapStart priming hook, then times the first invocation. With SnapStart, construction and
 * priming happen before the snapshot, so a restored container's first alarm costs about the primed first invocation;
 * without priming it costs the unprimed one. Prints {@code constructMs primeMs firstInvokeMs}, then, for each further
 * event given, the microseconds of its invocation by the same handler (warm invocations in the same JVM).
 *
 * <p>{@code java -cp JAR:functions/target/test-classes dev.hpr.remediator.handler.FirstInvocationProbe EVENT
 * [prime|cold] [EVENT...]}
 */
public final class FirstInvocationProbe {

    private FirstInvocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path event = Path.of(args[0]);
        boolean prime = args.length > 1 && "prime".equals(args[1]);
        long started = System.nanoTime();
        var handler = new AlarmHandler(System.getenv(), Clock.systemUTC(), Log.forRuntime());
        long built = System.nanoTime();
        if (prime) {
            handler.priming().beforeCheckpoint(null);
        }
        long primed = System.nanoTime();
        try (InputStream in = Files.newInputStream(event)) {
            handler.handleRequest(in, new ByteArrayOutputStream(), null);
        }
        long invoked = System.nanoTime();
        var line = new StringBuilder().append((built - started) / 1_000_000).append(' ')
                .append((primed - built) / 1_000_000).append(' ').append((invoked - primed) / 1_000_000);
        for (int i = 2; i < args.length; i++) {
            try (InputStream in = Files.newInputStream(Path.of(args[i]))) {
                long warmStarted = System.nanoTime();
                handler.handleRequest(in, new ByteArrayOutputStream(), null);
                line.append(' ').append((System.nanoTime() - warmStarted) / 1_000);
            }
        }
        System.out.println(line);
    }
}
