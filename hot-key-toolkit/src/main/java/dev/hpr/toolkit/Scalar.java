package dev.hpr.toolkit;

import java.math.BigDecimal;
import java.util.Base64;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Key attribute values (S, N or B) as text: for hashing, suffixing and comparing keys. */
final class Scalar {
    private Scalar() {
    }

    /** The value as a person writes it: the string, the number in plain notation, the bytes in base64. */
    static String text(AttributeValue value, String attribute) {
        if (value == null) {
            throw new IllegalArgumentException("missing key attribute '" + attribute + "'");
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.b() != null) {
            return Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        throw new IllegalArgumentException("key attribute '" + attribute + "' must be S, N or B, was " + value);
    }

    /** Type and value, with numbers normalised as DynamoDB compares them ("1.50" and "1.5" are one key). */
    static String tagged(AttributeValue value, String attribute) {
        String type = value == null ? "" : value.s() != null ? "S:" : value.n() != null ? "N:" : "B:";
        return type + text(value, attribute);
    }

    private static String number(String n) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
