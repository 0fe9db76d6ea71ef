package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.ForecastScheduleChange;
import dev.hpr.remediator.core.action.WarmThroughputChange;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.iam.IamPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The state table: partition key {@code pk}, sort key {@code sk}, TTL attribute {@code expiresAt} (epoch seconds),
 * shared by one adapter per concern ({@link DynamoDbDeliveries}, {@link DynamoDbLocks}, {@link DynamoDbJournal},
 * {@link DynamoDbPlans}, {@link DynamoDbAlarmStates}, {@link DynamoDbForecastNotes}); each documents its items. This class holds what they share:
 * the client, the table's name and the item calls, each failure translated to {@link AwsCallFailed}.
 */
public final class StateTable {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("dynamodb:GetItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:PutItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:UpdateItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:DeleteItem", IamPermission.Scope.STATE_TABLE),
            new IamPermission("dynamodb:Query", IamPermission.Scope.STATE_TABLE));

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String name;

    /** @param dynamoDb built when first used */
    public StateTable(Supplier<DynamoDbClient> dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    /** The ports over this table. */
    public StateStore store() {
        return new StateStore(new DynamoDbDeliveries(this), new DynamoDbLocks(this), new DynamoDbJournal(this),
                new DynamoDbPlans(this), new DynamoDbAlarmStates(this), new DynamoDbForecastNotes(this));
    }

    public String name() {
        return name;
    }

    DynamoDbClient client() {
        return dynamoDb.get();
    }

    /** Primes the item operations (SnapStart) through the adapters' own calls, each stopped before it is sent. */
    public void prime(Priming priming) {
        StateStore store = store();
        priming.request("dynamodb:GetItem", () -> store.deliveries().delivery("priming"), GetItemResponse::builder);
        priming.request("dynamodb:PutItem", () -> store.locks().tryLock(Priming.TABLE, "priming", Instant.EPOCH,
                Duration.ofMinutes(1)), PutItemResponse::builder);
        priming.request("dynamodb:UpdateItem", () -> store.deliveries().deliveryPublished("priming", Instant.EPOCH),
                UpdateItemResponse::builder);
        priming.request("dynamodb:DeleteItem", () -> store.locks().unlock(Priming.TABLE, "priming"),
                DeleteItemResponse::builder);
        priming.request("dynamodb:Query", () -> store.journal().changes(Priming.TABLE), QueryResponse::builder);
        // The path a change takes: the journal's intent (its index write is the first request, so stopped there),
        // its settling write (the whole entry, the action as JSON), and an approval's plan (every kind of action).
        List<Action> actions = primingActions();
        ChangeRecord intent = ChangeRecord.intent(Priming.TABLE, "CHANGE#priming", Instant.EPOCH, "priming",
                "priming", RemediationMode.APPLY, actions.get(0), Optional.empty(), "priming", OptionalInt.empty());
        priming.request("dynamodb:PutItem", () -> store.journal().intend(intent, Instant.EPOCH));
        priming.request("dynamodb:PutItem", () -> store.journal().settle(intent,
                intent.reverting(actions.get(1), "priming", "priming")));
        priming.request("dynamodb:PutItem", () -> store.plans().savePlan(new StoredPlan("priming", Priming.TABLE,
                "priming", Optional.empty(), "priming", RemediationMode.APPROVE, Instant.EPOCH, Instant.EPOCH, actions,
                StoredPlan.Status.PENDING, Optional.empty())));
        // No item comes back while priming: what the journal and the plans read, they read as stored.
        priming.local("actions read back", () -> {
            if (!ActionJson.readActions(ActionJson.writeActions(actions)).equals(actions)
                    || !ActionJson.read(ActionJson.write(actions.get(0))).equals(actions.get(0))) {
                throw new IllegalStateException("actions do not read back as written");
            }
        });
    }

    /** One action of each kind {@link Action} permits, on the priming table. */
    static List<Action> primingActions() {
        ResourceRef table = ResourceRef.table(Priming.TABLE);
        ResourceRef index = ResourceRef.index(Priming.TABLE, "priming");
        var before = new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60));
        var after = new PolicyValues(50, OptionalInt.of(60), OptionalInt.empty());
        return List.of(ContributorInsightsChange.enable(index, "THROTTLED_KEYS", "DISABLED"),
                TargetTrackingChange.retune(table, OperationType.READ, "priming", before, after),
                MaxCapacityChange.raise(table, OperationType.WRITE, 5, 100, 200),
                OnDemandMaximumChange.raise(table, OperationType.READ, 100, 200),
                ForecastScheduleChange.put(table, OperationType.WRITE, "hpr-forecast-priming", Optional.empty(),
                        new ForecastScheduleChange.Entry("cron(45 8 * * ? *)", 10)),
                WarmThroughputChange.raise(new WarmThroughputLevel(table, 12000, 4000), OperationType.WRITE, 6000));
    }

    Map<String, AttributeValue> get(String pk, String sk) {
        try {
            return client().getItem(b -> b.tableName(name).key(Map.of("pk", av(pk), "sk", av(sk)))
                    .consistentRead(true)).item();
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:GetItem", e);
        }
    }

    void put(Map<String, AttributeValue> item) {
        try {
            client().putItem(b -> b.tableName(name).item(item));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    /** Every item of a consistent Query, page after page. */
    void queryAll(String keyCondition, Map<String, AttributeValue> values, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse response;
            try {
                response = client().query(b -> b.tableName(name)
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

    /**
     * A conditional PutItem: whether it was written ({@code false}: its condition did not hold).
     *
     * @throws AwsCallFailed when AWS failed the call
     */
    boolean putIf(java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.PutItemRequest.Builder>
                          request) {
        try {
            client().putItem(b -> request.accept(b.tableName(name)));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    static AttributeValue av(String s) {
        return AttributeValue.builder().s(s).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.builder().bool(value).build();
    }

    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
