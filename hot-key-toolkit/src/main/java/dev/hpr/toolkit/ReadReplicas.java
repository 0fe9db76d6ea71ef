package dev.hpr.toolkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * N read replicas of a hot item: copies under the partition keys {@code <key>#replica#0} to {@code #N-1}, each
 * read at random, so N partitions share the reads of one key.
 *
 * <p><b>Promises</b> (each pinned by a test in {@code ReadReplicasTest}):
 * <ol>
 *   <li><b>No replica is served over a newer primary:</b> a replica whose write failed stays fenced and reads fall
 *   back to the primary.</li>
 *   <li><b>No reader sees a deleted item:</b> {@link #delete} fences every replica, then tombstones the primary and
 *   each replica; a replica whose tombstone failed stays fenced. Writing the key again needs a later version.</li>
 *   <li><b>Each failure says the replicas' state:</b> a failed fence throws {@link ReplicaFenceFailed} (the primary
 *   untouched); a failed primary write throws {@link PrimaryWriteFailed} (every replica fenced, reads on the primary);
 *   failed replica writes are listed in {@link ReplicatedWrite} (those replicas fenced).</li>
 *   <li><b>A retry is idempotent:</b> the same version with the same content completes the write, also after a
 *   reply lost when the primary had applied it; the same version with other content, or an older one, is
 *   {@link StaleVersion}.</li>
 *   <li><b>Writes made elsewhere are recovered:</b> after the primary was deleted elsewhere, {@link #repair} removes
 *   the replicas a reader would serve; after it was re-created elsewhere at an older version, the next write (or
 *   repair) replaces the leftover replicas.</li>
 * </ol>
 *
 * <p><b>Versions and the fence.</b> Every write carries a version (a number the caller increases with each change of
 * the item). Each replica has {@code version} (of the data it holds) and {@code fence} (the latest version a writer
 * announced). A write of version v:
 * <ol>
 *   <li>raises every replica's fence to v ({@code UpdateItem}, only upwards); if one fails, it stops with
 *   {@link ReplicaFenceFailed} and the primary is untouched;</li>
 *   <li>writes the primary with version v, only if it holds an older version ({@link StaleVersion} otherwise; the
 *   same version and content counts as done); if that fails, {@link PrimaryWriteFailed};</li>
 *   <li>writes each replica with version v and fence v, only if it holds an older version and its fence is not
 *   above v (a later write owns it then). A replica that fails stays fenced: the result lists it.</li>
 * </ol>
 * A reader serves a replica only if its {@code version ≥ fence}; otherwise (missing or fenced) it reads the
 * primary. A replica read that fails (after the SDK's retries) fails the read: it is not moved onto the primary,
 * the hottest partition of all. Because every fence is raised before the primary moves, whenever the primary holds v each
 * replica either holds v (or a later version being written) or is fenced and skipped: <b>a replica that failed to
 * update is never served over a newer primary</b>, and the reader never reads the primary to find out.
 *
 * <p><b>Consistency and cost.</b> With {@code consistentReads} (the default) every read is strongly consistent and
 * returns the primary's latest version as of the read, or a version being written concurrently. With eventually
 * consistent reads (half the read units) a replica can lag its fence for the usual second or so. A read costs one
 * replica read, plus one primary read when the replica is fenced or missing. A write costs 2N + 1 writes (N fences,
 * the primary, N replicas), done in sequence: use this for keys read far more often than written.
 * {@link #repair} rewrites from the primary the replicas that lag it (N conditional writes); it never lowers a
 * fence, so replicas fenced by a write that failed at step 1 wait for that write to be retried.
 *
 * <p><b>Deletes made elsewhere.</b> A replica cannot know that the primary was deleted by a write that did not go
 * through {@link #delete}: it is served until {@link #repair} is called for that key. Delete through this class.
 */
public final class ReadReplicas {

    public static final String REPLICA_INFIX = "#replica#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final TableKey key;
    private final int replicas;
    private final String versionAttribute;
    private final String fenceAttribute;
    private final String tombstoneAttribute;
    private final boolean consistentReads;
    private final IntUnaryOperator chooser;

    private ReadReplicas(Builder b) {
        this.dynamoDb = b.dynamoDb;
        this.table = b.table;
        this.key = b.key;
        this.replicas = b.replicas;
        this.versionAttribute = b.versionAttribute;
        this.fenceAttribute = b.fenceAttribute;
        this.tombstoneAttribute = b.tombstoneAttribute;
        this.consistentReads = b.consistentReads;
        this.chooser = b.chooser;
    }

    public static Builder builder(DynamoDbClient dynamoDb, String table, TableKey key) {
        return new Builder(dynamoDb, table, key);
    }

    /** Writes the item as {@code version}: fences, primary, replicas (see the class comment). */
    public ReplicatedWrite put(Map<String, AttributeValue> item, long version) {
        Map<String, AttributeValue> primary = new HashMap<>(item);
        primary.remove(tombstoneAttribute);
        primary.put(versionAttribute, AttributeValue.fromN(Long.toString(version)));
        return replicate(key.keyOf(item), primary, version);
    }

    /**
     * Deletes the item as {@code version} (above the version it holds): fences every replica, then writes a
     * tombstone (the key, the version and {@code tombstoneAttribute}) to the primary and to each replica, so no reader
     * sees the deleted item. Writing the key again needs a version above this one ({@link StaleVersion} otherwise).
     */
    public ReplicatedWrite delete(Map<String, AttributeValue> keyValues, long version) {
        Map<String, AttributeValue> primaryKey = key.keyOf(keyValues);
        Map<String, AttributeValue> tombstone = new HashMap<>(primaryKey);
        tombstone.put(versionAttribute, AttributeValue.fromN(Long.toString(version)));
        tombstone.put(tombstoneAttribute, AttributeValue.fromBool(true));
        return replicate(primaryKey, tombstone, version);
    }

    private ReplicatedWrite replicate(Map<String, AttributeValue> primaryKey, Map<String, AttributeValue> primary,
                                      long version) {
        AttributeValue v = AttributeValue.fromN(Long.toString(version));
        for (int i = 0; i < replicas; i++) {
            Map<String, AttributeValue> replicaKey = replicaKey(primaryKey, i);
            try {
                dynamoDb.updateItem(r -> r.tableName(table).key(replicaKey)
                        .updateExpression("SET #fence = :v")
                        .conditionExpression("attribute_not_exists(#fence) OR #fence < :v")
                        .expressionAttributeNames(Map.of("#fence", fenceAttribute))
                        .expressionAttributeValues(Map.of(":v", v)));
            } catch (ConditionalCheckFailedException alreadyFenced) {
                // a write of this version or a later one fenced it already
            } catch (RuntimeException e) {
                throw new ReplicaFenceFailed(describe(primaryKey), i, version, e);
            }
        }
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(primary)
                    .conditionExpression("attribute_not_exists(#version) OR #version < :v")
                    .expressionAttributeNames(Map.of("#version", versionAttribute))
                    .expressionAttributeValues(Map.of(":v", v))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> held = e.hasItem() ? e.item() : Map.of();
            if (!held.equals(primary)) {
                AttributeValue heldVersion = held.get(versionAttribute);
                throw new StaleVersion(describe(primaryKey), version,
                        heldVersion == null || heldVersion.n() == null ? null : Long.parseLong(heldVersion.n()),
                        held.containsKey(tombstoneAttribute), e);
            }
            // this very version and content is there already: a retry of a write whose answer was lost; go on
        } catch (RuntimeException e) {
            throw new PrimaryWriteFailed(describe(primaryKey), version, replicas, e);
        }
        List<Integer> notUpdated = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            try {
                writeReplica(primary, i, v);
            } catch (RuntimeException e) {
                notUpdated.add(i);
                errors.add(e);
            }
        }
        return new ReplicatedWrite(version, notUpdated, errors);
    }

    /** The item: from a random replica that is up to its fence, else from the primary; empty when deleted. */
    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> keyValues) {
        Map<String, AttributeValue> primaryKey = key.keyOf(keyValues);
        int replica = chooser.applyAsInt(replicas);
        if (replica < 0 || replica >= replicas) {
            throw new IllegalStateException("replica chooser returned " + replica + " for " + replicas + " replicas");
        }
        Map<String, AttributeValue> copy = read(replicaKey(primaryKey, replica));
        if (copy != null && servable(copy)) {
            if (copy.containsKey(tombstoneAttribute)) {
                return Optional.empty();
            }
            Map<String, AttributeValue> item = new HashMap<>(copy);
            item.putAll(primaryKey);
            item.remove(fenceAttribute);
            return Optional.of(Map.copyOf(item));
        }
        return Optional.ofNullable(read(primaryKey)).filter(p -> !p.containsKey(tombstoneAttribute)).map(Map::copyOf);
    }

    /**
     * Rewrites from the primary every replica that does not hold the primary's version and is not fenced above it.
     * When the primary is missing (deleted by a write made elsewhere), removes every replica a reader would serve.
     *
     * @return how many replicas were rewritten or removed
     */
    public int repair(Map<String, AttributeValue> keyValues) {
        Map<String, AttributeValue> primaryKey = key.keyOf(keyValues);
        Map<String, AttributeValue> primary = read(primaryKey);
        int repaired = 0;
        if (primary == null) {
            for (int i = 0; i < replicas; i++) {
                Map<String, AttributeValue> replicaKey = replicaKey(primaryKey, i);
                try {
                    dynamoDb.deleteItem(r -> r.tableName(table).key(replicaKey)
                            .conditionExpression("attribute_exists(#version)"
                                    + " AND (attribute_not_exists(#fence) OR #fence <= #version)")
                            .expressionAttributeNames(Map.of("#version", versionAttribute, "#fence", fenceAttribute)));
                    repaired++;
                } catch (ConditionalCheckFailedException missingOrFencedByAWriteInProgress) {
                    // nothing a reader would serve
                }
            }
            return repaired;
        }
        AttributeValue version = primary.get(versionAttribute);
        if (version == null || version.n() == null) {
            throw new IllegalStateException("primary " + describe(primaryKey) + " has no numeric '"
                    + versionAttribute + "': it was not written through ReadReplicas");
        }
        for (int i = 0; i < replicas; i++) {
            if (writeReplica(primary, i, version) == ReplicaOutcome.WRITTEN) {
                repaired++;
            }
        }
        return repaired;
    }

    /** The key of replica {@code i}: the partition key (a string) with {@code #replica#i} appended. */
    public Map<String, AttributeValue> replicaKey(Map<String, AttributeValue> keyValues, int i) {
        Map<String, AttributeValue> replicaKey = new HashMap<>(key.keyOf(keyValues));
        AttributeValue partition = replicaKey.get(key.partitionKey());
        if (partition.s() == null) {
            throw new IllegalArgumentException("read replicas need a string partition key, '" + key.partitionKey()
                    + "' is " + partition);
        }
        replicaKey.put(key.partitionKey(), AttributeValue.fromS(partition.s() + REPLICA_INFIX + i));
        return replicaKey;
    }

    private enum ReplicaOutcome { WRITTEN, UP_TO_DATE, OWNED_BY_A_LATER_WRITE }

    /**
     * Writes replica {@code i} as the primary's {@code version}, if it is not fenced above it. A replica that holds a
     * version at or above it with other content is a leftover of an item deleted or re-created elsewhere (a replica
     * can only be ahead of a primary that went backwards): it is overwritten, conditioned on what it held.
     */
    private ReplicaOutcome writeReplica(Map<String, AttributeValue> primary, int i, AttributeValue version) {
        Map<String, AttributeValue> copy = new HashMap<>(primary);
        copy.putAll(replicaKey(primary, i));
        copy.put(versionAttribute, version);
        copy.put(fenceAttribute, version);
        Map<String, AttributeValue> held;
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(copy)
                    .conditionExpression("(attribute_not_exists(#version) OR #version < :v)"
                            + " AND (attribute_not_exists(#fence) OR #fence <= :v)")
                    .expressionAttributeNames(Map.of("#version", versionAttribute, "#fence", fenceAttribute))
                    .expressionAttributeValues(Map.of(":v", version))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return ReplicaOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            held = e.hasItem() ? e.item() : Map.of();
        }
        AttributeValue heldVersion = held.get(versionAttribute);
        AttributeValue fence = held.get(fenceAttribute);
        if (heldVersion == null || heldVersion.n() == null || !servable(held)) {
            return ReplicaOutcome.OWNED_BY_A_LATER_WRITE; // fenced above our version: a later write is under way
        }
        if (held.equals(copy)) {
            return ReplicaOutcome.UP_TO_DATE;
        }
        // Servable, and at or above the version the primary just took: a leftover of an item deleted or re-created
        // elsewhere. Replace it, only if it still holds exactly what we saw.
        Map<String, AttributeValue> seen = new HashMap<>(Map.of(":held", heldVersion));
        String fenceCondition = "attribute_not_exists(#fence)";
        if (fence != null) {
            seen.put(":heldFence", fence);
            fenceCondition = "#fence = :heldFence";
        }
        String condition = "#version = :held AND " + fenceCondition;
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(copy)
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#version", versionAttribute, "#fence", fenceAttribute))
                    .expressionAttributeValues(seen));
            return ReplicaOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return ReplicaOutcome.OWNED_BY_A_LATER_WRITE;
        }
    }

    private boolean servable(Map<String, AttributeValue> copy) {
        AttributeValue version = copy.get(versionAttribute);
        if (version == null || version.n() == null) {
            return false;
        }
        AttributeValue fence = copy.get(fenceAttribute);
        return fence == null || Long.parseLong(fence.n()) <= Long.parseLong(version.n());
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> itemKey) {
        var response = dynamoDb.getItem(r -> r.tableName(table).key(itemKey).consistentRead(consistentReads));
        return response.hasItem() ? response.item() : null;
    }

    private String describe(Map<String, AttributeValue> primaryKey) {
        return table + " " + primaryKey;
    }

    public static final class Builder {
        private final DynamoDbClient dynamoDb;
        private final String table;
        private final TableKey key;
        private int replicas = 10;
        private String versionAttribute = "version";
        private String fenceAttribute = "replicaFence";
        private String tombstoneAttribute = "replicaTombstone";
        private boolean consistentReads = true;
        private IntUnaryOperator chooser = bound -> ThreadLocalRandom.current().nextInt(bound);

        private Builder(DynamoDbClient dynamoDb, String table, TableKey key) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
            this.table = Objects.requireNonNull(table, "table");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Replicas per item, 1 to {@link Limits#MAX_SHARDS}; {@code @default} 10 (see {@link ShardCount#forReads}). */
        public Builder replicas(int n) {
            Limits.requireShards(n, "replicas");
            this.replicas = n;
            return this;
        }

        /** Number attribute holding the version, on the primary and the replicas; {@code @default} "version". */
        public Builder versionAttribute(String name) {
            this.versionAttribute = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Number attribute holding a replica's fence; {@code @default} "replicaFence". */
        public Builder fenceAttribute(String name) {
            this.fenceAttribute = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Boolean attribute marking a deleted item's tombstone; {@code @default} "replicaTombstone". */
        public Builder tombstoneAttribute(String name) {
            this.tombstoneAttribute = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Strongly consistent reads (the guarantee above); {@code @default} true. */
        public Builder consistentReads(boolean consistent) {
            this.consistentReads = consistent;
            return this;
        }

        /** Picks the replica to read, given the number of replicas; {@code @default} uniformly at random. */
        public Builder replicaChooser(IntUnaryOperator chooser) {
            this.chooser = Objects.requireNonNull(chooser, "chooser");
            return this;
        }

        public ReadReplicas build() {
            return new ReadReplicas(this);
        }
    }
}
