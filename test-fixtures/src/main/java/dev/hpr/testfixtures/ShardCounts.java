package dev.hpr.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shard counts both the toolkit's {@code ShardCount} and the remediator's {@code ShardPlan} must give
 * ({@code shard-counts.csv} beside this class): one table that the tests of both modules read, so the two copies of
 * the formula, which may not depend on each other, are proved equal on the same rows.
 */
public final class ShardCounts {

    /** One row: a read or write rate and the count it must give. */
    public record Row(String operation, double unitsPerSecond, int count) {
        public boolean isRead() {
            return operation.equals("READ");
        }

        @Override
        public String toString() {
            return operation + " " + unitsPerSecond + "/s -> " + count;
        }
    }

    private ShardCounts() {
    }

    public static List<Row> rows() {
        try (InputStream in = ShardCounts.class.getResourceAsStream("shard-counts.csv")) {
            if (in == null) {
                throw new IllegalStateException("shard-counts.csv not on the classpath beside " + ShardCounts.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("operation,"))
                    .map(ShardCounts::row)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row row(String line) {
        String[] f = line.split(",");
        if (f.length != 3 || !(f[0].equals("READ") || f[0].equals("WRITE"))) {
            throw new IllegalArgumentException("not 'READ|WRITE,unitsPerSecond,count': " + line);
        }
        return new Row(f[0], Double.parseDouble(f[1]), Integer.parseInt(f[2]));
    }
}
