package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** cfn-lint (with infra/.cfnlintrc.yaml) passes on the synthesized template. */
class CfnLintTest {

    @Test
    void synthesizedTemplate_passesCfnLint() throws Exception {
        Path template = SynthesizedApp.buildDir().resolve("cfn-lint/HotPartitionRemediator.template.json");
        Files.createDirectories(template.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(template.toFile(), SynthesizedApp.get().template.toJSON());

        Process process;
        try {
            process = new ProcessBuilder("cfn-lint", template.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cfn-lint is required: pip install cfn-lint (it was not found on PATH: " + e.getMessage() + ")");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("cfn-lint did not finish in 5 minutes");
        }
        assertEquals(0, process.exitValue(), "cfn-lint " + template + " reported:\n" + output);
    }
}
