package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MetricKey and ResourceRef write equals and hashCode out (a cold-start saving): they follow every component. */
class MetricKeyTest {

    private static final ResourceRef GSI = ResourceRef.index("orders", "byCustomer");
    private static final MetricKey KEY = new MetricKey(GSI, OperationType.READ, MetricKind.THROTTLE_EVENTS);

    @Test
    void equalComponents_makeEqualKeys_withEqualHashes() {
        var same = new MetricKey(ResourceRef.index("orders", "byCustomer"), OperationType.READ,
                MetricKind.THROTTLE_EVENTS);

        assertEquals(KEY, same);
        assertEquals(KEY.hashCode(), same.hashCode());
        assertEquals(ResourceRef.table("orders"), ResourceRef.table("orders"));
        assertEquals(ResourceRef.table("orders").hashCode(), ResourceRef.table("orders").hashCode());
    }

    @Test
    void anyDifferentComponent_makesADifferentKey() {
        List<MetricKey> others = List.of(
                new MetricKey(ResourceRef.table("orders"), OperationType.READ, MetricKind.THROTTLE_EVENTS),
                new MetricKey(ResourceRef.index("orders", "byDate"), OperationType.READ, MetricKind.THROTTLE_EVENTS),
                new MetricKey(ResourceRef.index("payments", "byCustomer"), OperationType.READ,
                        MetricKind.THROTTLE_EVENTS),
                new MetricKey(GSI, OperationType.WRITE, MetricKind.THROTTLE_EVENTS),
                new MetricKey(GSI, OperationType.READ, MetricKind.CONSUMED_CAPACITY));

        others.forEach(other -> assertNotEquals(KEY, other, other.toString()));
        assertNotEquals(KEY, null);
        assertNotEquals(KEY, KEY.resource());
    }

    @Test
    void everyComponent_isInEqualsAndHashCode() {
        String why = "a new component must join equals and hashCode";
        assertEquals(3, MetricKey.class.getRecordComponents().length, why);
        assertEquals(2, ResourceRef.class.getRecordComponents().length, why);
    }
}
