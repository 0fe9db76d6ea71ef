package dev.hpr.remediator.event;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an alarm's metrics say about the DynamoDB table it watches, whichever shape they came in:
 * collect each metric (a metricStat's namespace and dimensions, or a Metrics Insights query), then
 * {@link #resolve()} one table, or fail with a message naming what was wrong.
 */
final class AlarmedMetrics {

    static final String DYNAMODB_NAMESPACE = "AWS/DynamoDB";

    /** The table (and GSI) an alarm watches. */
    record WatchedTable(String tableName, Optional<String> indexName) { }

    private record DynamoDbMetric(Optional<String> tableName, Optional<String> indexName, String shown) { }

    private final String alarmName;
    private final List<DynamoDbMetric> dynamoDb = new ArrayList<>();
    private final List<String> otherNamespaces = new ArrayList<>();
    private final List<String> mathExpressions = new ArrayList<>();
    private boolean grouped;

    AlarmedMetrics(String alarmName) {
        this.alarmName = alarmName;
    }

    void addMetricStat(String namespace, String metricName, Map<String, String> dimensions) {
        if (DYNAMODB_NAMESPACE.equals(namespace)) {
            dynamoDb.add(new DynamoDbMetric(present(dimensions.get("TableName")),
                    present(dimensions.get("GlobalSecondaryIndexName")), namespace + " " + metricName + " " + dimensions));
        } else {
            otherNamespaces.add(namespace + " " + metricName);
        }
    }

    void addExpression(String expression) {
        Optional<MetricsInsightsQuery> parsed = MetricsInsightsQuery.parse(expression);
        if (parsed.isEmpty()) {
            mathExpressions.add(expression);
            return;
        }
        MetricsInsightsQuery query = parsed.get();
        if (!query.isDynamoDb()) {
            otherNamespaces.add((query.namespace().isEmpty() ? "(no FROM namespace)" : query.namespace())
                    + " query " + expression);
            return;
        }
        grouped |= query.grouped();
        Optional<String> index = query.indexNames().size() == 1 ? present(query.indexNames().get(0)) : Optional.empty();
        if (query.tableNames().isEmpty()) {
            dynamoDb.add(new DynamoDbMetric(Optional.empty(), index, expression));
        }
        for (String table : query.tableNames()) {
            dynamoDb.add(new DynamoDbMetric(present(table), index, expression));
        }
    }

    /** The one table the metrics name; the GSI when every metric naming the table names the same one. */
    WatchedTable resolve() {
        requireDynamoDb();
        Set<String> tables = new LinkedHashSet<>();
        dynamoDb.forEach(m -> m.tableName().ifPresent(tables::add));
        if (tables.size() > 1) {
            throw unusable("watches " + tables.size() + " DynamoDB tables " + tables + ": alarm on one table per alarm");
        }
        if (tables.isEmpty()) {
            throw unusable(grouped
                    ? "is a multi-time-series alarm (GROUP BY) whose table comes only in contributor events"
                            + " (\"CloudWatch Alarm Contributor State Change\"): " + dynamoDb.get(0).shown()
                    : "names no DynamoDB TableName: " + dynamoDb.get(0).shown());
        }
        String table = tables.iterator().next();
        Set<Optional<String>> indexes = new LinkedHashSet<>();
        dynamoDb.stream().filter(m -> m.tableName().isPresent()).forEach(m -> indexes.add(m.indexName()));
        return new WatchedTable(table, indexes.size() == 1 ? indexes.iterator().next() : Optional.empty());
    }

    /** A multi-time-series alarm's contributor: its attributes carry the dimensions of its time series. */
    WatchedTable resolveContributor(String contributorId, Map<String, String> attributes) {
        requireDynamoDb();
        return present(attributes.get("TableName"))
                .map(table -> new WatchedTable(table, present(attributes.get("GlobalSecondaryIndexName"))))
                .orElseThrow(() -> unusable("contributor " + contributorId + " has no TableName attribute: " + attributes));
    }

    private void requireDynamoDb() {
        if (!dynamoDb.isEmpty()) {
            return;
        }
        if (!otherNamespaces.isEmpty()) {
            throw unusable("watches " + String.join(", ", otherNamespaces) + ", not " + DYNAMODB_NAMESPACE);
        }
        if (!mathExpressions.isEmpty()) {
            throw unusable("has no " + DYNAMODB_NAMESPACE + " metric, only expressions " + mathExpressions);
        }
        throw unusable("has no metrics in its configuration");
    }

    private UnusableEventException unusable(String what) {
        return new UnusableEventException(EventFields.oneLine("alarm '" + alarmName + "' " + what));
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
