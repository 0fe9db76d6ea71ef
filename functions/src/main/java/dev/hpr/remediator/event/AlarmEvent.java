package dev.hpr.remediator.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudWatch alarm state change for a DynamoDB table, whichever of the three shapes AWS delivered it in
 * (the alarm's direct Lambda action, EventBridge "CloudWatch Alarm State Change", or SNS-wrapped).
 *
 * @param shape          how the event arrived
 * @param alarmName      the alarm's name
 * @param alarmArn       the alarm's ARN, when the shape carries it
 * @param state          the new state: ALARM, OK or INSUFFICIENT_DATA
 * @param previousState  the previous state, when the shape carries it
 * @param reason         the state reason text, when given
 * @param stateChangedAt when the alarm entered {@code state}: part of {@link #dedupeKey()}
 * @param region         the region code (us-east-1), when the shape carries it (SNS carries a display name; it is mapped)
 * @param tableName      the DynamoDB table, from the metric's dimensions or a Metrics Insights WHERE clause
 * @param indexName      the GSI, when the alarm's metric has a GlobalSecondaryIndexName dimension
 */
public record AlarmEvent(
        Shape shape,
        String alarmName,
        Optional<String> alarmArn,
        String state,
        Optional<String> previousState,
        Optional<String> reason,
        Instant stateChangedAt,
        Optional<String> region,
        String tableName,
        Optional<String> indexName) {

    public enum Shape { ALARM_LAMBDA_ACTION, EVENTBRIDGE, SNS }

    public AlarmEvent {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(alarmArn, "alarmArn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(indexName, "indexName");
    }

    public boolean isAlarm() {
        return "ALARM".equals(state);
    }

    /**
     * Identifies one state change, so that a redelivery (async Lambda retries, SNS, EventBridge) can be dropped.
     * It names the table because the contributors of a multi-time-series alarm (one per table) change state at the
     * same instant under the same alarm name.
     */
    public String dedupeKey() {
        return alarmName + "|" + tableName + indexName.map(index -> "/" + index).orElse("") + "|" + state + "|"
                + stateChangedAt;
    }
}
