package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.hpr.remediator.config.Setting;
import org.junit.jupiter.api.Test;

/**
 * The function's settings are documented once, in docs/configuration.md's table (generated from the catalog and
 * checked by the functions module's ConfigurationTableTest): infra/README.md's props and context-key tables list the
 * construct's own, so a setting's default or bounds cannot be written twice and drift.
 */
class ReadmeSettingsTest {

    /** Set by the construct from other props or resources: documented in their own rows here. */
    private static final Set<Setting> DERIVED = Set.of(Setting.FINDINGS_TOPIC_ARN, Setting.PROTECTED_TABLES,
            Setting.LOCK_SECONDS);

    @Test
    void readme_documentsNoFunctionSettingASecondTime() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        var problems = new ArrayList<String>();
        for (Setting setting : Setting.fromProps()) {
            if (DERIVED.contains(setting)) {
                continue;
            }
            var names = new ArrayList<String>(List.of(setting.prop().orElseThrow().split(",\\s*")));
            setting.contextKey().ifPresent(names::add);
            for (String name : names) {
                lines.stream().filter(l -> l.startsWith("| `" + name + "` |")).findFirst()
                        .ifPresent(row -> problems.add(setting + " is documented in docs/configuration.md; this row"
                                + " repeats it: " + row));
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("../docs/configuration.md#the-environment-variables")),
                "README.md links the configuration table");
    }

    @Test
    void everyPropNamedInTheCatalog_existsOnTheBuilder() {
        var methods = new ArrayList<String>();
        for (var m : HotPartitionRemediatorProps.Builder.class.getMethods()) {
            methods.add(m.getName());
        }
        for (Setting setting : Setting.fromProps()) {
            for (String prop : setting.prop().orElseThrow().split(",\\s*")) {
                assertTrue(methods.contains(prop), setting + ": the builder has no prop " + prop);
            }
        }
    }
}
