package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.LimitExceededException;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScheduledActionRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

/** Application Auto Scaling scheduled actions through the SDK: AWS's checks, update by name, quota, paging. */
class ScheduledActionsTest {
    private static final ScalableDimension WRITE = ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS;

    private final LocalAws aws = LocalAws.shared();
    private final ApplicationAutoScalingClient aas = aws.autoScaling();

    @Test
    void putThenPutOfOneName_updatesIt_andDescribeShowsWhatWasSent() {
        String table = registered("sched-update");
        aas.putScheduledAction(put(table, "hpr-forecast-raise", "cron(40 8 ? * MON-FRI *)", 720, null));
        aas.putScheduledAction(put(table, "hpr-forecast-raise", "cron(50 8 ? * MON-FRI *)", 800, 40000)
                .toBuilder().timezone("Europe/Zurich").build());
        List<ScheduledAction> actions = describe(table);
        assertEquals(1, actions.size());
        ScheduledAction a = actions.get(0);
        assertEquals("cron(50 8 ? * MON-FRI *)", a.schedule());
        assertEquals(800, a.scalableTargetAction().minCapacity());
        assertEquals(40000, a.scalableTargetAction().maxCapacity());
        assertEquals("Europe/Zurich", a.timezone());
        assertEquals(WRITE, a.scalableDimension());
    }

    @Test
    void whatAwsRejects_isRejected() {
        String table = registered("sched-invalid");
        for (Consumer<PutScheduledActionRequest.Builder> bad : List.<Consumer<PutScheduledActionRequest.Builder>>of(
                b -> b.scheduledActionName("a/b"),
                b -> b.scheduledActionName(" leading"),
                b -> b.scheduledActionName("x".repeat(257)),
                b -> b.schedule("cron(40 8 * * ?)"),            // five fields
                b -> b.schedule("cron(61 8 * * ? *)"),
                b -> b.schedule("rate(0 minutes)"),
                b -> b.schedule("at(2026-02-30T08:00:00)"),
                b -> b.schedule("daily at 8"),
                b -> b.timezone("Mars/Olympus"),
                b -> b.scalableTargetAction(t -> t.minCapacity(10).maxCapacity(5)),
                b -> b.startTime(Instant.parse("2027-01-02T00:00:00Z")).endTime(Instant.parse("2027-01-01T00:00:00Z")),
                b -> b.resourceId(table + "/index/g1"),          // an index with a table dimension
                b -> b.schedule(null))) {
            PutScheduledActionRequest.Builder b = put(table, "hpr-bad", "rate(1 day)", 5, null).toBuilder();
            bad.accept(b);
            PutScheduledActionRequest req = b.build();
            assertThrows(ValidationException.class, () -> aas.putScheduledAction(req), req.toString());
        }
        assertTrue(describe(table).isEmpty());
        aas.putScheduledAction(put(table, "hpr-ok", "at(2026-12-24T08:40:00)", 5, null));
        aas.putScheduledAction(put(table, "hpr-ok2", "rate(6 hours)", 5, null));
        assertEquals(2, describe(table).size());
    }

    @Test
    void unknownTargetOrAction_isObjectNotFound() {
        String unregistered = "table/" + Tables.unique("sched-none");
        assertThrows(ObjectNotFoundException.class,
                () -> aas.putScheduledAction(put(unregistered, "hpr-x", "rate(1 day)", 5, null)));
        String table = registered("sched-delete");
        assertThrows(ObjectNotFoundException.class, () -> aas.deleteScheduledAction(r -> r
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(table).scalableDimension(WRITE)
                .scheduledActionName("never-put")));
        aas.putScheduledAction(put(table, "hpr-restore", "cron(45 9 * * ? *)", 5, null));
        aas.deleteScheduledAction(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(table)
                .scalableDimension(WRITE).scheduledActionName("hpr-restore"));
        assertTrue(describe(table).isEmpty());
    }

    @Test
    void twoHundredPerTarget_theNextNewNameIsLimitExceeded_andDescribePagesBy50() {
        String table = registered("sched-quota");
        for (int i = 0; i < 200; i++) {
            aas.putScheduledAction(put(table, "a" + i, "cron(" + (i % 60) + " " + (i % 24) + " * * ? *)", 5, null));
        }
        assertThrows(LimitExceededException.class,
                () -> aas.putScheduledAction(put(table, "a200", "rate(1 day)", 5, null)));
        aas.putScheduledAction(put(table, "a7", "rate(2 days)", 6, null)); // updating one is not a new one
        var first = aas.describeScheduledActions(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(table).scalableDimension(WRITE));
        assertEquals(50, first.scheduledActions().size());
        assertTrue(first.nextToken() != null);
        List<ScheduledAction> all = describe(table);
        assertEquals(200, all.size());
        assertEquals(200, all.stream().map(ScheduledAction::scheduledActionName).collect(Collectors.toSet()).size());
        // deregistering the target deletes its scheduled actions (AWS: "Any scheduled actions … are deleted")
        aas.deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(table)
                .scalableDimension(WRITE));
        assertTrue(describe(table).isEmpty());
    }

    private String registered(String prefix) {
        String id = "table/" + Tables.unique(prefix);
        aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(id)
                .scalableDimension(WRITE).minCapacity(5).maxCapacity(40000));
        return id;
    }

    private static PutScheduledActionRequest put(String resourceId, String name, String schedule, Integer min, Integer max) {
        return PutScheduledActionRequest.builder().serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
                .scalableDimension(WRITE).scheduledActionName(name).schedule(schedule)
                .scalableTargetAction(t -> t.minCapacity(min).maxCapacity(max)).build();
    }

    private List<ScheduledAction> describe(String resourceId) {
        return aas.describeScheduledActionsPaginator(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId).scalableDimension(WRITE)).scheduledActions().stream().toList();
    }
}
