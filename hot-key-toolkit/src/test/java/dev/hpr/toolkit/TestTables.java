package dev.hpr.toolkit;

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
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** On-demand test tables with unique names (tests share one local AWS), string keys. */
final class TestTables {
    private TestTables() {
    }

    /** pk (+ sk when not null). */
    static String create(DynamoDbClient ddb, String prefix, String sortKey) {
        return create(ddb, prefix, sortKey, null, null, null);
    }

    /** pk (+ sk), and a GSI {@code index} on gsiPk (+ gsiSk) when index is not null. */
    static String create(DynamoDbClient ddb, String prefix, String sortKey, String index, String gsiPk, String gsiSk) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(attribute("pk")));
        List<KeySchemaElement> keys = new ArrayList<>(List.of(key("pk", KeyType.HASH)));
        if (sortKey != null) {
            attributes.add(attribute(sortKey));
            keys.add(key(sortKey, KeyType.RANGE));
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name).keySchema(keys)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (index != null) {
            List<KeySchemaElement> gsiKeys = new ArrayList<>(List.of(key(gsiPk, KeyType.HASH)));
            attributes.add(attribute(gsiPk));
            if (gsiSk != null) {
                gsiKeys.add(key(gsiSk, KeyType.RANGE));
                attributes.add(attribute(gsiSk));
            }
            request.globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(index).keySchema(gsiKeys)
                    .projection(p -> p.projectionType(ProjectionType.ALL)).build());
        }
        ddb.createTable(request.attributeDefinitions(attributes).build());
        return name;
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
