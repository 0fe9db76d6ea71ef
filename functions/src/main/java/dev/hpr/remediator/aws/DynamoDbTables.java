package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.core.action.ActionPorts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WarmThroughput;
import dev.hpr.remediator.core.model.WarmThroughputLevel;

/**
 * DescribeTable and the table's tags, translated into the core's {@link TableDescription}; and the one table write
 * an action makes, an on-demand maximum ({@link ActionPorts.Tables}).
 */
public final class DynamoDbTables implements ActionPorts.Tables {

    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:DescribeTable"),
            IamPermission.onProtectedTables("dynamodb:ListTagsOfResource"));

    private final Supplier<DynamoDbClient> dynamoDb;

    /** @param dynamoDb built when first used */
    public DynamoDbTables(Supplier<DynamoDbClient> dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public DynamoDbTables(DynamoDbClient dynamoDb) {
        this(() -> dynamoDb);
    }

    /** Primes DescribeTable and ListTagsOfResource (SnapStart): both stopped before they are sent. */
    public void prime(Priming priming) {
        priming.request("dynamodb:DescribeTable", () -> describe(Priming.TABLE), DescribeTableResponse::builder);
        priming.request("dynamodb:ListTagsOfResource", () -> tags(Priming.TABLE_ARN),
                ListTagsOfResourceResponse::builder);
    }

    /** @throws TableNotFound when the table does not exist */
    public TableDescription describe(String tableName) {
        return describe(tableName, null);
    }

    /**
     * DescribeTable alone, with the tags already known (the tagged sweep has them from the Resource Groups Tagging
     * API): no ListTagsOfResource.
     *
     * @throws TableNotFound when the table does not exist
     */
    public TableDescription describe(String tableName, Map<String, String> knownTags) {
        software.amazon.awssdk.services.dynamodb.model.TableDescription table = describeTable(tableName);
        boolean onDemand = table.billingModeSummary() != null
                && "PAY_PER_REQUEST".equals(table.billingModeSummary().billingModeAsString());
        var indexes = table.globalSecondaryIndexes().stream()
                .map(i -> new TableDescription.Index(i.indexName(), onDemand ? Optional.empty() : provisioned(i.provisionedThroughput()),
                        onDemand(i.onDemandThroughput()), hasSortKey(i.keySchema())))
                .toList();
        ProvisionedThroughputDescription throughput = table.provisionedThroughput();
        return new TableDescription(table.tableName(), table.tableArn(), table.tableStatusAsString(),
                onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED,
                onDemand ? Optional.empty() : provisioned(throughput), onDemand(table.onDemandThroughput()),
                throughput == null || throughput.numberOfDecreasesToday() == null ? 0 : throughput.numberOfDecreasesToday(),
                hasSortKey(table.keySchema()), indexes, knownTags != null ? knownTags : tags(table.tableArn()),
                // Replicas (ReplicaDescription.RegionName): a global table's replicas (DynamoDB API model).
                table.replicas().stream().map(r -> r.regionName()).filter(java.util.Objects::nonNull).toList());
    }

    /** DescribeTable's answer. @throws TableNotFound when the table does not exist */
    private software.amazon.awssdk.services.dynamodb.model.TableDescription describeTable(String tableName) {
        try {
            return dynamoDb.get().describeTable(r -> r.tableName(tableName)).table();
        } catch (ResourceNotFoundException e) {
            throw new TableNotFound(tableName);
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DescribeTable", e);
        }
    }

    /**
     * UpdateTable with only {@code OnDemandThroughput} for this operation, on the table or in one
     * {@code GlobalSecondaryIndexUpdates} entry (UpdateGlobalSecondaryIndexAction takes OnDemandThroughput).
     */
    @Override
    public void updateOnDemandMaximum(ResourceRef resource, OperationType operation, long maximum) {
        OnDemandThroughput throughput = operation == OperationType.READ
                ? OnDemandThroughput.builder().maxReadRequestUnits(maximum).build()
                : OnDemandThroughput.builder().maxWriteRequestUnits(maximum).build();
        updateTableOrIndex(resource, r -> r.onDemandThroughput(throughput), g -> g.onDemandThroughput(throughput));
    }

    /**
     * UpdateTable on the resource: {@code onTable} on the table's request, or {@code onIndex} in one
     * {@code GlobalSecondaryIndexUpdates} entry for a GSI.
     */
    private void updateTableOrIndex(ResourceRef resource,
            java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest.Builder> onTable,
            java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.UpdateGlobalSecondaryIndexAction.Builder> onIndex) {
        try {
            dynamoDb.get().updateTable(r -> {
                r.tableName(resource.tableName());
                resource.indexName().ifPresentOrElse(
                        index -> r.globalSecondaryIndexUpdates(u -> u.update(g -> onIndex.accept(g.indexName(index)))),
                        () -> onTable.accept(r));
            });
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateTable", e);
        }
    }

    /**
     * The {@code WarmThroughput} of a table and its GSIs (DescribeTable: {@code Table.WarmThroughput} and each
     * {@code GlobalSecondaryIndexes[].WarmThroughput}, botocore {@code dynamodb/2012-08-10}); a resource DynamoDB
     * reports none for is absent.
     *
     * @throws TableNotFound when the table does not exist
     */
    public List<WarmThroughputLevel> warmThroughput(String tableName) {
        software.amazon.awssdk.services.dynamodb.model.TableDescription table = describeTable(tableName);
        var levels = new java.util.ArrayList<WarmThroughputLevel>();
        var warm = table.warmThroughput();
        if (warm != null && warm.readUnitsPerSecond() != null && warm.writeUnitsPerSecond() != null) {
            levels.add(new WarmThroughputLevel(ResourceRef.table(tableName), warm.readUnitsPerSecond(),
                    warm.writeUnitsPerSecond()));
        }
        for (var index : table.globalSecondaryIndexes()) {
            var w = index.warmThroughput();
            if (w != null && w.readUnitsPerSecond() != null && w.writeUnitsPerSecond() != null) {
                levels.add(new WarmThroughputLevel(ResourceRef.index(tableName, index.indexName()),
                        w.readUnitsPerSecond(), w.writeUnitsPerSecond()));
            }
        }
        return List.copyOf(levels);
    }

    /**
     * UpdateTable with only {@code WarmThroughput}, and in it only the raised operation's units: botocore's
     * {@code dynamodb/2012-08-10} model makes both members of the {@code WarmThroughput} shape optional
     * ({@code ReadUnitsPerSecond}, {@code WriteUnitsPerSecond}, no {@code required} list), so the other operation's
     * warm throughput is not sent and stays as it is, whatever another approved raise has made it since.
     */
    @Override
    public void raiseWarmThroughput(ResourceRef resource, OperationType operation, long unitsPerSecond) {
        WarmThroughput warm = operation == OperationType.READ
                ? WarmThroughput.builder().readUnitsPerSecond(unitsPerSecond).build()
                : WarmThroughput.builder().writeUnitsPerSecond(unitsPerSecond).build();
        updateTableOrIndex(resource, r -> r.warmThroughput(warm), g -> g.warmThroughput(warm));
    }

    private Map<String, String> tags(String tableArn) {
        var tags = new LinkedHashMap<String, String>();
        String nextToken = null;
        do {
            ListTagsOfResourceResponse response;
            String token = nextToken;
            try {
                response = dynamoDb.get().listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(token));
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("dynamodb:ListTagsOfResource", e);
            }
            response.tags().forEach(t -> tags.put(t.key(), t.value()));
            nextToken = response.nextToken();
        } while (nextToken != null);
        return tags;
    }

    private static Optional<Capacity> provisioned(ProvisionedThroughputDescription throughput) {
        if (throughput == null || throughput.readCapacityUnits() == null) {
            return Optional.empty();
        }
        return Optional.of(new Capacity(throughput.readCapacityUnits(), throughput.writeCapacityUnits()));
    }

    private static Optional<Capacity> onDemand(OnDemandThroughput throughput) {
        if (throughput == null) {
            return Optional.empty();
        }
        long read = throughput.maxReadRequestUnits() == null ? -1 : throughput.maxReadRequestUnits();
        long write = throughput.maxWriteRequestUnits() == null ? -1 : throughput.maxWriteRequestUnits();
        return read <= 0 && write <= 0 ? Optional.empty() : Optional.of(new Capacity(read, write));
    }

    private static boolean hasSortKey(List<KeySchemaElement> keySchema) {
        return keySchema.stream().anyMatch(k -> k.keyType() == KeyType.RANGE);
    }
}
