package dev.hpr.remediator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What values a {@link Setting} takes. {@link #problem} says what is wrong with a value in words that read after the
 * setting's name ({@code must be within 20-90}), so the function and the construct word a refusal alike.
 */
public sealed interface SettingType {

    /** What is wrong with a value (trimmed, non-blank), if anything. */
    Optional<String> problem(String value);

    /** The bounds as docs/configuration.md shows them, e.g. {@code 20-90}, {@code > 1}, {@code apply, dry-run}. */
    String bounds();

    static SettingType integer(long min, long max) {
        return new IntegerRange(min, max);
    }

    static SettingType decimalAbove(double exclusiveMin) {
        return new DecimalAbove(exclusiveMin);
    }

    static SettingType oneOf(String... values) {
        return new OneOf(List.of(values));
    }

    static SettingType flag() {
        return new Flag();
    }

    static SettingType text() {
        return new Text();
    }

    static SettingType tableNames() {
        return new TableNames();
    }

    static SettingType arn(String service) {
        return new Arn(service);
    }

    /** A whole number within {@code [min, max]}. */
    record IntegerRange(long min, long max) implements SettingType {
        @Override
        public Optional<String> problem(String value) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Optional.of("must be a whole number, " + bounds());
            }
            if (n < min || n > max) {
                return Optional.of(max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be within " + min + "-" + max);
            }
            return Optional.empty();
        }

        @Override
        public String bounds() {
            return max == Integer.MAX_VALUE ? "≥ " + min : min + "-" + max;
        }
    }

    /** A finite number greater than {@code exclusiveMin}. */
    record DecimalAbove(double exclusiveMin) implements SettingType {
        @Override
        public Optional<String> problem(String value) {
            double n;
            try {
                n = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return Optional.of(message());
            }
            return n > exclusiveMin && Double.isFinite(n) ? Optional.empty() : Optional.of(message());
        }

        private String message() {
            return "must be a number greater than " + plain(exclusiveMin);
        }

        @Override
        public String bounds() {
            return "> " + plain(exclusiveMin);
        }
    }

    /** One of a few words, exactly. */
    record OneOf(List<String> values) implements SettingType {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> problem(String value) {
            return values.contains(value) ? Optional.empty()
                    : Optional.of("must be one of " + String.join(", ", values));
        }

        @Override
        public String bounds() {
            return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
        }
    }

    /** {@code true} or {@code false}. */
    record Flag() implements SettingType {
        @Override
        public Optional<String> problem(String value) {
            return "true".equals(value) || "false".equals(value) ? Optional.empty()
                    : Optional.of("must be true or false");
        }

        @Override
        public String bounds() {
            return "`true`, `false`";
        }
    }

    /** Any text. */
    record Text() implements SettingType {
        @Override
        public Optional<String> problem(String value) {
            return Optional.empty();
        }

        @Override
        public String bounds() {
            return "";
        }
    }

    /** Comma-separated DynamoDB table names (3-255 of a-z, A-Z, 0-9, '_', '-', '.'). */
    record TableNames() implements SettingType {
        private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

        @Override
        public Optional<String> problem(String value) {
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .filter(s -> !NAME.matcher(s).matches()).findFirst()
                    .map(bad -> "holds '" + bad + "', not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.')");
        }

        @Override
        public String bounds() {
            return "table names";
        }
    }

    /** An ARN of the given service. */
    record Arn(String service) implements SettingType {
        @Override
        public Optional<String> problem(String value) {
            String[] parts = value.split(":", 6);
            return parts.length == 6 && "arn".equals(parts[0]) && service.equals(parts[2]) ? Optional.empty()
                    : Optional.of("must be an " + service.toUpperCase(Locale.ROOT) + " ARN (arn:<partition>:" + service
                            + ":<region>:<account>:<name>)");
        }

        @Override
        public String bounds() {
            return service + " ARN";
        }
    }

    /** {@code 2} rather than {@code 2.0}. */
    static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
