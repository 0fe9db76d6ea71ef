package dev.hpr.infra;

import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awscdk.services.lambda.Code;

/** Where this repository builds the function's shaded jar, and the asset made from it. */
final class FunctionJar {

    static final String RELATIVE_PATH = "functions/target/hot-partition-remediator.jar";
    static final String BUILD_COMMAND = "mvn -q package -DskipTests";

    private FunctionJar() {
    }

    /** The repository's jar as a Lambda asset; fails with the command that builds it when it is missing. */
    static Code fromRepository() {
        Path jar = locate();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function jar " + jar + " does not exist: run `" + BUILD_COMMAND
                    + "` at the repository root first (or pass HotPartitionRemediatorProps.code).");
        }
        return Code.fromAsset(jar.toString());
    }

    /**
     * The jar under the repository root: the {@code hpr.repoRoot} system property when set (the tests), else the
     * nearest directory, from the working directory up, that has {@code functions/pom.xml} (the app runs from
     * {@code infra/}).
     */
    static Path locate() {
        String configured = System.getProperty("hpr.repoRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).resolve(RELATIVE_PATH).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("functions/pom.xml"))) {
                return dir.resolve(RELATIVE_PATH).normalize();
            }
        }
        return start.resolve("..").resolve(RELATIVE_PATH).normalize();
    }
}
