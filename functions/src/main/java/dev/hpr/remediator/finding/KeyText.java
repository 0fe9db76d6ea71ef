package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How hot keys appear in a finding: as they are, or, when the finding redacts keys, as {@code sha256:} and the first
 * 12 hex digits of the SHA-256 of the key's UTF-8 bytes. A redacting finding also scrubs every hot key (and each part
 * of a {@code partition | sort} key) out of free text, so a key quoted by text built without redaction still never
 * reaches a payload. A key that starts or ends with a letter or digit is replaced only as a whole token ({@code 12}
 * is not scrubbed out of {@code 120}); the longest key at a position wins.
 *
 * <p>Not thread-safe: it remembers the text it scrubbed. One per finding rendering.
 */
final class KeyText {

    static final String PREFIX = "sha256:";
    private static final int HEX_DIGITS = 12;
    private static final String PART_SEPARATOR = " | ";

    private final boolean redact;
    /** Keys by length, longest first. */
    private final TreeMap<Integer, Set<String>> keysByLength;
    private final Set<Character> firstChars;
    private final Map<String, String> scrubbed = new HashMap<>();

    private KeyText(boolean redact, TreeMap<Integer, Set<String>> keysByLength) {
        this.redact = redact;
        this.keysByLength = keysByLength;
        this.firstChars = new HashSet<>();
        keysByLength.values().forEach(keys -> keys.forEach(k -> firstChars.add(k.charAt(0))));
    }

    static KeyText of(Finding finding) {
        var keysByLength = new TreeMap<Integer, Set<String>>(java.util.Comparator.reverseOrder());
        if (finding.redactKeys()) {
            for (HotKeys hotKeys : finding.diagnosis().map(Diagnosis::hotKeys).orElse(List.of())) {
                for (HotKeys.HotKey key : hotKeys.keys()) {
                    add(keysByLength, key.key());
                    for (String part : key.key().split(java.util.regex.Pattern.quote(PART_SEPARATOR))) {
                        add(keysByLength, part);
                    }
                }
            }
        }
        return new KeyText(finding.redactKeys(), keysByLength);
    }

    private static void add(TreeMap<Integer, Set<String>> keysByLength, String key) {
        if (!key.isEmpty()) {
            keysByLength.computeIfAbsent(key.length(), l -> new HashSet<>()).add(key);
        }
    }

    /** {@code sha256:} and the first 12 hex digits of the SHA-256 of the key's UTF-8 bytes. */
    static String redact(String key) {
        return PREFIX + Texts.sha256Hex(key).substring(0, HEX_DIGITS);
    }

    /** A hot key as the finding shows it. */
    String key(String key) {
        return redact ? redact(key) : key;
    }

    /** Free text with every hot key redacted, when the finding redacts keys. */
    String text(String text) {
        if (keysByLength.isEmpty()) {
            return text;
        }
        return scrubbed.computeIfAbsent(text, this::scrub);
    }

    private String scrub(String text) {
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            String match = firstChars.contains(text.charAt(i)) ? keyAt(text, i) : null;
            if (match == null) {
                out.append(text.charAt(i++));
            } else {
                out.append(redact(match));
                i += match.length();
            }
        }
        return out.toString();
    }

    /** The longest key that stands as a token at {@code i}, or null. */
    private String keyAt(String text, int i) {
        for (Map.Entry<Integer, Set<String>> entry : keysByLength.entrySet()) {
            int end = i + entry.getKey();
            if (end > text.length()) {
                continue;
            }
            String candidate = text.substring(i, end);
            if (entry.getValue().contains(candidate)
                    && !(wordChar(candidate.charAt(0)) && i > 0 && wordChar(text.charAt(i - 1)))
                    && !(wordChar(candidate.charAt(candidate.length() - 1)) && end < text.length()
                    && wordChar(text.charAt(end)))) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c);
    }
}
