package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

class ThrottleCauseTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";

    private static ThrottlingReason reason(String text) {
        return ThrottlingReason.builder().reason(text).resource(TABLE).build();
    }

    @Test
    void parsesEveryReasonShape() {
        var keyRange = ThrottleCause.Reason.parse("IndexWriteKeyRangeThroughputExceeded", TABLE + "/index/g");
        assertEquals(ThrottleCause.Limit.KEY_RANGE, keyRange.limit());
        assertTrue(keyRange.index());
        assertTrue(keyRange.write());
        assertEquals(TABLE + "/index/g", keyRange.resource());
        var provisioned = ThrottleCause.Reason.parse("TableReadProvisionedThroughputExceeded", TABLE);
        assertEquals(ThrottleCause.Limit.PROVISIONED, provisioned.limit());
        assertFalse(provisioned.index());
        assertFalse(provisioned.write());
        assertEquals(ThrottleCause.Limit.ACCOUNT,
                ThrottleCause.Reason.parse("TableWriteAccountLimitExceeded", TABLE).limit());
        assertEquals(ThrottleCause.Limit.MAX_ON_DEMAND,
                ThrottleCause.Reason.parse("TableWriteMaxOnDemandThroughputExceeded", TABLE).limit());
        assertEquals(ThrottleCause.Limit.UNKNOWN, ThrottleCause.Reason.parse("SomethingNew", TABLE).limit());
        assertEquals(ThrottleCause.Limit.UNKNOWN, ThrottleCause.Reason.parse(null, TABLE).limit());
    }

    @Test
    void readsTheReasonsOfEachThrottlingException() {
        var provisioned = ProvisionedThroughputExceededException.builder()
                .throttlingReasons(reason("TableWriteKeyRangeThroughputExceeded")).build();
        var throttling = ThrottlingException.builder()
                .throttlingReasons(reason("TableWriteMaxOnDemandThroughputExceeded")).build();
        var limit = RequestLimitExceededException.builder()
                .throttlingReasons(reason("TableWriteAccountLimitExceeded")).build();

        assertTrue(ThrottleCause.of(provisioned).orElseThrow().keyRangeOnly());
        assertEquals(ThrottleCause.Limit.MAX_ON_DEMAND, ThrottleCause.of(throttling).orElseThrow().reasons().get(0).limit());
        assertFalse(ThrottleCause.of(limit).orElseThrow().keyRangeOnly());
    }

    @Test
    void keyRangeOnly_needsEveryReasonToBeAKeyRange() {
        var both = ProvisionedThroughputExceededException.builder().throttlingReasons(
                reason("TableWriteKeyRangeThroughputExceeded"), reason("TableWriteProvisionedThroughputExceeded")).build();
        var none = ProvisionedThroughputExceededException.builder().throttlingReasons(List.of()).build();

        assertFalse(ThrottleCause.of(both).orElseThrow().keyRangeOnly());
        assertFalse(ThrottleCause.of(none).orElseThrow().keyRangeOnly(), "no reason named: assume table-wide");
    }

    @Test
    void otherErrors_areNotThrottling() {
        assertTrue(ThrottleCause.of(ConditionalCheckFailedException.builder().message("no").build()).isEmpty());
        assertTrue(ThrottleCause.of(new IllegalStateException()).isEmpty());
    }
}
