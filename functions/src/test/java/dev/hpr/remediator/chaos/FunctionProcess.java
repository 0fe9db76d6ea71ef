package dev.hpr.remediator.chaos;

import dev.hpr.testfixtures.HeldReply;
import dev.hpr.testfixtures.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The remediator's CLI ({@code dev.hpr.remediator.cli.Main}: {@code invoke EVENT.json}, {@code sweep},
 * {@code approve PLAN_ID}, …) in a JVM of its own, on the test class path, with the given environment and pointed at
 * the local AWS: a process a chaos test can kill, as Lambda kills a function (timeout, out of memory, a recycled
 * container). stdout and stderr go to files, read once it ended.
 */
public final class FunctionProcess implements AutoCloseable {

    /** How it ended: exit status (137 = 128 + SIGKILL after a kill on Linux), stdout, stderr, and the reply held
     *  when it was killed (null when it ended by itself). */
    public record Exit(int code, String stdout, String stderr, HeldReply killedOn) {
    }

    private static final Duration EXIT_AFTER_KILL = Duration.ofSeconds(30);

    /**
     * A CLI run lives a second or two: the client compiler only and the serial collector start it about twice as
     * fast as the defaults (measured on the chaos tests' runs: 2.5-5 s -> 1.3-2.7 s an alarm), which keeps a suite of
     * some seventy runs short. What runs is the same code.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final LocalAws aws;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;

    private FunctionProcess(LocalAws aws, Process process, Path stdout, Path stderr, List<String> command) {
        this.aws = aws;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
    }

    /**
     * Starts {@code java -cp <test class path> dev.hpr.remediator.cli.Main <args>} with {@code env} over this JVM's
     * environment, the local AWS's endpoint, region and credentials, and without the Lambda runtime's variables
     * ({@code AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_LOG_LEVEL}) unless {@code env} sets them.
     */
    public static FunctionProcess start(LocalAws aws, Map<String, String> env, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hpr.remediator.cli.Main"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("function-process", ".stdout");
            Path err = Files.createTempFile("function-process", ".stderr");
            var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeAll(List.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_LOG_LEVEL",
                    "AWS_PROFILE", "AWS_SESSION_TOKEN"));
            var credentials = aws.credentials().resolveCredentials();
            environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            environment.put("AWS_REGION", aws.region());
            environment.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
            environment.putAll(env);
            return new FunctionProcess(aws, builder.start(), out, err, command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs the CLI to its end ({@link #start}, then {@link #await}). */
    public static Exit run(LocalAws aws, Map<String, String> env, Duration timeout, String... args) {
        try (var function = start(aws, env, args)) {
            return function.await(timeout);
        }
    }

    /**
     * Waits until the local AWS holds a reply to {@code operation} (call key or bare operation) — the call was
     * applied, this process still waits for the answer — then kills the JVM ({@code destroyForcibly}) and waits for
     * it. Throws IllegalStateException when the process ends first, or after {@code timeout}, with its output.
     * The held reply stays held: {@link LocalAws#releaseHeldReplies()} ends it.
     */
    public Exit killWhenHeld(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (HeldReply held : aws.heldReplies()) {
                if (held.isFor(operation)) {
                    process.destroyForcibly();
                    return ended(EXIT_AFTER_KILL, held);
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the function ended before a reply to " + operation + " was held: "
                        + ended(Duration.ZERO, null));
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IllegalStateException("no reply to " + operation + " held within " + timeout
                        + " (calls: " + aws.calls() + "); killed: " + ended(EXIT_AFTER_KILL, null));
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /** Waits for the process to end by itself; kills it and throws IllegalStateException after {@code timeout}. */
    public Exit await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + timeout + "; killed: "
                        + ended(EXIT_AFTER_KILL, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ended(Duration.ZERO, null);
    }

    /** Kills the process if it is still running, and drops its output files. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Exit ended(Duration wait, HeldReply killedOn) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command + " still runs " + wait + " after it was killed");
            }
            Exit exit = new Exit(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), killedOn);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
