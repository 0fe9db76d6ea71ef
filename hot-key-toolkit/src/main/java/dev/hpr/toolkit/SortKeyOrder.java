package dev.hpr.toolkit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's order of sort key values: numbers by value, strings by their UTF-8 bytes, binaries by their bytes
 * (unsigned). Java's {@code String.compareTo} compares UTF-16 units and differs for characters beyond U+FFFF.
 */
final class SortKeyOrder implements Comparator<AttributeValue> {
    static final SortKeyOrder INSTANCE = new SortKeyOrder();

    private SortKeyOrder() {
    }

    @Override
    public int compare(AttributeValue a, AttributeValue b) {
        if (a.n() != null && b.n() != null) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
        }
        if (a.s() != null && b.s() != null) {
            return Arrays.compareUnsigned(a.s().getBytes(StandardCharsets.UTF_8), b.s().getBytes(StandardCharsets.UTF_8));
        }
        if (a.b() != null && b.b() != null) {
            return Arrays.compareUnsigned(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe());
        }
        throw new IllegalArgumentException("sort key values of different or non-key types: " + a + ", " + b);
    }
}
