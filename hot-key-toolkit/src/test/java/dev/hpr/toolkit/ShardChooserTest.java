package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ShardChooserTest {

    @Test
    void stableShard_isTheFirstFourMd5BytesModuloN_asInPython() {
        // int(hashlib.md5(s.encode()).hexdigest()[:8], 16) % n
        assertEquals(30, ShardChooser.stableShard("customer#42", 100));
        assertEquals(2, ShardChooser.stableShard("customer#42", 8));
        assertEquals(49, ShardChooser.stableShard("order-1", 100));
        assertEquals(6, ShardChooser.stableShard("evt-7", 8));
        assertEquals(93, ShardChooser.stableShard("", 100));
    }

    @Test
    void hashOf_givesOneItemTheSameShardEveryTime_andSpreadsManyItems() {
        ShardChooser chooser = ShardChooser.hashOf("orderId");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 8_000; i++) {
            var item = Map.of("orderId", AttributeValue.fromS("order-" + i), "other", AttributeValue.fromN("" + i));
            int shard = chooser.choose(item, 8);
            assertEquals(shard, chooser.choose(Map.of("orderId", AttributeValue.fromS("order-" + i)), 8));
            counts.merge("" + shard, 1, Integer::sum);
        }
        assertEquals(8, counts.size());
        counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, counts.toString()));
    }

    @Test
    void hashOf_joinsSeveralAttributes_andNormalisesNumbers() {
        ShardChooser chooser = ShardChooser.hashOf("a", "b");
        var item = Map.of("a", AttributeValue.fromS("x"), "b", AttributeValue.fromN("1.50"));
        assertEquals(ShardChooser.stableShard("x#1.5", 100), chooser.choose(item, 100));
    }

    @Test
    void hashOf_aMissingAttribute_isAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ShardChooser.hashOf("orderId").choose(Map.of(), 4));
        assertTrue(e.getMessage().contains("orderId"), e.getMessage());
    }

    @Test
    void random_staysInRange_andUsesEveryShard() {
        ShardChooser chooser = ShardChooser.random();
        var seen = new java.util.HashSet<Integer>();
        for (int i = 0; i < 1_000; i++) {
            int shard = chooser.choose(Map.of(), 4);
            assertTrue(shard >= 0 && shard < 4);
            seen.add(shard);
        }
        assertEquals(4, seen.size());
    }

    @Test
    void shardedKey_suffixesTheAttribute_andListsEveryShard() {
        ShardedKey sharded = ShardedKey.of("pk", 4, ShardChooser.hashOf("orderId")).sortKey("sk");
        var item = Map.of("pk", AttributeValue.fromS("customer#42"), "orderId", AttributeValue.fromS("order-1"));

        var written = sharded.assign(item);

        assertEquals("customer#42#" + ShardChooser.stableShard("order-1", 4), written.get("pk").s());
        assertEquals(item.get("orderId"), written.get("orderId"));
        assertEquals(List.of("customer#42#0", "customer#42#1", "customer#42#2", "customer#42#3"),
                sharded.keys("customer#42"));
        Partitions partitions = sharded.partitions("customer#42");
        assertEquals("pk", partitions.partitionKeyAttribute());
        assertEquals("sk", partitions.sortKeyAttribute());
        assertEquals(null, partitions.indexName());
        assertEquals(4, partitions.values().size());
    }

    @Test
    void shardedKey_onAnIndex_setsTheIndexAttribute_fromAGivenBase() {
        ShardedKey gsi = ShardedKey.of("gsi1pk", 10, ShardChooser.hashOf("pk")).onIndex("gsi1");
        var item = Map.of("pk", AttributeValue.fromS("order-1"));

        var written = gsi.assign(item, "user123");

        assertEquals("user123#9", written.get("gsi1pk").s()); // md5("order-1") % 10 = 9
        assertEquals("order-1", written.get("pk").s());
        assertEquals("gsi1", gsi.partitions("user123").indexName());
        assertThrows(IllegalArgumentException.class, () -> gsi.key("user123", 10));
    }
}
