package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CDK app as {@code cdk synth} runs it (its own JVM, the context in {@code CDK_CONTEXT_JSON} as the CDK CLI passes
 * it): a bad or missing context value is one line on stderr and a non-zero exit, no stack trace.
 */
class AppErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"tables\":\"orders\",\"mode\":\"yolo\"}|context key 'mode': bad value 'yolo'",
            "{}|context key 'tables' is required",
            "{\"tables\":\"orders\",\"windowMinutes\":\"soon\"}|context key 'windowMinutes': bad value 'soon'"})
    void badContext_isOneLine_andExit1(String context, String expected) throws Exception {
        Path out = Files.createTempDirectory("cdk-out");
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HotPartitionRemediatorApp.class.getName());
        builder.environment().put("CDK_CONTEXT_JSON", context);
        builder.environment().put("CDK_OUTDIR", out.toString());
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process p = builder.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the app did not finish");
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertEquals(1, p.exitValue(), String.join("\n", stderr));
        assertEquals(1, stderr.size(), String.join("\n", stderr));
        assertTrue(stderr.get(0).startsWith(HotPartitionRemediatorApp.ERROR_PREFIX + expected), stderr.get(0));
        assertEquals("", stdout);
    }
}
