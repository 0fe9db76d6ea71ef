package dev.hpr.toolkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A hot partition key written as N suffixed keys, {@code <key>#0} to {@code <key>#N-1}, and read back by a
 * scatter-gather over all N.
 *
 * <p><b>Promises</b> (pinned by {@code ShardChooserTest}, {@code ScatterGatherTest}, {@code LimitsTest}): an item's
 * shard is stable for {@link ShardChooser#hashOf} (the same in Python); N is 1 to {@link Limits#MAX_SHARDS}, refused
 * past it with the limit in the message; {@link #partitions} lists exactly the N keys a read must visit.
 *
 * <ul>
 *   <li>Write sharding of the table's partition key: {@code ShardedKey.of("pk", 8, ShardChooser.hashOf("orderId"))
 *   .sortKey("sk")}; {@link #assign(Map)} rewrites an item's {@code pk} "customer#42" to "customer#42#5".</li>
 *   <li>A suffixed GSI partition key: {@code ShardedKey.of("gsi1pk", 10, ShardChooser.hashOf("pk")).sortKey("gsi1sk")
 *   .onIndex("gsi1")}; {@link #assign(Map, String)} sets the item's {@code gsi1pk} to "user123#7", the table's key
 *   untouched.</li>
 * </ul>
 *
 * Cost: writes unchanged (one write per item, to one shard); each logical read is N Queries (see
 * {@link ScatterGather}); a GSI read stays eventually consistent, as every GSI read is.
 *
 * @param sortKeyAttribute the table's (or index's) sort key, for sorted merges; null when there is none
 * @param indexName        null for the table's own partition key
 */
public record ShardedKey(String attribute, int shards, ShardChooser chooser, String sortKeyAttribute,
                         String indexName) {

    public static final String SEPARATOR = "#";

    public ShardedKey {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(chooser, "chooser");
        Limits.requireShards(shards, "shards");
    }

    public static ShardedKey of(String attribute, int shards, ShardChooser chooser) {
        return new ShardedKey(attribute, shards, chooser, null, null);
    }

    public ShardedKey sortKey(String sortKey) {
        return new ShardedKey(attribute, shards, chooser, sortKey, indexName);
    }

    public ShardedKey onIndex(String index) {
        return new ShardedKey(attribute, shards, chooser, sortKeyAttribute, index);
    }

    /** {@code <base>#<shard>}. */
    public String key(String base, int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be in [0, " + shards + "), was " + shard);
        }
        return base + SEPARATOR + shard;
    }

    /** All N keys of {@code base}, shard 0 first. */
    public List<String> keys(String base) {
        List<String> keys = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            keys.add(key(base, shard));
        }
        return keys;
    }

    /** The item with its sharded attribute (a string) replaced by that value's shard key. Apply once per item. */
    public Map<String, AttributeValue> assign(Map<String, AttributeValue> item) {
        AttributeValue base = item.get(attribute);
        if (base == null || base.s() == null) {
            throw new IllegalArgumentException("item has no string attribute '" + attribute + "' to shard");
        }
        return assign(item, base.s());
    }

    /** The item with {@code attribute} set to a shard key of {@code base}, the shard picked by the chooser. */
    public Map<String, AttributeValue> assign(Map<String, AttributeValue> item, String base) {
        Map<String, AttributeValue> sharded = new HashMap<>(item);
        sharded.put(attribute, AttributeValue.fromS(key(base, chooser.choose(item, shards))));
        return sharded;
    }

    /** What a scatter-gather of {@code base} visits. */
    public Partitions partitions(String base) {
        return Partitions.of(indexName, attribute, keys(base), sortKeyAttribute);
    }
}
