package dev.hpr.testfixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local AWS's child process: {@code test-fixtures/local_aws/local_aws.py} started on a free port of 127.0.0.1,
 * awaited until it prints its READY line, its stdout and stderr drained (the last 200 stderr lines kept), and stopped by
 * closing its standard input (the server exits when it closes, so a JVM that dies takes the server with it), then
 * SIGTERM, then SIGKILL. {@link LocalAws} is the facade tests use.
 */
final class LocalAwsProcess {

    static final String INSTALL_HINT = "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'";
    static final String SCRIPT = "test-fixtures/local_aws/local_aws.py";

    private static final String READY = "LOCAL_AWS_READY port=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_LINES_KEPT = 200;

    private final Process process;
    private final int port;
    private final Deque<String> stderrTail;
    private volatile boolean stopped;

    private LocalAwsProcess(Process process, int port, Deque<String> stderrTail) {
        this.process = process;
        this.port = port;
        this.stderrTail = stderrTail;
    }

    /** Starts the server and waits up to 30 s for its READY line; on failure the exception carries its stderr. */
    static LocalAwsProcess launch() {
        Path script = repoRoot().resolve(SCRIPT);
        String python = System.getenv().getOrDefault("HPR_PYTHON", "python3");
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE); // closing it (or our death) makes the server exit
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + python + "' (set HPR_PYTHON to the interpreter). "
                    + INSTALL_HINT, e);
        }
        Deque<String> stderrTail = new ArrayDeque<>();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        boolean echo = Boolean.getBoolean("hpr.localAws.verbose");
        daemon("local-aws-stdout", () -> {
            try (BufferedReader r = reader(process.getInputStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(READY)) {
                        ready.complete(Integer.parseInt(line.substring(READY.length()).trim()));
                    } else if (echo) {
                        System.out.println("[local-aws] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("local AWS closed its output before it was ready"));
        });
        daemon("local-aws-stderr", () -> {
            try (BufferedReader r = reader(process.getErrorStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        while (stderrTail.size() > STDERR_LINES_KEPT) {
                            stderrTail.removeFirst();
                        }
                    }
                    if (echo) {
                        System.err.println("[local-aws] " + line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        int port;
        try {
            port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the local AWS", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS); // let stderr drain
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            String err = tail(stderrTail);
            String hint = err.contains(INSTALL_HINT) ? "" : "\n(if python3 or moto is missing: " + INSTALL_HINT + ")";
            throw new IllegalStateException("the local AWS (" + python + " " + script + ") did not become ready in "
                    + START_TIMEOUT.toSeconds() + " s" + exitInfo(process) + "; its stderr:\n" + err + hint, e);
        }
        return new LocalAwsProcess(process, port, stderrTail);
    }

    /** {@code -Dhpr.repoRoot}, else the nearest directory up from the working directory holding the script. */
    static Path repoRoot() {
        String prop = System.getProperty("hpr.repoRoot");
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve(SCRIPT))) {
                throw new IllegalStateException("hpr.repoRoot=" + prop + " has no " + SCRIPT);
            }
            return p;
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " above " + Paths.get("").toAbsolutePath()
                + "; set -Dhpr.repoRoot=<repository root>");
    }

    int port() {
        return port;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean isRunning() {
        return !stopped && process.isAlive();
    }

    /** The last lines the server wrote to stderr. */
    String stderr() {
        return tail(stderrTail);
    }

    /** For a failed control call: the exit code if the server is gone, and its stderr. */
    String diagnostics() {
        return exitInfo(process) + "; stderr:\n" + stderr();
    }

    /** Closes the server's stdin (it exits), then SIGTERM, then SIGKILL after 5 s. Idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            process.getOutputStream().close(); // the server exits when its stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy(); // SIGTERM
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String exitInfo(Process p) {
        return p.isAlive() ? "" : " (exit code " + p.exitValue() + ")";
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static String tail(Deque<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
