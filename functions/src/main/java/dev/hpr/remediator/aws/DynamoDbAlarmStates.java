package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.AlarmStates;
import static dev.hpr.remediator.aws.StateTable.av;
import static dev.hpr.remediator.aws.StateTable.n;
import static dev.hpr.remediator.aws.StateTable.s;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code TABLE#<table>} / {@code ALARM}: the table alarm's last state and since when. */
final class DynamoDbAlarmStates implements AlarmStates {

    private final StateTable table;

    DynamoDbAlarmStates(StateTable table) {
        this.table = table;
    }

    @Override
    public Optional<AlarmState> alarmState(String name) {
        Map<String, AttributeValue> item = table.get("TABLE#" + name, "ALARM");
        return item.isEmpty() ? Optional.empty()
                : Optional.of(new AlarmState(s(item, "state"), Instant.parse(s(item, "since"))));
    }

    @Override
    public void recordAlarmState(String name, AlarmState state) {
        // Keep the newest state: an older delivery arriving late must not overwrite a newer one.
        // Not written when a newer state is already recorded.
        table.putIf(b -> b
                .item(Map.of("pk", av("TABLE#" + name), "sk", av("ALARM"), "state", av(state.state()),
                        "since", av(state.since().toString()), "sinceEpochMillis", n(state.since().toEpochMilli())))
                .conditionExpression("attribute_not_exists(pk) OR sinceEpochMillis <= :since")
                .expressionAttributeValues(Map.of(":since", n(state.since().toEpochMilli()))));
    }
}
