package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TableKeyTest {
    private final TableKey key = TableKey.of("pk", "sk");

    @Test
    void keyOf_keepsOnlyTheKeyAttributes() {
        var item = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"), "x", AttributeValue.fromS("y"));
        assertEquals(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1")), key.keyOf(item));
    }

    @Test
    void itemKey_isOneKeyForTwoSpellingsOfANumber_andTellsTypesApart() {
        var a = key.itemKey(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1.50")));
        var b = key.itemKey(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1.5")));
        var c = key.itemKey(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("1.5")));
        assertEquals(a, b);
        assertNotEquals(b, c);
        assertEquals(key.itemKey(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("0.00"))),
                key.itemKey(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("0"))));
    }

    @Test
    void aMissingOrNonScalarKeyAttribute_isAnError() {
        assertThrows(IllegalArgumentException.class, () -> key.keyOf(Map.of("pk", AttributeValue.fromS("a"))));
        assertThrows(IllegalArgumentException.class, () -> key.keyOf(Map.of("pk", AttributeValue.fromS("a"),
                "sk", AttributeValue.fromBool(true))));
    }
}
