package dev.hpr.remediator.cli;

/**
 * Does nothing: {@code java -cp hot-partition-remediator.jar dev.hpr.remediator.cli.Noop} is the benchmark's
 * baseline, a bare JVM start on the same jar, so that a cold local invoke is read as a ratio to it on any machine.
 */
public final class Noop {

    private Noop() {
    }

    public static void main(String[] args) {
        // Intentionally empty.
    }
}
