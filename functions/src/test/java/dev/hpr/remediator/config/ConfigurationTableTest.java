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
 * docs/configuration.md's table is the catalog's: every setting, its default, bounds and meaning, in the catalog's
 * order. When a setting changes, this fails and prints the table to paste between the page's markers.
 */
class ConfigurationTableTest {

    static final String BEGIN = "<!-- settings:begin (generated from dev.hpr.remediator.config.Setting; "
            + "ConfigurationTableTest checks it) -->";
    static final String END = "<!-- settings:end -->";

    static List<String> expectedRows() {
        var rows = new ArrayList<String>();
        rows.add("| variable | default | bounds | meaning | construct prop | `cdk` context key |");
        rows.add("|---|---|---|---|---|---|");
        for (Setting s : Setting.values()) {
            String value = s.required() ? "(required)" : s.defaultValue().orElseThrow().isEmpty() ? "(unset)"
                    : "`" + s.defaultValue().orElseThrow() + "`";
            rows.add("| `" + s.variable() + "` | " + value + " | " + s.type().bounds() + " | " + s.meaning() + " | "
                    + s.prop().map(p -> "`" + p + "`").orElse("") + " | "
                    + s.contextKey().map(k -> "`" + k + "`").orElse("") + " |");
        }
        return rows;
    }

    @Test
    void configurationPageTable_isTheCatalog() throws IOException {
        Path page = Path.of(System.getProperty("hpr.repoRoot", "..")).resolve("docs/configuration.md");
        List<String> lines = Files.readAllLines(page);
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/configuration.md has no settings table between the markers " + BEGIN
                + " and " + END);
        List<String> expected = expectedRows();
        assertEquals(String.join("\n", expected), String.join("\n", lines.subList(begin + 1, end)),
                "docs/configuration.md's table differs from the catalog; paste this between the markers:\n"
                        + String.join("\n", expected));
    }
}
