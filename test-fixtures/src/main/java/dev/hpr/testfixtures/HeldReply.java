package dev.hpr.testfixtures;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One answer the local AWS is holding ({@link LocalAws#holdReply}): the call was applied, its reply not yet sent.
 *
 * @param id        unique within the local AWS process
 * @param operation the call key, e.g. {@code application-autoscaling:PutScalingPolicy}
 * @param fault     the operation the hold fault named ({@code PutItem} or {@code dynamodb:PutItem})
 * @param match     the fault's body pattern, or null
 * @param matched   what the pattern found in the body (at most 200 characters), or null without a pattern
 * @param status    the HTTP status of the answer being held (what AWS answered: 200 when it applied the call)
 * @param since     when the hold began
 */
public record HeldReply(long id, String operation, String fault, String match, String matched, int status,
                        Instant since) {

    /** True when this is a reply to {@code operation}: a call key ({@code dynamodb:PutItem}) or a bare operation. */
    public boolean isFor(String operation) {
        return this.operation.equals(operation) || this.operation.endsWith(":" + operation);
    }

    static HeldReply fromControl(JsonNode n) {
        return new HeldReply(n.path("id").asLong(), n.path("operation").asText(), n.path("fault").asText(),
                textOrNull(n.path("match")), textOrNull(n.path("matched")), n.path("status").asInt(),
                Instant.ofEpochMilli(Math.round(n.path("since").asDouble() * 1000)));
    }

    private static String textOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
