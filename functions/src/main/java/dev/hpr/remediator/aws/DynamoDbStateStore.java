package dev.hpr.remediator.aws;

import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ActionJson;
import dev.hpr.remediator.core.ChangeRecord;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.RevertPlanner;
import dev.hpr.remediator.core.StateStore;
import dev.hpr.remediator.core.StoredPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The state table: partition key {@code pk}, sort key {@code sk}, TTL attribute {@code expiresAt} (epoch seconds).
 * Items:
 * <ul>
 *   <li>{@code EVENT#<delivery key>} / {@code EVENT}: a handled alarm delivery (status PENDING or PUBLISHED, the
 *       finding's subject and message while pending); expires after 14 days.</li>
 *   <li>{@code TABLE#<table>} / {@code LOCK}: the per-table lock (owner, lockedUntil); taken with a conditional write.</li>
 *   <li>{@code TABLE#<table>} / {@code CHANGE#<applied at>#<n>}: one applied change (type, resource, before, after,
 *       trigger, findingId, mode, status ACTIVE/REVERTED/LEFT, note, the action as JSON); expires after 400 days.</li>
 *   <li>{@code TABLE#<table>} / {@code ALARM}: the table alarm's last state and since when.</li>
 *   <li>{@code PLAN#<plan id>} / {@code PLAN}: a plan offered for approval (table, finding, alarm, mode, the actions
 *       as JSON, {@code approvalExpiresAt}, status PENDING/APPROVED/REJECTED and, once decided, who, when and how);
 *       decided with a conditional update, so once; expires 30 days after its approval window.</li>
 * </ul>
 */
public final class DynamoDbStateStore implements StateStore {

    /** The partition of the revert check's index: one item per table with changes ({@code sk} TABLE#name). */
    static final String CHANGED_TABLES = "CHANGED_TABLES";

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("dynamodb:GetItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:PutItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:UpdateItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:DeleteItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:Query", IamPermission.Scope.STATE_TABLE));

    private static final Duration DELIVERY_RETENTION = Duration.ofDays(14);
    private static final Duration CHANGE_RETENTION = Duration.ofDays(400);
    private static final Duration PLAN_RETENTION = Duration.ofDays(30);


    private final Supplier<DynamoDbClient> dynamoDb;
    private final String tableName;

    /** @param dynamoDb built when first used */
    public DynamoDbStateStore(Supplier<DynamoDbClient> dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Primes the item operations (SnapStart): GetItem, PutItem, UpdateItem, DeleteItem, Query, each stopped. */
    public void prime(Priming priming) {
        priming.request("dynamodb:GetItem", () -> delivery("priming"), GetItemResponse::builder);
        priming.request("dynamodb:PutItem",
                () -> tryLock(Priming.TABLE, "priming", Instant.EPOCH, Duration.ofMinutes(1)), PutItemResponse::builder);
        priming.request("dynamodb:UpdateItem", () -> deliveryPublished("priming", Instant.EPOCH),
                UpdateItemResponse::builder);
        priming.request("dynamodb:DeleteItem", () -> unlock(Priming.TABLE, "priming"), DeleteItemResponse::builder);
        priming.request("dynamodb:Query", () -> changes(Priming.TABLE), QueryResponse::builder);
    }

    @Override
    public Optional<Delivery> delivery(String key) {
        Map<String, AttributeValue> item = get("EVENT#" + key, "EVENT");
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(key, "PUBLISHED".equals(s(item, "status")), s(item, "subject"),
                s(item, "message"), s(item, "findingId")));
    }

    @Override
    public void deliveryPending(String key, String subject, String message, String findingId, Instant now) {
        put(Map.of("pk", av("EVENT#" + key), "sk", av("EVENT"), "status", av("PENDING"), "subject", av(subject),
                "message", av(message), "findingId", av(findingId), "at", av(now.toString()),
                "expiresAt", n(now.plus(DELIVERY_RETENTION).getEpochSecond())));
    }

    @Override
    public void deliveryPublished(String key, Instant now) {
        try {
            dynamoDb.get().updateItem(b -> b.tableName(tableName)
                    .key(Map.of("pk", av("EVENT#" + key), "sk", av("EVENT")))
                    .updateExpression("SET #s = :published, publishedAt = :at REMOVE message")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":published", av("PUBLISHED"), ":at", av(now.toString()))));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateItem", e);
        }
    }

    @Override
    public boolean tryLock(String table, String owner, Instant now, Duration expiry) {
        try {
            dynamoDb.get().putItem(b -> b.tableName(tableName)
                    .item(Map.of("pk", av("TABLE#" + table), "sk", av("LOCK"), "owner", av(owner),
                            "lockedUntil", n(now.plus(expiry).getEpochSecond()),
                            "expiresAt", n(now.plus(expiry).plus(Duration.ofDays(1)).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk) OR lockedUntil < :now")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    @Override
    public void unlock(String table, String owner) {
        try {
            dynamoDb.get().deleteItem(b -> b.tableName(tableName)
                    .key(Map.of("pk", av("TABLE#" + table), "sk", av("LOCK")))
                    .conditionExpression("#o = :owner")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":owner", av(owner))));
        } catch (ConditionalCheckFailedException e) {
            // Expired and taken by another owner meanwhile: not ours to delete.
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DeleteItem", e);
        }
    }

    @Override
    public List<ChangeRecord> changes(String table) {
        var changes = new ArrayList<ChangeRecord>();
        queryAll("pk = :pk AND begins_with(sk, :change)", Map.of(":pk", av("TABLE#" + table), ":change", av("CHANGE#")),
                item -> changes.add(change(table, item)));
        return changes;
    }

    /** Every item of a consistent Query, page after page. */
    private void queryAll(String keyCondition, Map<String, AttributeValue> values,
                          java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse response;
            try {
                response = dynamoDb.get().query(b -> b.tableName(tableName)
                        .keyConditionExpression(keyCondition)
                        .expressionAttributeValues(values)
                        .consistentRead(true)
                        .exclusiveStartKey(from));
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("dynamodb:Query", e);
            }
            response.items().forEach(each);
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    @Override
    public void recordChange(ChangeRecord change, Instant now) {
        var item = new HashMap<String, AttributeValue>();
        item.put("pk", av("TABLE#" + change.table()));
        item.put("sk", av(change.id()));
        item.put("type", av(change.action().type()));
        item.put("resource", av(change.action().resource().shortName()));
        item.put("description", av(change.action().description()));
        item.put("before", av(change.action().before()));
        item.put("after", av(change.action().after()));
        item.put("appliedAt", av(change.appliedAt().toString()));
        item.put("trigger", av(change.trigger()));
        item.put("findingId", av(change.findingId()));
        item.put("mode", av(change.mode().word()));
        item.put("status", av(change.status().name()));
        change.note().ifPresent(note -> item.put("note", av(note)));
        item.put("action", av(ActionJson.write(change.action())));
        change.approval().ifPresent(a -> item.putAll(decision(a)));
        item.put("expiresAt", n(now.plus(CHANGE_RETENTION).getEpochSecond()));
        put(item);
        // The revert check's index of tables with changes (tagged protection names no table at deploy time).
        put(Map.of("pk", av(CHANGED_TABLES), "sk", av("TABLE#" + change.table()),
                "expiresAt", n(now.plus(CHANGE_RETENTION).getEpochSecond())));
    }

    @Override
    public List<String> tablesWithChanges() {
        var tables = new ArrayList<String>();
        queryAll("pk = :pk", Map.of(":pk", av(CHANGED_TABLES)),
                item -> tables.add(item.get("sk").s().substring("TABLE#".length())));
        return tables;
    }

    @Override
    public void closeTable(String table) {
        try {
            dynamoDb.get().deleteItem(b -> b.tableName(tableName)
                    .key(Map.of("pk", av(CHANGED_TABLES), "sk", av("TABLE#" + table))));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DeleteItem", e);
        }
    }

    @Override
    public void updateChange(ChangeRecord change) {
        try {
            dynamoDb.get().updateItem(b -> b.tableName(tableName)
                    .key(Map.of("pk", av("TABLE#" + change.table()), "sk", av(change.id())))
                    .updateExpression("SET #s = :status, note = :note")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":status", av(change.status().name()),
                            ":note", av(change.note().orElse("")))));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateItem", e);
        }
    }

    @Override
    public void savePlan(StoredPlan plan) {
        var item = new HashMap<String, AttributeValue>();
        item.put("pk", av("PLAN#" + plan.planId()));
        item.put("sk", av("PLAN"));
        item.put("table", av(plan.table()));
        item.put("findingId", av(plan.findingId()));
        plan.alarmName().ifPresent(a -> item.put("alarmName", av(a)));
        item.put("trigger", av(plan.trigger()));
        item.put("mode", av(plan.mode().word()));
        item.put("createdAt", av(plan.createdAt().toString()));
        item.put("approvalExpiresAt", n(plan.expiresAt().getEpochSecond()));
        item.put("actions", av(ActionJson.writeActions(plan.actions())));
        item.put("status", av(plan.status().name()));
        item.put("expiresAt", n(plan.expiresAt().plus(PLAN_RETENTION).getEpochSecond()));
        try {
            dynamoDb.get().putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    @Override
    public Optional<StoredPlan> plan(String planId) {
        Map<String, AttributeValue> item = get("PLAN#" + planId, "PLAN");
        return item.isEmpty() ? Optional.empty() : Optional.of(plan(planId, item));
    }

    @Override
    public Optional<StoredPlan> decide(StoredPlan.Decision decision) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":pending", av(StoredPlan.Status.PENDING.name()));
        values.put(":status", av((decision.approved() ? StoredPlan.Status.APPROVED : StoredPlan.Status.REJECTED).name()));
        values.put(":now", n(decision.at().getEpochSecond()));
        var names = new HashMap<String, String>();
        names.put("#s", "status");
        var set = new ArrayList<String>();
        decision(decision).forEach((name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.add("#" + name + " = :" + name);
        });
        try {
            Map<String, AttributeValue> item = dynamoDb.get().updateItem(b -> b.tableName(tableName)
                    .key(Map.of("pk", av("PLAN#" + decision.planId()), "sk", av("PLAN")))
                    .updateExpression("SET #s = :status, " + String.join(", ", set))
                    .conditionExpression("#s = :pending AND approvalExpiresAt > :now")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(plan(decision.planId(), item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:UpdateItem", e);
        }
    }

    /** A decision as attributes: {@code decisionPlanId}, {@code approved}, {@code decidedAt}, {@code decidedVia}, {@code approver}. */
    private static Map<String, AttributeValue> decision(StoredPlan.Decision decision) {
        var item = new HashMap<String, AttributeValue>();
        item.put("decisionPlanId", av(decision.planId()));
        item.put("approved", AttributeValue.builder().bool(decision.approved()).build());
        item.put("decidedAt", av(decision.at().toString()));
        item.put("decidedVia", av(decision.via()));
        decision.approver().ifPresent(a -> item.put("approver", av(a)));
        return item;
    }

    private static Optional<StoredPlan.Decision> decision(Map<String, AttributeValue> item) {
        if (!item.containsKey("decidedAt")) {
            return Optional.empty();
        }
        return Optional.of(new StoredPlan.Decision(s(item, "decisionPlanId"), item.get("approved").bool(),
                Instant.parse(s(item, "decidedAt")), s(item, "decidedVia"), Optional.ofNullable(s(item, "approver"))));
    }

    private static StoredPlan plan(String planId, Map<String, AttributeValue> item) {
        return new StoredPlan(planId, s(item, "table"), s(item, "findingId"), Optional.ofNullable(s(item, "alarmName")),
                s(item, "trigger"), RemediationMode.parse(s(item, "mode")), Instant.parse(s(item, "createdAt")),
                Instant.ofEpochSecond(Long.parseLong(item.get("approvalExpiresAt").n())),
                ActionJson.read(s(item, "actions"), ActionJson.ACTIONS), StoredPlan.Status.valueOf(s(item, "status")),
                decision(item));
    }

    @Override
    public Optional<RevertPlanner.AlarmState> alarmState(String table) {
        Map<String, AttributeValue> item = get("TABLE#" + table, "ALARM");
        return item.isEmpty() ? Optional.empty()
                : Optional.of(new RevertPlanner.AlarmState(s(item, "state"), Instant.parse(s(item, "since"))));
    }

    @Override
    public void recordAlarmState(String table, RevertPlanner.AlarmState state) {
        // Keep the newest state: an older delivery arriving late must not overwrite a newer one.
        try {
            dynamoDb.get().putItem(b -> b.tableName(tableName)
                    .item(Map.of("pk", av("TABLE#" + table), "sk", av("ALARM"), "state", av(state.state()),
                            "since", av(state.since().toString()), "sinceEpochMillis", n(state.since().toEpochMilli())))
                    .conditionExpression("attribute_not_exists(pk) OR sinceEpochMillis <= :since")
                    .expressionAttributeValues(Map.of(":since", n(state.since().toEpochMilli()))));
        } catch (ConditionalCheckFailedException e) {
            // A newer state is already recorded.
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        try {
            return dynamoDb.get().getItem(b -> b.tableName(tableName).key(Map.of("pk", av(pk), "sk", av(sk)))
                    .consistentRead(true)).item();
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:GetItem", e);
        }
    }

    private void put(Map<String, AttributeValue> item) {
        try {
            dynamoDb.get().putItem(b -> b.tableName(tableName).item(item));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    private static ChangeRecord change(String table, Map<String, AttributeValue> item) {
        return new ChangeRecord(table, s(item, "sk"), Instant.parse(s(item, "appliedAt")), s(item, "trigger"),
                s(item, "findingId"), RemediationMode.parse(s(item, "mode")), ActionJson.read(s(item, "action"), Action.class),
                ChangeRecord.Status.valueOf(s(item, "status")),
                Optional.ofNullable(s(item, "note")).filter(n -> !n.isEmpty()),
                decision(item));
    }

    private static AttributeValue av(String s) {
        return AttributeValue.builder().s(s).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
