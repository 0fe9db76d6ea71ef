package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.state.ApprovalPlans;
import dev.hpr.remediator.core.state.StoredPlan;
import static dev.hpr.remediator.aws.StateTable.av;
import static dev.hpr.remediator.aws.StateTable.n;
import static dev.hpr.remediator.aws.StateTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@code PLAN#<plan id>} / {@code PLAN}: a plan offered for approval (table, finding, alarm, mode, the actions as
 * JSON, {@code approvalExpiresAt}, status PENDING/APPROVED/REJECTED and, once decided, who, when and how); decided with
 * a conditional update, so once; expires 30 days after its approval window. Which of an approved plan's actions were
 * applied is the journal's to say (each entry carries the plan and its step), not this item's.
 */
final class DynamoDbPlans implements ApprovalPlans {

    private static final Duration RETENTION = Duration.ofDays(30);

    private final StateTable table;

    DynamoDbPlans(StateTable table) {
        this.table = table;
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
        item.put("expiresAt", n(plan.expiresAt().plus(RETENTION).getEpochSecond()));
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    @Override
    public Optional<StoredPlan> plan(String planId) {
        Map<String, AttributeValue> item = table.get("PLAN#" + planId, "PLAN");
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
        decisionAttributes(decision).forEach((name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.add("#" + name + " = :" + name);
        });
        try {
            Map<String, AttributeValue> item = table.client().updateItem(b -> b.tableName(table.name())
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
    static Map<String, AttributeValue> decisionAttributes(StoredPlan.Decision decision) {
        var item = new HashMap<String, AttributeValue>();
        item.put("decisionPlanId", av(decision.planId()));
        item.put("approved", StateTable.bool(decision.approved()));
        item.put("decidedAt", av(decision.at().toString()));
        item.put("decidedVia", av(decision.via()));
        decision.approver().ifPresent(a -> item.put("approver", av(a)));
        return item;
    }

    static Optional<StoredPlan.Decision> decision(Map<String, AttributeValue> item) {
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
                ActionJson.readActions(s(item, "actions")), StoredPlan.Status.valueOf(s(item, "status")),
                decision(item));
    }
}
