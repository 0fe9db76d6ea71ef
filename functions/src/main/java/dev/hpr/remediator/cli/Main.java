package dev.hpr.remediator.cli;

import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.remediator.handler.SweepHandler;
import dev.hpr.remediator.logging.JsonLines;
import dev.hpr.remediator.logging.LogLevelThreshold;
import org.slf4j.event.Level;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Local invoke: {@code java -jar hot-partition-remediator.jar invoke EVENT.json} runs the Lambda handler's code path
 * with the same environment variables, against {@code AWS_ENDPOINT_URL} when set. Prints the finding JSON on stdout
 * and exits 0 when the event was handled (including "nothing to do"); exits non-zero with one line on stderr
 * otherwise: 2 for an unusable event or bad usage, 3 for bad configuration, 1 for an AWS failure.
 *
 * <p>{@code java -jar hot-partition-remediator.jar sweep} runs the fleet sweep's handler once over
 * {@code PROTECTED_TABLES} (as the schedule would, with {@code {}}) and prints the sweep summary JSON; same exit codes.
 *
 * <p>{@code java -jar hot-partition-remediator.jar approve PLAN_ID} (or {@code reject PLAN_ID}) decides a plan offered
 * for approval, as the Lambda task {@code {"task":"approve","planId":"…"}} would, recording the entry point
 * {@code cli} and the caller identity of the credentials in use as the approver. Prints the finding JSON. A plan that
 * cannot be decided (unknown, already decided, expired, or its table busy) exits 4 with one line on stderr and
 * changes nothing. Only errors are logged (on stderr) unless {@code AWS_LAMBDA_LOG_LEVEL} says otherwise.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Exit status when the environment's settings are unusable. */
    static final int CONFIGURATION_ERROR = 3;

    /** The handler, or empty after the one stderr line that says why the configuration is unusable. */
    private static <H> Optional<H> handler(Supplier<H> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalStateException e) {
            System.err.println("configuration error: " + e.getMessage());
            return Optional.empty();
        }
    }

    static int run(String[] args) {
        if (args.length == 1 && "sweep".equals(args[0])) {
            return sweep();
        }
        if (args.length == 2 && ("approve".equals(args[0]) || "reject".equals(args[0]))) {
            return decide(args[0], args[1]);
        }
        if (args.length != 2 || !"invoke".equals(args[0])) {
            System.err.println("usage: java -jar hot-partition-remediator.jar invoke EVENT.json"
                    + "\n       java -jar hot-partition-remediator.jar sweep"
                    + "\n       java -jar hot-partition-remediator.jar approve PLAN_ID"
                    + "\n       java -jar hot-partition-remediator.jar reject PLAN_ID");
            return 2;
        }
        Optional<AlarmHandler> built = handler(AlarmHandler::new);
        if (built.isEmpty()) {
            return CONFIGURATION_ERROR;
        }
        AlarmHandler handler = built.get();
        var out = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
            handler.handleRequest(event, out, null);
        } catch (NoSuchFileException e) {
            System.err.println("no such event file: " + args[1]);
            return 2;
        } catch (UnusableEventException e) {
            System.err.println("unusable event: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("invoke failed: " + e.getMessage());
            return 1;
        }
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return 0;
    }

    private static int decide(String decision, String planId) {
        if (System.getenv(LogLevelThreshold.VARIABLE) == null) {
            JsonLines.threshold(Level.ERROR);
        }
        Optional<AlarmHandler> built = handler(AlarmHandler::new);
        if (built.isEmpty()) {
            return CONFIGURATION_ERROR;
        }
        AlarmHandler handler = built.get();
        AlarmHandler.Decision result;
        try {
            result = handler.decide(decision, planId);
        } catch (UnusableEventException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println(decision + " failed: " + e.getMessage());
            return 1;
        }
        if (result.refused().isPresent()) {
            System.err.println(decision + " refused, nothing changed: " + result.refused().get());
            return 4;
        }
        System.out.println(result.json());
        return 0;
    }

    private static int sweep() {
        Optional<SweepHandler> built = handler(SweepHandler::new);
        if (built.isEmpty()) {
            return CONFIGURATION_ERROR;
        }
        SweepHandler handler = built.get();
        var out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException | RuntimeException e) {
            System.err.println("sweep failed: " + e.getMessage());
            return 1;
        }
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return 0;
    }
}
