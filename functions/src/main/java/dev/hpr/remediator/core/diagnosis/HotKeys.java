package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * The top throttled keys of one resource, from one Contributor Insights rule, with each key's share and what
 * their shape says.
 *
 * @param keys  sorted by value, highest first; share is the key's part of the listed contributors' total
 */
public record HotKeys(ResourceRef resource, String ruleName, List<HotKey> keys, KeyPattern pattern) {

    /** One key and its weight. */
    public record HotKey(String key, double value, double share) {
        public HotKey {
            Objects.requireNonNull(key, "key");
        }
    }

    static final double DOMINANCE_FACTOR = 3.0;
    private static final java.util.regex.Pattern TIME_TOKEN = java.util.regex.Pattern.compile(
            "(?<![0-9])(?:\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}(?::\\d{2})?)?|\\d{4}-\\d{2}|1\\d{9}(?:\\d{3})?)(?![0-9])");
    private static final java.util.regex.Pattern TRAILING_NUMBER = java.util.regex.Pattern.compile("^(.*?)(\\d+)$");

    public HotKeys {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(ruleName, "ruleName");
        keys = List.copyOf(keys);
        Objects.requireNonNull(pattern, "pattern");
    }

    /** Ranks a rule's contributors and classifies them; empty when the rule saw no throttled key. */
    public static java.util.Optional<HotKeys> of(RuleReport report) {
        var contributors = report.contributors().stream()
                .filter(c -> c.value() > 0)
                .sorted(Comparator.comparingDouble(RuleReport.Contributor::value).reversed())
                .toList();
        if (contributors.isEmpty()) {
            return java.util.Optional.empty();
        }
        double total = contributors.stream().mapToDouble(RuleReport.Contributor::value).sum();
        var keys = contributors.stream().map(c -> new HotKey(c.key(), c.value(), c.value() / total)).toList();
        return java.util.Optional.of(new HotKeys(report.resource(), report.ruleName(), keys, classify(keys)));
    }

    /**
     * TEMPORAL when the top key, or most of the top five, hold a date, an hour or an epoch time, or when the top
     * keys are one prefix with close trailing numbers (sequential IDs); else DOMINANT when the top key has at
     * least {@value #DOMINANCE_FACTOR} times the next (or is alone); else SPREAD.
     */
    public static KeyPattern classify(List<HotKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to classify");
        }
        var top = keys.subList(0, Math.min(5, keys.size()));
        long timeBased = top.stream().filter(k -> TIME_TOKEN.matcher(k.key()).find()).count();
        if (TIME_TOKEN.matcher(top.get(0).key()).find() || timeBased * 2 > top.size() || isSequential(top)) {
            return KeyPattern.TEMPORAL;
        }
        if (keys.size() == 1 || keys.get(0).value() >= DOMINANCE_FACTOR * keys.get(1).value()) {
            return KeyPattern.DOMINANT;
        }
        return KeyPattern.SPREAD;
    }

    /** At least three keys, one prefix, trailing numbers within a small range of each other. */
    private static boolean isSequential(List<HotKey> top) {
        if (top.size() < 3) {
            return false;
        }
        String prefix = null;
        var numbers = new ArrayList<Long>();
        for (HotKey key : top) {
            Matcher m = TRAILING_NUMBER.matcher(key.key());
            if (!m.matches() || m.group(2).length() > 18) {
                return false;
            }
            if (prefix == null) {
                prefix = m.group(1);
            } else if (!prefix.equals(m.group(1))) {
                return false;
            }
            numbers.add(Long.parseLong(m.group(2)));
        }
        long spread = numbers.stream().mapToLong(Long::longValue).max().getAsLong()
                - numbers.stream().mapToLong(Long::longValue).min().getAsLong();
        return spread <= 10L * top.size();
    }

    public HotKey top() {
        return keys.get(0);
    }

    /**
     * The listed keys' share that the {@link KeyPattern#TEMPORAL} classification sees as time-based: keys holding a
     * date, an hour or an epoch time, or, when the top keys are sequential IDs, every key of the top key's prefix
     * with a trailing number. Each such key is hot in its turn, so the current one takes what they take together.
     */
    public double timeBasedShare() {
        var top = keys.subList(0, Math.min(5, keys.size()));
        java.util.function.Predicate<String> timeBased = isSequential(top)
                ? sequenceOf(top.get(0).key()) : key -> TIME_TOKEN.matcher(key).find();
        return keys.stream().filter(k -> timeBased.test(k.key())).mapToDouble(HotKey::share).sum();
    }

    private static java.util.function.Predicate<String> sequenceOf(String key) {
        Matcher first = TRAILING_NUMBER.matcher(key);
        String prefix = first.matches() ? first.group(1) : key;
        return other -> {
            Matcher m = TRAILING_NUMBER.matcher(other);
            return m.matches() && m.group(1).equals(prefix);
        };
    }
}
