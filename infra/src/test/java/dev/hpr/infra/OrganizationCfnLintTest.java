package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint (with infra/.cfnlintrc.yaml) on every template of the organisation's app: the hub, each region's code
 * stack, the StackSet stack and the member template the StackSet deploys (as its TemplateBody carries it).
 */
class OrganizationCfnLintTest {

    @Test
    void everyTemplate_passesCfnLint() throws Exception {
        var org = SynthesizedOrganization.get();
        var templates = new LinkedHashMap<String, Object>();
        templates.put("hub", org.hub.toJSON());
        org.code.forEach((region, template) -> templates.put("code-" + region, template.toJSON()));
        templates.put("stackset", org.admin.toJSON());
        templates.put("member", org.memberBody);
        Path dir = SynthesizedApp.buildDir().resolve("cfn-lint-organization");
        Files.createDirectories(dir);
        var files = new ArrayList<String>();
        for (Map.Entry<String, Object> e : templates.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".template.json");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), e.getValue());
            files.add(file.toString());
        }
        var command = new ArrayList<>(List.of("cfn-lint"));
        command.addAll(files);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cfn-lint is required: pip install cfn-lint (it was not found on PATH: " + e.getMessage() + ")");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("cfn-lint did not finish in 5 minutes");
        }
        assertEquals(0, process.exitValue(), "cfn-lint " + files + " reported:\n" + output);
        assertEquals(5, files.size());
    }
}
