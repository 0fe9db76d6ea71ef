package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.Journal;
import static dev.hpr.remediator.aws.StateTable.av;
import static dev.hpr.remediator.aws.StateTable.n;
import static dev.hpr.remediator.aws.StateTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The change journal's items:
 * <ul>
 *   <li>{@code TABLE#<table>} / {@code CHANGE#<at>#<finding>#<n>}: one change (type, resource, description, before,
 *       after, trigger, findingId, mode, status PENDING/ACTIVE/FAILED/NOT_APPLIED/REVERTING/REVERTED/LEFT, note, the
 *       action as JSON, the writer (lock owner), the restoring action while REVERTING, the plan's step and the
 *       decision for an approved change, whether a failure was transient); written whole each time, the settling
 *       write conditional on the status it replaces; expires 400 days after it was written.</li>
 *   <li>{@code CHANGED_TABLES} / {@code TABLE#<table>}: the revert check's index of tables with entries (tagged
 *       protection names no table at deploy time); written with each intent, before the change.</li>
 * </ul>
 */
final class DynamoDbJournal implements Journal {

    static final String CHANGED_TABLES = "CHANGED_TABLES";
    private static final Duration RETENTION = Duration.ofDays(400);

    private final StateTable table;

    DynamoDbJournal(StateTable table) {
        this.table = table;
    }

    @Override
    public List<ChangeRecord> changes(String name) {
        var changes = new ArrayList<ChangeRecord>();
        table.queryAll("pk = :pk AND begins_with(sk, :change)",
                Map.of(":pk", av("TABLE#" + name), ":change", av("CHANGE#")), item -> changes.add(change(name, item)));
        // The sort key does not order by time on its own: Instant.toString writes 0, 3, 6 or 9 fraction digits, and
        // "…:00Z" sorts after "…:00.500Z". A stable sort keeps the sort key's order among entries of the same instant.
        changes.sort(Comparator.comparing(ChangeRecord::appliedAt));
        return changes;
    }

    @Override
    public void intend(ChangeRecord intent, Instant now) {
        if (intent.status() != ChangeRecord.Status.PENDING) {
            throw new IllegalArgumentException("an intent is PENDING, was " + intent.status());
        }
        // The index first: an intent the revert check cannot find would be lost in tagged protection.
        table.put(Map.of("pk", av(CHANGED_TABLES), "sk", av("TABLE#" + intent.table()),
                "expiresAt", n(now.plus(RETENTION).getEpochSecond())));
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(item(intent))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:PutItem", e);
        }
    }

    @Override
    public boolean settle(ChangeRecord from, ChangeRecord to) {
        if (!from.table().equals(to.table()) || !from.id().equals(to.id())) {
            throw new IllegalArgumentException("settle replaces one entry: " + from.id() + " vs " + to.id());
        }
        return table.putIf(b -> b.item(item(to))
                .conditionExpression("#s = :from")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":from", av(from.status().name()))));
    }

    @Override
    public List<String> tablesWithChanges() {
        var tables = new ArrayList<String>();
        table.queryAll("pk = :pk", Map.of(":pk", av(CHANGED_TABLES)),
                item -> tables.add(item.get("sk").s().substring("TABLE#".length())));
        return tables;
    }

    @Override
    public void closeTable(String name) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name())
                    .key(Map.of("pk", av(CHANGED_TABLES), "sk", av("TABLE#" + name))));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("dynamodb:DeleteItem", e);
        }
    }

    private static Map<String, AttributeValue> item(ChangeRecord change) {
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
        change.approval().ifPresent(a -> item.putAll(DynamoDbPlans.decisionAttributes(a)));
        change.writer().ifPresent(w -> item.put("writer", av(w)));
        change.restoring().ifPresent(r -> item.put("restoring", av(ActionJson.write(r))));
        change.step().ifPresent(i -> item.put("step", n(i)));
        if (change.status() == ChangeRecord.Status.FAILED) {
            item.put("retryable", StateTable.bool(change.retryable()));
        }
        item.put("expiresAt", n(change.appliedAt().plus(RETENTION).getEpochSecond()));
        return item;
    }

    private static ChangeRecord change(String name, Map<String, AttributeValue> item) {
        return new ChangeRecord(name, s(item, "sk"), Instant.parse(s(item, "appliedAt")), s(item, "trigger"),
                s(item, "findingId"), RemediationMode.parse(s(item, "mode")),
                ActionJson.read(s(item, "action")), ChangeRecord.Status.valueOf(s(item, "status")),
                Optional.ofNullable(s(item, "note")).filter(n -> !n.isEmpty()), DynamoDbPlans.decision(item),
                Optional.ofNullable(s(item, "writer")),
                Optional.ofNullable(s(item, "restoring")).map(r -> ActionJson.read(r)),
                item.containsKey("step") ? OptionalInt.of(Integer.parseInt(item.get("step").n())) : OptionalInt.empty(),
                item.containsKey("retryable") && Boolean.TRUE.equals(item.get("retryable").bool()));
    }
}
