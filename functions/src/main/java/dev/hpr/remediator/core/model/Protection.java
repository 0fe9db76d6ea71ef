package dev.hpr.remediator.core.model;

import java.util.Locale;

/** Which tables a deployment protects ({@code PROTECTION}). */
public enum Protection {
    /** The tables named in {@code PROTECTED_TABLES} (empty: any table an alarm names). */
    LISTED("listed"),
    /**
     * Every table tagged {@value TableDescription#MODE_TAG} = {@code apply}, {@code approve} or {@code dry-run}, with
     * that value as its mode, capped by the deployment's; untagged tables and {@code off} are refused.
     */
    TAGGED("tagged");

    private final String word;

    Protection(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** {@code listed} or {@code tagged}, case-insensitive. */
    public static Protection parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Protection p : values()) {
            if (p.word.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("protection must be listed or tagged, was '" + value + "'");
    }
}
