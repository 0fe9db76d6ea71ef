package dev.hpr.testfixtures;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A provisioned table in the local AWS and what happens to it, set up with the real SDK: GSIs ({@code gsi0},
 * {@code gsi1}, …), Application Auto Scaling, throttling metrics over the last minutes, Contributor Insights with
 * seeded throttled keys. For budget tests, sweeps and the benchmark, which need many tables of the same shape.
 * Metrics are kept few (one datapoint a minute, only where asked): moto's GetMetricData costs queries × periods ×
 * stored datapoints.
 */
public final class TableIncident {

    private final LocalAws aws;
    private final String table;
    private final List<String> gsis;

    private TableIncident(LocalAws aws, String table, List<String> gsis) {
        this.aws = aws;
        this.table = table;
        this.gsis = List.copyOf(gsis);
    }

    /** Creates a provisioned table with a string partition key {@code pk} and {@code gsiCount} GSIs (KEYS_ONLY). */
    public static TableIncident provisioned(LocalAws aws, String table, long read, long write, int gsiCount) {
        var names = new ArrayList<String>();
        var indexes = new ArrayList<GlobalSecondaryIndex>();
        var attributes = new ArrayList<AttributeDefinition>();
        attributes.add(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
        ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                .readCapacityUnits(read).writeCapacityUnits(write).build();
        for (int i = 0; i < gsiCount; i++) {
            String gsi = "gsi" + i;
            names.add(gsi);
            attributes.add(AttributeDefinition.builder().attributeName(gsi + "Key").attributeType(ScalarAttributeType.S).build());
            indexes.add(GlobalSecondaryIndex.builder().indexName(gsi)
                    .keySchema(KeySchemaElement.builder().attributeName(gsi + "Key").keyType(KeyType.HASH).build())
                    .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                    .provisionedThroughput(throughput).build());
        }
        aws.dynamoDb().createTable(b -> {
            b.tableName(table).billingMode(BillingMode.PROVISIONED)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(attributes).provisionedThroughput(throughput);
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
        return new TableIncident(aws, table, names);
    }

    public String name() {
        return table;
    }

    public List<String> gsis() {
        return gsis;
    }

    /** Resources: the table, then each GSI. */
    public int resourceCount() {
        return 1 + gsis.size();
    }

    /** A scalable target and a target-tracking policy for the table (index null) or a GSI; operation Read or Write. */
    public TableIncident autoScaling(String index, String operation, int min, int max, double target) {
        String resourceId = index == null ? "table/" + table : "table/" + table + "/index/" + index;
        String dimension = "dynamodb:" + (index == null ? "table" : "index") + ":" + operation + "CapacityUnits";
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId).scalableDimension(dimension).minCapacity(min).maxCapacity(max));
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(table + (index == null ? "" : "-" + index) + "-" + operation.toLowerCase() + "-scaling")
                .resourceId(resourceId).scalableDimension(dimension).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target).scaleOutCooldown(300)
                        .scaleInCooldown(60).disableScaleIn(false)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("Read".equals(operation)
                                ? MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION
                                : MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION))));
        return this;
    }

    /** One datapoint a minute of {@code metricName} for the last {@code minutes} whole minutes. */
    public TableIncident metric(String index, String metricName, double value, int minutes) {
        aws.putDynamoDbMetric(table, index, metricName, value, minutes, 0);
        return this;
    }

    /** A hot key on writes of the table or a GSI: key-range throttling, the cause the alarm path must name. */
    public TableIncident hotKeyWrites(String index, int minutes) {
        return metric(index, "WriteKeyRangeThroughputThrottleEvents", 180, minutes)
                .metric(index, "WriteThrottleEvents", 180, minutes);
    }

    /** Reads outgrowing the provisioned capacity of the table or a GSI. */
    public TableIncident underProvisionedReads(String index, int minutes) {
        return metric(index, "ReadProvisionedThroughputThrottleEvents", 400, minutes)
                .metric(index, "ReadThrottleEvents", 400, minutes);
    }

    /** Enables Contributor Insights on the table or a GSI in the given mode. */
    public TableIncident contributorInsights(String index, String mode) {
        aws.dynamoDb().updateContributorInsights(b -> b.tableName(table).indexName(index)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE).contributorInsightsMode(mode));
        return this;
    }

    /** What GetInsightRuleReport answers for the PKT rule of the table or a GSI. */
    public TableIncident throttledKeys(String index, LocalAws.Contributor... contributors) {
        aws.seedContributors(table, index, "PKT", List.of(contributors));
        return this;
    }
}
