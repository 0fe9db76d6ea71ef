package dev.hpr.toolkit;

/**
 * A write could not fence replica {@code replica} before touching the primary, so the primary was not written.
 * Replicas fenced before it are served no more (reads fall back to the primary) until the write is retried with
 * this version or a later one: retry it.
 */
public final class ReplicaFenceFailed extends RuntimeException {
    private final int replica;
    private final long version;

    public ReplicaFenceFailed(String primaryKey, int replica, long version, Throwable cause) {
        super("could not fence replica " + replica + " of " + primaryKey + " for version " + version
                + "; the primary was not written, retry the write: " + cause.getMessage(), cause);
        this.replica = replica;
        this.version = version;
    }

    public int replica() {
        return replica;
    }

    public long version() {
        return version;
    }
}
