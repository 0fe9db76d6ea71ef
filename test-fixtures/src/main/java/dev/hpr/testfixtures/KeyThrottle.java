package dev.hpr.testfixtures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which DynamoDB requests {@link LocalAws#throttleKeys(KeyThrottle)} throttles: those of {@code operations} on
 * {@code table} (or its GSI {@code index}) whose partition key is one of {@code keys}.
 *
 * @param index       null for the table; a GSI rule matches PutItem and BatchWriteItem puts by the item's GSI key
 *                    attribute, and Query on that index
 * @param operations  PutItem, UpdateItem, DeleteItem, GetItem, Query, BatchWriteItem; empty = all of them
 * @param every       throttle every n-th matching request (1 = all); 0 = use {@code probability}
 * @param probability when {@code every} is 0: the chance that a matching request is throttled (seeded by {@code seed})
 * @param times       throttle at most this many, then let requests through; {@link LocalAws#ALWAYS} = no limit
 * @param exception   ProvisionedThroughputExceededException (AWS's answer to a hot key), ThrottlingException or
 *                    RequestLimitExceeded
 * @param reason      null = {@code {Table|Index}{Read|Write}KeyRangeThroughputExceeded} from the rule and operation
 */
public record KeyThrottle(String table, String index, List<String> keys, List<String> operations, int every,
                          double probability, long seed, int times, String exception, String reason) {

    public KeyThrottle {
        Objects.requireNonNull(table, "table");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to throttle");
        }
        operations = List.copyOf(operations);
        Objects.requireNonNull(exception, "exception");
    }

    /** Every request of every emulated operation on these partition keys of the table. */
    public static KeyThrottle of(String table, List<String> keys) {
        return new KeyThrottle(table, null, keys, List.of(), 1, 0, 0, LocalAws.ALWAYS,
                "ProvisionedThroughputExceededException", null);
    }

    public KeyThrottle onIndex(String indexName) {
        return new KeyThrottle(table, indexName, keys, operations, every, probability, seed, times, exception, reason);
    }

    public KeyThrottle operations(String... names) {
        return new KeyThrottle(table, index, keys, List.of(names), every, probability, seed, times, exception, reason);
    }

    public KeyThrottle every(int n) {
        return new KeyThrottle(table, index, keys, operations, n, 0, seed, times, exception, reason);
    }

    public KeyThrottle probability(double p, long randomSeed) {
        return new KeyThrottle(table, index, keys, operations, 0, p, randomSeed, times, exception, reason);
    }

    public KeyThrottle times(int n) {
        return new KeyThrottle(table, index, keys, operations, every, probability, seed, n, exception, reason);
    }

    public KeyThrottle exception(String code) {
        return new KeyThrottle(table, index, keys, operations, every, probability, seed, times, code, reason);
    }

    public KeyThrottle reason(String throttlingReason) {
        return new KeyThrottle(table, index, keys, operations, every, probability, seed, times, exception,
                throttlingReason);
    }

    Map<String, Object> toControl() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", table);
        if (index != null) {
            body.put("index", index);
        }
        body.put("keys", keys);
        if (!operations.isEmpty()) {
            body.put("operations", operations);
        }
        if (every > 0) {
            body.put("every", every);
        } else {
            body.put("probability", probability);
            body.put("seed", seed);
        }
        body.put("times", times);
        body.put("exception", exception);
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }
}
