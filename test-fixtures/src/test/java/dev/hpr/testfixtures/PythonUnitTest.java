package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local AWS's own Python unit tests ({@code test-fixtures/local_aws/tests}: the emulator's pure parts, no server,
 * no moto), run with {@code python3 -m unittest discover}. Not skipped without Python: it fails and says why.
 */
class PythonUnitTest {
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void emulatorUnitTestsPass() throws IOException, InterruptedException, ExecutionException {
        Path dir = LocalAws.repoRoot().resolve("test-fixtures/local_aws");
        String python = System.getenv().getOrDefault("HPR_PYTHON", "python3");
        // -B: no __pycache__ in the source tree; -t .: the tests import the emulator package from here.
        ProcessBuilder pb = new ProcessBuilder(python, "-B", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            fail("cannot run '" + python + "' for the local AWS's Python unit tests in " + dir
                    + " (install python3, or set HPR_PYTHON to the interpreter): " + e.getMessage());
            return;
        }
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the local AWS's Python unit tests did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String text = output.get();
        assertEquals(0, process.exitValue(), python + " -m unittest discover (in " + dir + ") failed:\n" + text);
        assertFalse(text.contains("Ran 0 tests"), "no Python unit tests in " + dir.resolve("tests") + ":\n" + text);
        text.lines().filter(line -> line.startsWith("Ran "))
                .forEach(line -> System.out.println("[local_aws/tests] " + line));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read the output: " + e + ")";
        }
    }
}
