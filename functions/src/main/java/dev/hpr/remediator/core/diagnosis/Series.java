package dev.hpr.remediator.core.diagnosis;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One value per period of the window. DynamoDB publishes a metric only when it is non-zero, so a period
 * without a datapoint is 0 here; {@link #hasData()} tells whether any datapoint came back at all.
 */
public record Series(List<Double> values, boolean hasData) {

    public Series {
        Objects.requireNonNull(values, "values");
        values = List.copyOf(values);
    }

    public static Series empty(int periods) {
        return new Series(Arrays.asList(new Double[periods]).stream().map(v -> 0.0).toList(), false);
    }

    public double sum() {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public double at(int index) {
        return values.get(index);
    }

    public int size() {
        return values.size();
    }

    public Series plus(Series other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("series lengths differ: " + size() + " and " + other.size());
        }
        Double[] sum = new Double[size()];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = at(i) + other.at(i);
        }
        return new Series(List.of(sum), hasData || other.hasData);
    }
}
