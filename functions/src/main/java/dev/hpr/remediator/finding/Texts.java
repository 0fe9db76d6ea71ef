package dev.hpr.remediator.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Small text operations the three renderings share. */
final class Texts {

    static final String ELLIPSIS = "...";

    private Texts() {
    }

    /** At most {@code max} code points (never splitting a surrogate pair), ending in "..." when cut. */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int keep = Math.max(0, max - ELLIPSIS.length());
        return text.substring(0, text.offsetByCodePoints(0, keep)) + ELLIPSIS;
    }

    /** Printable ASCII only: every other character, line breaks included, becomes '?' (or a space for whitespace). */
    static String ascii(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c <= 0x7e ? (char) c : Character.isWhitespace(c) ? ' ' : '?'));
        return out.toString();
    }

    /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex. */
    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A number as people read it: whole numbers without decimals, others with one. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String plural(int count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    /**
     * Word-wraps {@code text} to {@code width} columns, each line starting with {@code indent} (the first with
     * {@code firstIndent}). Words longer than a line (ARNs) stay whole. Existing line breaks are kept.
     */
    static List<String> wrap(String text, String firstIndent, String indent, int width) {
        var lines = new ArrayList<String>();
        String prefix = firstIndent;
        for (String paragraph : text.split("\\R", -1)) {
            var line = new StringBuilder(prefix);
            boolean empty = true;
            for (String word : paragraph.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!empty && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(indent);
                    empty = true;
                }
                if (!empty) {
                    line.append(' ');
                }
                line.append(word);
                empty = false;
            }
            lines.add(line.toString().stripTrailing());
            prefix = indent;
        }
        return lines;
    }
}
