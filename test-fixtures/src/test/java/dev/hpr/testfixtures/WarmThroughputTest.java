package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** DynamoDB WarmThroughput through the SDK: AWS's starting values, raise only, provisioned raises carry it along. */
class WarmThroughputTest {
    private final DynamoDbClient ddb = LocalAws.shared().dynamoDb();

    @Test
    void newOnDemandTable_startsAt12000Reads4000Writes_tableAndGsi() {
        TableDescription t = describe(onDemand("warm-od"));
        assertEquals(12000L, t.warmThroughput().readUnitsPerSecond());
        assertEquals(4000L, t.warmThroughput().writeUnitsPerSecond());
        assertEquals(TableStatus.ACTIVE, t.warmThroughput().status());
        GlobalSecondaryIndexDescription g = t.globalSecondaryIndexes().get(0);
        assertEquals(12000L, g.warmThroughput().readUnitsPerSecond());
        assertEquals(4000L, g.warmThroughput().writeUnitsPerSecond());
    }

    @Test
    void newProvisionedTable_startsAtItsProvisionedCapacity() {
        TableDescription t = describe(Tables.create(ddb, "warm-prov", false, true)); // table 5/7, gsi1 3/4
        assertEquals(5L, t.warmThroughput().readUnitsPerSecond());
        assertEquals(7L, t.warmThroughput().writeUnitsPerSecond());
        assertEquals(3L, t.globalSecondaryIndexes().get(0).warmThroughput().readUnitsPerSecond());
        assertEquals(4L, t.globalSecondaryIndexes().get(0).warmThroughput().writeUnitsPerSecond());
    }

    @Test
    void updateTable_raisesOneUnitAndKeepsTheOther_tableAndGsi() {
        String table = onDemand("warm-raise");
        TableDescription after = ddb.updateTable(r -> r.tableName(table)
                .warmThroughput(w -> w.readUnitsPerSecond(30000L))
                .globalSecondaryIndexUpdates(u -> u.update(g -> g.indexName("gsi1")
                        .warmThroughput(w -> w.writeUnitsPerSecond(9000L))))).tableDescription();
        assertEquals(30000L, after.warmThroughput().readUnitsPerSecond());
        assertEquals(4000L, after.warmThroughput().writeUnitsPerSecond());
        TableDescription t = describe(table);
        assertEquals(30000L, t.warmThroughput().readUnitsPerSecond());
        assertEquals(4000L, t.warmThroughput().writeUnitsPerSecond());
        assertEquals(12000L, t.globalSecondaryIndexes().get(0).warmThroughput().readUnitsPerSecond());
        assertEquals(9000L, t.globalSecondaryIndexes().get(0).warmThroughput().writeUnitsPerSecond());
    }

    @Test
    void updateTable_loweringIsRefused_andNothingChanges() {
        String table = onDemand("warm-lower");
        ddb.updateTable(r -> r.tableName(table).warmThroughput(w -> w.writeUnitsPerSecond(8000L)));
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> ddb.updateTable(r -> r.tableName(table)
                .warmThroughput(w -> w.readUnitsPerSecond(12000L).writeUnitsPerSecond(5000L))));
        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertThrows(DynamoDbException.class, () -> ddb.updateTable(r -> r.tableName(table)
                .globalSecondaryIndexUpdates(u -> u.update(g -> g.indexName("gsi1")
                        .warmThroughput(w -> w.readUnitsPerSecond(100L))))));
        TableDescription t = describe(table);
        assertEquals(8000L, t.warmThroughput().writeUnitsPerSecond());
        assertEquals(12000L, t.globalSecondaryIndexes().get(0).warmThroughput().readUnitsPerSecond());
    }

    @Test
    void raisingProvisionedCapacityPastWarm_raisesWarm() {
        String table = Tables.create(ddb, "warm-follow", false, true);
        ddb.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(50L).writeCapacityUnits(7L)));
        TableDescription t = describe(table);
        assertEquals(50L, t.warmThroughput().readUnitsPerSecond());
        assertEquals(7L, t.warmThroughput().writeUnitsPerSecond());
    }

    private TableDescription describe(String table) {
        return ddb.describeTable(r -> r.tableName(table)).table();
    }

    private String onDemand(String prefix) {
        String name = Tables.unique(prefix);
        ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("gsi1").keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        return name;
    }
}
