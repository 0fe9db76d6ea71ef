package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.MaxCapacityChange;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import dev.hpr.remediator.core.action.WarmThroughputChange;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The state table's JSON for actions: what earlier versions stored (with Jackson's {@code ObjectMapper}, its
 * {@code Jdk8Module} and {@code @JsonTypeInfo(property = "kind")} on {@code Action}: the texts below are its output
 * for {@link #ACTIONS}) reads back equal, and what is written now is that, less the resource's derived {@code index}.
 */
class ActionJsonTest {

    private static final ResourceRef ORDERS = ResourceRef.table("orders");
    private static final ResourceRef BY_CUSTOMER = ResourceRef.index("orders", "byCustomer");

    private static final List<Action> ACTIONS = List.of(
            ContributorInsightsChange.enable(BY_CUSTOMER, "THROTTLED_KEYS", "DISABLED"),
            new ContributorInsightsChange(ORDERS, "THROTTLED_KEYS", "ENABLED (THROTTLED_KEYS)", false,
                    Optional.of("CHANGE#1")),
            TargetTrackingChange.retune(ORDERS, OperationType.READ, "orders-read",
                    new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60)),
                    new PolicyValues(60.5, OptionalInt.empty(), OptionalInt.of(300))),
            new MaxCapacityChange(BY_CUSTOMER, OperationType.WRITE, 5, 2000, 1000, Optional.of("CHANGE#3")),
            MaxCapacityChange.raiseByApproval(ORDERS, OperationType.READ, 5, 40_000, 80_000),
            OnDemandMaximumChange.raise(ORDERS, OperationType.WRITE, 500, 1000));

    /** What the ObjectMapper of earlier versions wrote for {@link #ACTIONS}, one by one. */
    private static final List<String> STORED_BEFORE = List.of(
            "{\"kind\":\"ContributorInsightsChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":\"byCustomer\",\"index\":true},\"mode\":\"THROTTLED_KEYS\",\"statusBefore\":\"DISABLED\",\"enable\":true,\"restores\":null}",
            "{\"kind\":\"ContributorInsightsChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":null,\"index\":false},\"mode\":\"THROTTLED_KEYS\",\"statusBefore\":\"ENABLED (THROTTLED_KEYS)\",\"enable\":false,\"restores\":\"CHANGE#1\"}",
            "{\"kind\":\"TargetTrackingChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":null,\"index\":false},\"operation\":\"READ\",\"policyName\":\"orders-read\",\"valuesBefore\":{\"targetValue\":70.0,\"scaleOutCooldown\":300,\"scaleInCooldown\":60},\"valuesAfter\":{\"targetValue\":60.5,\"scaleOutCooldown\":null,\"scaleInCooldown\":300},\"restores\":null}",
            "{\"kind\":\"MaxCapacityChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":\"byCustomer\",\"index\":true},\"operation\":\"WRITE\",\"minCapacity\":5,\"maxCapacityBefore\":2000,\"maxCapacityAfter\":1000,\"restores\":\"CHANGE#3\",\"byApproval\":false}",
            "{\"kind\":\"MaxCapacityChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":null,\"index\":false},\"operation\":\"READ\",\"minCapacity\":5,\"maxCapacityBefore\":40000,\"maxCapacityAfter\":80000,\"restores\":null,\"byApproval\":true}",
            "{\"kind\":\"OnDemandMaximumChange\",\"resource\":{\"tableName\":\"orders\",\"indexName\":null,\"index\":false},\"operation\":\"WRITE\",\"maximumBefore\":500,\"maximumAfter\":1000,\"restores\":null}");

    @Test
    void aWarmThroughputRaiseStoredBefore_withBothOperations_readsBack_andConcernsOnlyItsOwnOperation() {
        // given a write raise as the version that compared and sent both operations stored it
        String stored = "{\"kind\":\"WarmThroughputChange\",\"resource\":{\"tableName\":\"orders\","
                + "\"indexName\":null},\"operation\":\"WRITE\",\"readBefore\":12000,\"writeBefore\":4000,"
                + "\"readAfter\":12000,\"writeAfter\":6600,\"restores\":null}";
        // when read back
        Action action = ActionJson.read(stored);
        // then it is the same raise as made now, and what it writes reads back equal
        assertEquals(WarmThroughputChange.raise(new WarmThroughputLevel(ORDERS, 12_000, 4_000), OperationType.WRITE,
                6_600), action);
        assertEquals(action, ActionJson.read(ActionJson.write(action)));
        assertEquals("WarmThroughput 4000 write units/s", action.before());
        assertEquals("WarmThroughput 6600 write units/s", action.after());
    }

    @Test
    void whatEarlierVersionsStored_readsBackEqual() {
        for (int i = 0; i < ACTIONS.size(); i++) {
            assertEquals(ACTIONS.get(i), ActionJson.read(STORED_BEFORE.get(i)), STORED_BEFORE.get(i));
        }
        assertEquals(ACTIONS, ActionJson.readActions("[" + String.join(",", STORED_BEFORE) + "]"));
    }

    @Test
    void whatIsWrittenNow_isWhatWasStored_lessTheDerivedIndex() {
        for (int i = 0; i < ACTIONS.size(); i++) {
            assertEquals(STORED_BEFORE.get(i).replaceAll(",\"index\":(true|false)", ""), ActionJson.write(ACTIONS.get(i)));
        }
        assertEquals("[" + ActionJson.write(ACTIONS.get(0)) + "," + ActionJson.write(ACTIONS.get(5)) + "]",
                ActionJson.writeActions(List.of(ACTIONS.get(0), ACTIONS.get(5))));
    }

    @Test
    void aMaxCapacityChangeStoredBeforeApprovals_readsAsNotByApproval_andUnknownPropertiesAreIgnored() {
        String old = "{\"kind\":\"MaxCapacityChange\",\"resource\":{\"tableName\":\"orders\"},\"operation\":\"READ\","
                + "\"minCapacity\":5,\"maxCapacityBefore\":100,\"maxCapacityAfter\":200,\"later\":[1,{\"a\":2}]}";
        assertEquals(MaxCapacityChange.raise(ORDERS, OperationType.READ, 5, 100, 200), ActionJson.read(old));
    }

    @Test
    void statePrimingActions_coverEveryKindOfAction_andReadBackEqual() {
        List<Action> primed = StateTable.primingActions();
        Set<Class<?>> kinds = primed.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(Action.class.getPermittedSubclasses()), kinds);
        assertEquals(primed, ActionJson.readActions(ActionJson.writeActions(primed)));
    }

    @Test
    void unreadableJson_isRefused_namingWhatAndTheText() {
        assertRefused("{\"kind\":\"ScaleToZero\",\"resource\":{\"tableName\":\"orders\"}}", "no kind of action named 'ScaleToZero'");
        assertRefused("{\"resource\":{\"tableName\":\"orders\"}}", "no kind of action named ''");
        assertRefused("{\"kind\":\"OnDemandMaximumChange\",\"resource\":{\"tableName\":\"orders\"},\"operation\":\"WRITE\","
                + "\"maximumAfter\":1000}", "OnDemandMaximumChange.maximumBefore is missing");
        assertRefused("{\"kind\":\"OnDemandMaximumChange\",\"resource\":{\"tableName\":\"orders\"},\"operation\":\"SCAN\","
                + "\"maximumBefore\":500,\"maximumAfter\":1000}", "OnDemandMaximumChange.operation must be one of the names of OperationType");
        assertRefused("{\"kind\":\"OnDemandMaximumChange\",\"resource\":{\"tableName\":\"orders\"},\"operation\":\"WRITE\","
                + "\"maximumBefore\":\"500\",\"maximumAfter\":1000}", "OnDemandMaximumChange.maximumBefore must be a long");
        assertRefused("{\"kind\":\"OnDemandMaximumChange\",\"resource\":{\"tableName\":\"orders\"},\"operation\":\"WRITE\","
                + "\"maximumBefore\":1000,\"maximumAfter\":500}", "OnDemandMaximumChange refused");
        assertRefused("{\"kind\":", "not JSON");
        assertRefused("", "empty");
        assertThrows(IllegalArgumentException.class, () -> ActionJson.readActions("{}"));
    }

    private static void assertRefused(String json, String reason) {
        var e = assertThrows(IllegalArgumentException.class, () -> ActionJson.read(json));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().endsWith(": " + json), e.getMessage());
    }
}
