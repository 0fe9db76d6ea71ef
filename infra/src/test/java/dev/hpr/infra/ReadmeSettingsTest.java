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
 * infra/README.md's props and context-key tables give each function setting the catalog's default and bounds
 * ({@link Setting}), so the construct's documentation cannot drift from what the function accepts.
 */
class ReadmeSettingsTest {

    /** Set by the construct from other props or resources: documented in their own rows. */
    private static final Set<Setting> DERIVED = Set.of(Setting.FINDINGS_TOPIC_ARN, Setting.PROTECTED_TABLES,
            Setting.LOCK_SECONDS);

    @Test
    void propsAndContextRows_carryTheCatalogsDefaultAndBounds() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        var problems = new ArrayList<String>();
        for (Setting setting : Setting.fromProps()) {
            if (DERIVED.contains(setting)) {
                continue;
            }
            check(lines, setting.prop().orElseThrow(), setting, problems);
            setting.contextKey().ifPresent(key -> check(lines, key, setting, problems));
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static void check(List<String> lines, String name, Setting setting, List<String> problems) {
        Optional<String> row = lines.stream().filter(l -> l.startsWith("| `" + name + "` |")).findFirst();
        if (row.isEmpty()) {
            problems.add("no row for `" + name + "` (" + setting + ")");
            return;
        }
        String defaultValue = setting.defaultValue().orElseThrow();
        if (!row.get().contains(defaultValue)) {
            problems.add("`" + name + "`: default " + defaultValue + " missing: " + row.get());
        }
        String bounds = setting.type().bounds().replace("`", "");
        boolean boundsShown = setting.type() instanceof dev.hpr.remediator.config.SettingType.IntegerRange
                || setting.type() instanceof dev.hpr.remediator.config.SettingType.DecimalAbove
                ? row.get().contains(bounds) : true;
        if (!boundsShown) {
            problems.add("`" + name + "`: bounds " + bounds + " missing: " + row.get());
        }
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
