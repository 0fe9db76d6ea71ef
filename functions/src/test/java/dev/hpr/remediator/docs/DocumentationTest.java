package dev.hpr.remediator.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README fits on a screen or two and reaches every page of docs/; each page says first whom it is for; every
 * relative link of the README and the pages leads to a file, and a link's #anchor to a heading of it; none cites a
 * document the repository does not hold.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    @Test
    void readme_isAtMost200Lines_andLinksEveryDocsPage() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.lines().count() <= 200, "README.md has " + readme.lines().count() + " lines");
        for (Path page : pages()) {
            assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "README.md does not link " + page);
        }
    }

    @Test
    void everyDocsPage_saysFirstWhomItIsFor() throws IOException {
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            assertTrue(lines.get(0).startsWith("# "), page + " starts with its title");
            assertEquals("", lines.get(1), page.toString());
            assertTrue(lines.get(2).startsWith("*For "), page + " says whom it is for first: " + lines.get(2));
        }
    }

    @Test
    void everyRelativeLink_leadsToAFile_andItsAnchorToAHeading() throws IOException {
        var broken = new ArrayList<String>();
        var documents = new ArrayList<>(pages());
        documents.add(ROOT.resolve("README.md"));
        for (Path document : documents) {
            Matcher m = LINK.matcher(Files.readString(document));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
                } else if (target.contains("#") && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void noPage_citesADocumentTheRepositoryDoesNotHold() throws IOException {
        var documents = new ArrayList<>(pages());
        documents.add(ROOT.resolve("README.md"));
        for (Path document : documents) {
            String text = Files.readString(document).toLowerCase(Locale.ROOT);
            for (String outside : List.of("the brief", "brief's", "aws-facts", "seed guide")) {
                assertTrue(!text.contains(outside), ROOT.relativize(document) + " cites '" + outside + "'");
            }
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped except '-' and '_', spaces to '-'. */
    private static List<String> anchors(Path markdown) throws IOException {
        return Files.readAllLines(markdown).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .toList();
    }
}
