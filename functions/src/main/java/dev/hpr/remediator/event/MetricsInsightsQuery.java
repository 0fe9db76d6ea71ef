package dev.hpr.remediator.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a CloudWatch Metrics Insights query that name what an alarm watches:
 * {@code SELECT SUM(ThrottledRequests) FROM SCHEMA("AWS/DynamoDB", TableName, Operation) WHERE TableName = 'orders'}.
 *
 * @param namespace  the namespace after FROM, with or without SCHEMA(…): {@code AWS/DynamoDB}
 * @param tableNames every value of a {@code TableName = '…'} condition in the WHERE clause
 * @param indexNames every value of a {@code GlobalSecondaryIndexName = '…'} condition in the WHERE clause
 * @param grouped    whether the query has GROUP BY: a multi-time-series alarm, one contributor per group
 */
record MetricsInsightsQuery(String namespace, List<String> tableNames, List<String> indexNames, boolean grouped) {

    private static final Pattern SELECT = Pattern.compile("^\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile(
            "\\bFROM\\s+(?:SCHEMA\\s*\\(\\s*)?(?:\"([^\"]*)\"|'([^']*)'|([^\\s,()]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHERE = Pattern.compile(
            "\\bWHERE\\b(.*?)(?:\\bGROUP\\s+BY\\b|\\bORDER\\s+BY\\b|\\bLIMIT\\b|$)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern GROUP_BY = Pattern.compile("\\bGROUP\\s+BY\\b", Pattern.CASE_INSENSITIVE);

    MetricsInsightsQuery {
        tableNames = List.copyOf(tableNames);
        indexNames = List.copyOf(indexNames);
    }

    /** The query, or empty when the expression is metric math ({@code m1 + m2}) rather than a SELECT query. */
    static Optional<MetricsInsightsQuery> parse(String expression) {
        if (!SELECT.matcher(expression).find()) {
            return Optional.empty();
        }
        Matcher from = FROM.matcher(expression);
        String namespace = from.find() ? firstNonNull(from.group(1), from.group(2), from.group(3)).trim() : "";
        Matcher where = WHERE.matcher(expression);
        String conditions = where.find() ? where.group(1) : "";
        return Optional.of(new MetricsInsightsQuery(namespace,
                equalities(conditions, "TableName"),
                equalities(conditions, "GlobalSecondaryIndexName"),
                GROUP_BY.matcher(expression).find()));
    }

    boolean isDynamoDb() {
        return AlarmedMetrics.DYNAMODB_NAMESPACE.equals(namespace);
    }

    /** Values of {@code dimension = 'v'} (dimension optionally double-quoted, value single- or double-quoted). */
    private static List<String> equalities(String conditions, String dimension) {
        Pattern equality = Pattern.compile(
                "(?<![\\w\"])\"?" + dimension + "\"?\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")");
        List<String> values = new ArrayList<>();
        Matcher m = equality.matcher(conditions);
        while (m.find()) {
            values.add(firstNonNull(m.group(1), m.group(2)));
        }
        return values;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalStateException("no group matched");
    }
}
