package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionJarTest {

    @Test
    void missingJar_failsWithTheCommandThatBuildsIt(@TempDir Path emptyRepo) {
        String before = System.getProperty("hpr.repoRoot");
        System.setProperty("hpr.repoRoot", emptyRepo.toString());
        try {
            var error = assertThrows(IllegalStateException.class, FunctionJar::fromRepository);
            assertEquals("The function jar " + emptyRepo.resolve("functions/target/hot-partition-remediator.jar")
                    + " does not exist: run `mvn -q package -DskipTests` at the repository root first (or pass "
                    + "HotPartitionRemediatorProps.code).", error.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("hpr.repoRoot");
            } else {
                System.setProperty("hpr.repoRoot", before);
            }
        }
    }

    @Test
    void defaultJar_isTheFunctionsModulesShadedJar() {
        Path jar = FunctionJar.locate();
        assertTrue(jar.endsWith(Path.of("functions", "target", "hot-partition-remediator.jar")), jar.toString());
        assertTrue(Files.isRegularFile(jar), "build it first: mvn -q package -DskipTests (the reactor does)");
    }
}
