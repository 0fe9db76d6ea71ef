package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Construct IDs are a public contract: CloudFormation replaces a resource whose logical ID changes (and a state table
 * replaced is an audit trail lost). Every resource of the synthesized templates (the default app, tagged protection,
 * and the organisation's hub, StackSet, code-bucket and member stacks) must keep the logical ID and type recorded in
 * {@code logical-ids.txt}, which was written from the templates before the construct was restructured.
 *
 * <p>One exception, by design: a Lambda version's logical ID ends with a hash of the function's configuration and
 * code ({@code FunctionCurrentVersion7BC53901<hash>}), so every new jar publishes a new version: that hash is masked.
 */
class LogicalIdsTest {

    static final String RECORDED = "logical-ids.txt";
    /**
     * {@code Function.currentVersion}'s ID: the function's ID, {@code CurrentVersion}, the path's 8-digit hash (kept)
     * and the configuration's 32-digit hash (masked).
     */
    private static final Pattern VERSION_HASH = Pattern.compile("(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}$");

    @Test
    void everyResource_keepsItsLogicalIdAndType() throws IOException {
        List<String> actual = current();
        List<String> recorded = recorded();
        if (!actual.equals(recorded)) {
            Path written = SynthesizedApp.buildDir().resolve("logical-ids.actual.txt");
            Files.write(written, actual, StandardCharsets.UTF_8);
            var gone = new TreeSet<>(recorded);
            actual.forEach(gone::remove);
            var added = new TreeSet<>(actual);
            recorded.forEach(added::remove);
            fail("logical IDs changed (the synthesized ones are in " + written + ")\n"
                    + "replaced or removed on upgrade:\n  " + String.join("\n  ", gone) + "\n"
                    + "new (record them in " + RECORDED + " if intended):\n  " + String.join("\n  ", added));
        }
    }

    /** {@code stack  logicalId  type}, one resource a line, sorted within each stack. */
    static List<String> current() {
        var templates = new LinkedHashMap<String, Template>();
        templates.put("app", SynthesizedApp.get().template);
        templates.put("tagged", SynthesizedApp.tagged().template);
        SynthesizedOrganization organization = SynthesizedOrganization.get();
        templates.put("organization-hub", organization.hub);
        templates.put("organization-stackset", organization.admin);
        organization.code.forEach((region, template) -> templates.put("organization-code-" + region, template));
        templates.put("organization-member", organization.member);
        var lines = new ArrayList<String>();
        templates.forEach((stack, template) -> lines.addAll(resources(stack, template)));
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static List<String> resources(String stack, Template template) {
        var resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        var lines = new TreeSet<String>();
        resources.forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            String shown = "AWS::Lambda::Version".equals(type)
                    ? VERSION_HASH.matcher(id).replaceFirst("$1<hash>") : id;
            lines.add(stack + "\t" + shown + "\t" + type);
        });
        return List.copyOf(lines);
    }

    private static List<String> recorded() {
        try (InputStream in = LogicalIdsTest.class.getResourceAsStream(RECORDED)) {
            if (in == null) {
                return List.of(); // every resource then shows as new, and the synthesized list is written
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .filter(l -> !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
