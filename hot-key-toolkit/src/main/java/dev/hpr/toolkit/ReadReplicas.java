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

/**
 * N read replicas of a hot item: copies under the partition keys {@code <key>#replica#0} to {@code #N-1}, each
 * read at random, so N partitions share the reads of one key.
 *
 * <p><b>Versions and the fence.</b> Every write carries a version (a number the caller increases with each change of
 * the item). Each replica has {@code version} (of the data it holds) and {@code fence} (the latest version a writer
 * announced). A write of version v:
 * <ol>
 *   <li>raises every replica's fence to v ({@code UpdateItem}, only upwards); if one fails, it stops with
 *   {@link ReplicaFenceFailed} and the primary is untouched;</li>
 *   <li>writes the primary with version v, only if it holds an older version ({@link StaleVersion} otherwise);</li>
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
 */
public final class ReadReplicas {

    public static final String REPLICA_INFIX = "#replica#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final TableKey key;
    private final int replicas;
    private final String versionAttribute;
    private final String fenceAttribute;
    private final boolean consistentReads;
    private final IntUnaryOperator chooser;

    private ReadReplicas(Builder b) {
        this.dynamoDb = b.dynamoDb;
        this.table = b.table;
        this.key = b.key;
        this.replicas = b.replicas;
        this.versionAttribute = b.versionAttribute;
        this.fenceAttribute = b.fenceAttribute;
        this.consistentReads = b.consistentReads;
        this.chooser = b.chooser;
    }

    public static Builder builder(DynamoDbClient dynamoDb, String table, TableKey key) {
        return new Builder(dynamoDb, table, key);
    }

    /** Writes the item as {@code version}: fences, primary, replicas (see the class comment). */
    public ReplicatedWrite put(Map<String, AttributeValue> item, long version) {
        Map<String, AttributeValue> primaryKey = key.keyOf(item);
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
        Map<String, AttributeValue> primary = new HashMap<>(item);
        primary.put(versionAttribute, v);
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(primary)
                    .conditionExpression("attribute_not_exists(#version) OR #version < :v")
                    .expressionAttributeNames(Map.of("#version", versionAttribute))
                    .expressionAttributeValues(Map.of(":v", v)));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersion(describe(primaryKey), version, e);
        }
        List<Integer> notUpdated = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            try {
                writeReplica(primary, i, v);
            } catch (ConditionalCheckFailedException superseded) {
                // a later write owns this replica now
            } catch (RuntimeException e) {
                notUpdated.add(i);
                errors.add(e);
            }
        }
        return new ReplicatedWrite(version, notUpdated, errors);
    }

    /** The item: from a random replica that is up to its fence, else from the primary. */
    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> keyValues) {
        Map<String, AttributeValue> primaryKey = key.keyOf(keyValues);
        int replica = chooser.applyAsInt(replicas);
        if (replica < 0 || replica >= replicas) {
            throw new IllegalStateException("replica chooser returned " + replica + " for " + replicas + " replicas");
        }
        Map<String, AttributeValue> copy = read(replicaKey(primaryKey, replica));
        if (copy != null && servable(copy)) {
            Map<String, AttributeValue> item = new HashMap<>(copy);
            item.putAll(primaryKey);
            item.remove(fenceAttribute);
            return Optional.of(Map.copyOf(item));
        }
        return Optional.ofNullable(read(primaryKey)).map(Map::copyOf);
    }

    /**
     * Rewrites from the primary every replica that holds an older version and is not fenced above the primary's.
     *
     * @return how many replicas were rewritten (0 when the primary does not exist)
     */
    public int repair(Map<String, AttributeValue> keyValues) {
        Map<String, AttributeValue> primary = read(key.keyOf(keyValues));
        if (primary == null) {
            return 0;
        }
        AttributeValue version = primary.get(versionAttribute);
        if (version == null || version.n() == null) {
            throw new IllegalStateException("primary " + describe(key.keyOf(keyValues)) + " has no numeric '"
                    + versionAttribute + "': it was not written through ReadReplicas");
        }
        int repaired = 0;
        for (int i = 0; i < replicas; i++) {
            try {
                writeReplica(primary, i, version);
                repaired++;
            } catch (ConditionalCheckFailedException upToDateOrFencedAbove) {
                // nothing to do, or a later write will do it
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

    private void writeReplica(Map<String, AttributeValue> primary, int i, AttributeValue version) {
        Map<String, AttributeValue> copy = new HashMap<>(primary);
        copy.putAll(replicaKey(primary, i));
        copy.put(versionAttribute, version);
        copy.put(fenceAttribute, version);
        dynamoDb.putItem(r -> r.tableName(table).item(copy)
                .conditionExpression("(attribute_not_exists(#version) OR #version < :v)"
                        + " AND (attribute_not_exists(#fence) OR #fence <= :v)")
                .expressionAttributeNames(Map.of("#version", versionAttribute, "#fence", fenceAttribute))
                .expressionAttributeValues(Map.of(":v", version)));
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
        private boolean consistentReads = true;
        private IntUnaryOperator chooser = bound -> ThreadLocalRandom.current().nextInt(bound);

        private Builder(DynamoDbClient dynamoDb, String table, TableKey key) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
            this.table = Objects.requireNonNull(table, "table");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Replicas per item; {@code @default} 10 (see {@link ShardCount#forReads}). */
        public Builder replicas(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("replicas must be >= 1, was " + n);
            }
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
