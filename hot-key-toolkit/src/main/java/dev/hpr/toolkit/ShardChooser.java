package dev.hpr.toolkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Picks the shard (0 to shards-1) an item is written to. */
@FunctionalInterface
public interface ShardChooser {

    int choose(Map<String, AttributeValue> item, int shards);

    /**
     * A random shard per write: the most even spread, but an item's shard cannot be found again from its data,
     * so reads must gather every shard, and a caller that retries one logical write must reuse the item it got
     * back (a new choice would write a second copy).
     */
    static ShardChooser random() {
        return (item, shards) -> ThreadLocalRandom.current().nextInt(shards);
    }

    /**
     * A stable shard from the values of {@code attributes} (joined with '#'): the same item always lands on the same
     * shard, so a point read computes its key and a retried write overwrites instead of duplicating. Even as long
     * as those values are many and none dominates. See {@link #stableShard}.
     */
    static ShardChooser hashOf(String... attributes) {
        List<String> names = List.of(attributes);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("hashOf needs at least one attribute");
        }
        return (item, shards) -> {
            StringBuilder text = new StringBuilder();
            for (String name : names) {
                if (text.length() > 0) {
                    text.append('#');
                }
                text.append(Scalar.text(item.get(name), name));
            }
            return stableShard(text.toString(), shards);
        };
    }

    /**
     * The first 4 bytes of the MD5 of the UTF-8 text, as an unsigned big-endian number, modulo {@code shards}: the
     * same in every language (Python: {@code int(hashlib.md5(text.encode()).hexdigest()[:8], 16) % shards}).
     */
    static int stableShard(String text, int shards) {
        Limits.requireShards(shards, "shards");
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        long first4 = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return (int) (first4 % shards);
    }
}
