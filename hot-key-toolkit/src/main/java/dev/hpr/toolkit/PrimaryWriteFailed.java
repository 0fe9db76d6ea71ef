package dev.hpr.toolkit;

/**
 * A {@link ReadReplicas} write raised every replica's fence to {@code version}, then its write of the primary failed
 * (throttling, a 5xx, a lost reply: it may or may not have been applied). State: <b>every replica is fenced at
 * {@code version}</b>, so no replica is served and reads of this key go to the primary, which holds either its
 * previous version or this one. Recovery: retry the same write (same version and content: idempotent, also when the
 * first attempt was applied), or write a later version. {@link ReadReplicas#repair} brings the replicas back only if
 * the primary holds {@code version}.
 */
public final class PrimaryWriteFailed extends RuntimeException {
    private final long version;
    private final int replicasFenced;

    public PrimaryWriteFailed(String primaryKey, long version, int replicasFenced, Throwable cause) {
        super("the primary " + primaryKey + " was not confirmed written at version " + version + " (it may have been)"
                + "; all " + replicasFenced + " replicas are fenced at " + version + " and not served, reads go to the"
                + " primary until this write is retried with the same version and content, or a later one is"
                + " written: " + cause.getMessage(), cause);
        this.version = version;
        this.replicasFenced = replicasFenced;
    }

    public long version() {
        return version;
    }

    public int replicasFenced() {
        return replicasFenced;
    }
}
