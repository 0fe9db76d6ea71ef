package dev.hpr.toolkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one logical key spread over several partitions: one Query per partition (partition key equality plus the
 * sort key condition), all partitions in parallel on the given executor, each followed through its pages
 * ({@code LastEvaluatedKey}), then merged. Every item of every partition is read: bound the read with the sort key
 * condition, not with {@code Limit}, which here is the page size of each Query.
 *
 * <p><b>Promises</b> (pinned by {@code ScatterGatherTest}, {@code LimitsTest}): a read returns every item of every
 * partition and page, in DynamoDB's order (numbers by value, strings and binaries by bytes), or throws
 * {@link ShardReadFailed} naming each partition that failed; never a partial result. At most
 * {@link Limits#MAX_QUERIES_PER_READ} partitions per read.
 *
 * <p>Cost: at least one Query per partition, whatever the number of items; read units are those of the items
 * read (a Query rounds up to 4 KB per partition page, so N small partitions cost N units where one would cost 1).
 * A read fails as a whole ({@link ShardReadFailed}) when any partition fails after the SDK's retries.
 *
 * <p>Thread-safe. The executor runs blocking SDK calls: give it at least as many threads as partitions to read
 * them all at once.
 */
public final class ScatterGather {

    private static final String PK_NAME = "#hkt_pk";
    private static final String PK_VALUE = ":hkt_pk";
    private static final String SK_NAME = "#hkt_sk";
    private static final String SK_VALUE0 = ":hkt_sk0";
    private static final String SK_VALUE1 = ":hkt_sk1";

    private final DynamoDbClient dynamoDb;
    private final Executor executor;

    public ScatterGather(DynamoDbClient dynamoDb, Executor executor) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * @param template the table name and anything else each Query should carry (filter, projection, page size as
     *                 {@code limit}, {@code consistentRead}, {@code scanIndexForward}); not a key condition, which
     *                 this sets; its index name, if any, is replaced by the partitions' own
     */
    public Gathered query(QueryRequest template, Partitions partitions, SortKeyCondition sortKey, MergeOrder order) {
        if (template.keyConditionExpression() != null || template.hasKeyConditions()) {
            throw new IllegalArgumentException("the template must not have a key condition: the scatter-gather sets it");
        }
        if (order == MergeOrder.SORT_KEY && partitions.sortKeyAttribute() == null) {
            throw new IllegalArgumentException("SORT_KEY order needs the partitions' sort key attribute");
        }
        List<CompletableFuture<Page>> reads = new ArrayList<>();
        for (AttributeValue partition : partitions.values()) {
            QueryRequest request = request(template, partitions, partition, sortKey);
            reads.add(CompletableFuture.supplyAsync(() -> readAll(request), executor));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int pages = 0;
        ShardReadFailed failure = null;
        for (int i = 0; i < reads.size(); i++) {
            try {
                Page page = reads.get(i).join();
                items.addAll(page.items());
                pages += page.pages();
            } catch (CompletionException e) {
                ShardReadFailed failed = new ShardReadFailed(template.tableName(), partitions.values().get(i),
                        e.getCause() == null ? e : e.getCause());
                if (failure == null) {
                    failure = failed;
                } else {
                    failure.addSuppressed(failed);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (order == MergeOrder.SORT_KEY) {
            String sortAttribute = partitions.sortKeyAttribute();
            Comparator<Map<String, AttributeValue>> bySortKey =
                    Comparator.comparing(item -> item.get(sortAttribute), SortKeyOrder.INSTANCE);
            items.sort(Boolean.FALSE.equals(template.scanIndexForward()) ? bySortKey.reversed() : bySortKey);
        }
        return new Gathered(items, partitions.values().size(), pages);
    }

    private static QueryRequest request(QueryRequest template, Partitions partitions, AttributeValue partition,
                                        SortKeyCondition sortKey) {
        Map<String, String> names = new HashMap<>(template.expressionAttributeNames());
        Map<String, AttributeValue> values = new HashMap<>(template.expressionAttributeValues());
        names.put(PK_NAME, partitions.partitionKeyAttribute());
        values.put(PK_VALUE, partition);
        String condition = PK_NAME + " = " + PK_VALUE;
        if (sortKey.operator() != SortKeyCondition.Operator.NONE) {
            names.put(SK_NAME, sortKey.attribute());
            values.put(SK_VALUE0, sortKey.values().get(0));
            if (sortKey.values().size() > 1) {
                values.put(SK_VALUE1, sortKey.values().get(1));
            }
            condition += " AND " + sortKey.expression(SK_NAME, SK_VALUE0, SK_VALUE1);
        }
        return template.toBuilder()
                .indexName(partitions.indexName())
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private Page readAll(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = dynamoDb.query(request.toBuilder().exclusiveStartKey(start).build());
            pages++;
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return new Page(items, pages);
    }

    private record Page(List<Map<String, AttributeValue>> items, int pages) {
    }
}
