package dev.hpr.remediator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the catalog's: every setting, its default, bounds and meaning, in the catalog's
 * order. When a setting changes, this fails and prints the table to paste between the README's markers.
 */
class ConfigurationTableTest {

    static final String BEGIN = "<!-- settings:begin (generated from dev.hpr.remediator.config.Setting; "
            + "ConfigurationTableTest checks it) -->";
    static final String END = "<!-- settings:end -->";

    static List<String> expectedRows() {
        var rows = new ArrayList<String>();
        rows.add("| variable | default | bounds | meaning | construct prop |");
        rows.add("|---|---|---|---|---|");
        for (Setting s : Setting.values()) {
            String value = s.required() ? "(required)" : s.defaultValue().orElseThrow().isEmpty() ? "(unset)"
                    : "`" + s.defaultValue().orElseThrow() + "`";
            rows.add("| `" + s.variable() + "` | " + value + " | " + s.type().bounds() + " | " + s.meaning() + " | "
                    + s.prop().map(p -> "`" + p + "`").orElse("") + " |");
        }
        return rows;
    }

    @Test
    void readmeConfigurationTable_isTheCatalog() throws IOException {
        Path readme = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("README.md");
        List<String> lines = Files.readAllLines(readme);
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no settings table between the markers " + BEGIN
                + " and " + END);
        List<String> expected = expectedRows();
        assertEquals(String.join("\n", expected), String.join("\n", lines.subList(begin + 1, end)),
                "README.md's configuration table differs from the catalog; paste this between the markers:\n"
                        + String.join("\n", expected));
    }
}
