package dev.hpr.testfixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Test tables: unique names, so tests sharing the JVM-wide local AWS never collide. */
final class Tables {
    private Tables() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Provisioned table pk(+sk), optionally with a GSI "gsi1" on g (hash only). */
    static String create(DynamoDbClient ddb, String prefix, boolean sortKey, boolean gsi) {
        String name = unique(prefix);
        List<AttributeDefinition> attrs = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attrs.add(attr("pk"));
        keys.add(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
        if (sortKey) {
            attrs.add(attr("sk"));
            keys.add(KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(name)
                .keySchema(keys)
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build());
        if (gsi) {
            attrs.add(attr("g"));
            b.globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                    .indexName("gsi1")
                    .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                    .projection(p -> p.projectionType(ProjectionType.ALL))
                    .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(3L).writeCapacityUnits(4L).build())
                    .build());
        }
        ddb.createTable(b.attributeDefinitions(attrs).build());
        return name;
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
