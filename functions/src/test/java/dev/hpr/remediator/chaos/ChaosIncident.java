package dev.hpr.remediator.chaos;

import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An incident for a function run in its own JVM: a protected table (its own name), a state table, a findings topic,
 * and the function's environment ({@link #env}) in {@code apply} mode. What the handler package's Incident sets up,
 * for tests of this package.
 */
final class ChaosIncident {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final LocalAws aws;
    final String table;
    final TableIncident incident;
    final Map<String, String> env = new HashMap<>();

    private ChaosIncident(LocalAws aws, TableIncident incident, String table) {
        this.aws = aws;
        this.table = table;
        this.incident = incident;
        String state = table + "-state";
        aws.dynamoDb().createTable(b -> b.tableName(state).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        env.put("FINDINGS_TOPIC_ARN", aws.sns().createTopic(b -> b.name(table + "-findings")).topicArn());
        env.put("STATE_TABLE_NAME", state);
        env.put("PROTECTED_TABLES", table);
        env.put("REMEDIATION_MODE", "apply");
    }

    private static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }

    /**
     * Reads outgrowing a provisioned table (1,000 RCU, 200 WCU) whose read auto scaling (100..1000, target 70) sits
     * at its maximum: 400 read throttles and 60,000 consumed RCU a minute for the last 30 minutes. The alarm path
     * retunes the policy's TargetValue (70 to 60), raises MaxCapacity and enables Contributor Insights.
     */
    static ChaosIncident underProvisionedReads(LocalAws aws, String prefix) {
        String table = unique(prefix);
        TableIncident incident = TableIncident.provisioned(aws, table, 1000, 200, 0)
                .autoScaling(null, "Read", 100, 1000, 70)
                .underProvisionedReads(null, 30)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30);
        return new ChaosIncident(aws, incident, table);
    }

    /** The repository's sample event {@code events/<file>}, about this table, written to {@code dir}. */
    Path event(String file, Path dir) throws IOException {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        String json = Files.readString(root.resolve("events").resolve(file)).replace("orders", table);
        return Files.writeString(dir.resolve(table + "-" + file), json);
    }

    /** The table's read target-tracking policy as Application Auto Scaling holds it now. */
    TargetTrackingScalingPolicyConfiguration readPolicy() {
        return aws.autoScaling().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                        .resourceId("table/" + table).scalableDimension("dynamodb:table:ReadCapacityUnits"))
                .scalingPolicies().get(0).targetTrackingScalingPolicyConfiguration();
    }
}
