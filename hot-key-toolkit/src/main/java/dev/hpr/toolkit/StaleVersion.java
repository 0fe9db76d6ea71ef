package dev.hpr.toolkit;

/** The primary already holds {@code version} or a later one: this write lost to it and wrote nothing more. */
public final class StaleVersion extends RuntimeException {
    private final long version;

    public StaleVersion(String primaryKey, long version, Throwable cause) {
        super("primary " + primaryKey + " already has version " + version + " or later", cause);
        this.version = version;
    }

    public long version() {
        return version;
    }
}
