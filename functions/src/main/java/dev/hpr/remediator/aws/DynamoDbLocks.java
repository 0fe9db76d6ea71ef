package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.TableLocks;
import static dev.hpr.remediator.aws.StateTable.av;
import static dev.hpr.remediator.aws.StateTable.n;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@code TABLE#<table>} / {@code LOCK}: the per-table lock (owner, lockedUntil); taken with a conditional write. */
final class DynamoDbLocks implements TableLocks {

    private final StateTable table;

    DynamoDbLocks(StateTable table) {
        this.table = table;
    }

    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration expiry) {
        return table.putIf(b -> b
                .item(Map.of("pk", av("TABLE#" + name), "sk", av("LOCK"), "owner", av(owner),
                        "lockedUntil", n(now.plus(expiry).getEpochSecond()),
                        "expiresAt", n(now.plus(expiry).plus(Duration.ofDays(1)).getEpochSecond())))
                .conditionExpression("attribute_not_exists(pk) OR lockedUntil < :now")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
    }

    @Override
    public void unlock(String name, String owner) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name())
                    .key(Map.of("pk", av("TABLE#" + name), "sk", av("LOCK")))
                    .conditionExpression("#o = :owner")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":owner", av(owner))));
        } catch (ConditionalCheckFailedException e) {
            // Expired and taken by another owner meanwhile: not ours to delete.
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DeleteItem", e);
        }
    }
}
