package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.state.Deliveries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.state.Deliveries.Delivery;
import dev.hpr.testfixtures.LocalAws;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The alarm deliveries' contract, against the local AWS: a delivery is unknown until its finding is kept (pending,
 * with the message to resend after a failed publish), then published, when the message is dropped and the subject and
 * finding stay; and a write AWS fails is an {@link AwsCallFailed}.
 */
class DynamoDbDeliveriesContractTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:01:12.345Z");
    private static final String KEY = "orders-throttling|orders|ALARM|2026-11-23T03:01:12.345+0000";

    private final LocalAws aws = LocalAws.shared();
    private final Deliveries deliveries = LocalStateTable.create(aws, "deliveries-contract").store().deliveries();

    @AfterEach
    void clearFaults() {
        aws.clearFaults();
    }

    @Test
    void aDeliveryNeverAnswered_isUnknown() {
        assertEquals(Optional.empty(), deliveries.delivery(KEY));
    }

    @Test
    void pending_keepsTheFindingToResend() {
        deliveries.deliveryPending(KEY, "orders: hot key", "{\"finding\":1}", "finding-1", T0);

        assertEquals(Optional.of(new Delivery(KEY, false, "orders: hot key", "{\"finding\":1}", "finding-1")),
                deliveries.delivery(KEY));
    }

    @Test
    void published_dropsTheMessage_andKeepsTheSubjectAndFinding() {
        deliveries.deliveryPending(KEY, "orders: hot key", "{\"finding\":1}", "finding-1", T0);

        deliveries.deliveryPublished(KEY, T0.plusSeconds(1));

        Delivery published = deliveries.delivery(KEY).orElseThrow();
        assertEquals(new Delivery(KEY, true, "orders: hot key", null, "finding-1"), published);
        assertNull(published.message());
    }

    @Test
    void deliveriesAreKeyedApart() {
        deliveries.deliveryPending(KEY, "orders: hot key", "{\"finding\":1}", "finding-1", T0);
        String okKey = KEY.replace("|ALARM|", "|OK|");

        deliveries.deliveryPending(okKey, "orders: calm", "{\"finding\":2}", "finding-2", T0.plusSeconds(900));
        deliveries.deliveryPublished(okKey, T0.plusSeconds(901));

        assertFalse(deliveries.delivery(KEY).orElseThrow().published());
        assertTrue(deliveries.delivery(okKey).orElseThrow().published());
    }

    @Test
    void aPendingWriteAwsFails_surfacesAsAwsCallFailed_andKeepsNothing() {
        aws.failNext("dynamodb:PutItem", 1, 500, "InternalServerError", "boom", LocalAws.literal("\"EVENT#"));

        var failed = assertThrows(AwsCallFailed.class,
                () -> deliveries.deliveryPending(KEY, "orders: hot key", "{}", "finding-1", T0));

        assertEquals("dynamodb:PutItem", failed.operation());
        assertEquals(Optional.empty(), deliveries.delivery(KEY));
    }

    @Test
    void aPublishedWriteAwsFails_surfacesAsAwsCallFailed_andTheDeliveryStaysPending() {
        deliveries.deliveryPending(KEY, "orders: hot key", "{\"finding\":1}", "finding-1", T0);
        aws.failNext("dynamodb:UpdateItem", 1, 500, "InternalServerError", "boom");

        var failed = assertThrows(AwsCallFailed.class, () -> deliveries.deliveryPublished(KEY, T0.plusSeconds(1)));

        assertEquals("dynamodb:UpdateItem", failed.operation());
        assertEquals(Optional.of(new Delivery(KEY, false, "orders: hot key", "{\"finding\":1}", "finding-1")),
                deliveries.delivery(KEY), "still pending, its message kept to resend");
    }
}
