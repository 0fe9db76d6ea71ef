package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SortKeyOrderTest {
    private final SortKeyOrder order = SortKeyOrder.INSTANCE;

    @Test
    void numbers_byValue_notByText() {
        assertTrue(order.compare(AttributeValue.fromN("9"), AttributeValue.fromN("10")) < 0);
        assertTrue(order.compare(AttributeValue.fromN("-1"), AttributeValue.fromN("0.5")) < 0);
        assertEquals(0, order.compare(AttributeValue.fromN("1.50"), AttributeValue.fromN("1.5")));
    }

    @Test
    void strings_byUtf8Bytes_asDynamoDbOrdersThem() {
        String supplementary = new String(Character.toChars(0x1F600)); // UTF-16 surrogates D83D…, UTF-8 F0…
        String privateUse = "\uFF61";                                  // UTF-16 FF61, UTF-8 EF BD A1
        assertTrue(supplementary.compareTo(privateUse) < 0, "Java's own order puts the emoji first");
        assertTrue(order.compare(AttributeValue.fromS(privateUse), AttributeValue.fromS(supplementary)) < 0);
        assertTrue(order.compare(AttributeValue.fromS("a"), AttributeValue.fromS("ab")) < 0);
    }

    @Test
    void binaries_byUnsignedBytes() {
        var low = AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0x7F}));
        var high = AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0x80}));
        assertTrue(order.compare(low, high) < 0);
    }

    @Test
    void mixedTypes_areAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> order.compare(AttributeValue.fromS("1"), AttributeValue.fromN("1")));
    }
}
