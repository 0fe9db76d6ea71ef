package dev.hpr.toolkit;

/**
 * The primary already holds {@code version} or a later one (or the same version with other content): this write lost
 * to it and wrote nothing more. Its fences stay as they were raised: reads of a replica fenced at {@code version}
 * fall back to the primary until a write of that version or a later one updates it.
 *
 * @see ReadReplicas#put
 */
public final class StaleVersion extends RuntimeException {
    private final long version;
    private final Long heldVersion;

    public StaleVersion(String primaryKey, long version, Long heldVersion, boolean heldDeleted, Throwable cause) {
        super("primary " + primaryKey + " already has version " + version + " or later"
                + (heldVersion == null ? "" : ": it holds " + (heldDeleted ? "a delete at version " : "version ")
                + heldVersion + (heldVersion == version ? " with other content" : "")
                + "; write with a version above " + heldVersion), cause);
        this.version = version;
        this.heldVersion = heldVersion;
    }

    public long version() {
        return version;
    }

    /** The version the primary holds, when DynamoDB returned it; null otherwise. */
    public Long heldVersion() {
        return heldVersion;
    }
}
