package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.ResourceRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.remediator.core.action.ActionFailedException;
import dev.hpr.testfixtures.LocalAws;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The control that covers what IAM cannot express for Application Auto Scaling (README, "Security", R1): the
 * adapter writes a scaling policy or registers a scalable target only when it read that target in the same
 * invocation, and it reads only the resources it is asked about, which are the protected table's. Another table's
 * target, though IAM would allow it, gets no call at all.
 */
class ScalingPolicyGuardTest {

    private final LocalAws aws = LocalAws.shared();

    @Test
    void writesAnotherTablesTarget_neverReachAws_evenWhenItExists() {
        String protectedTable = "guard-orders-" + System.nanoTime();
        String other = "guard-payments-" + System.nanoTime();
        for (String table : List.of(protectedTable, other)) {
            scaled(table);
        }
        var adapter = new ScalingPolicies(aws.autoScaling());
        ResourceRef orders = ResourceRef.table(protectedTable);
        ResourceRef payments = ResourceRef.table(other);
        assertEquals(1, adapter.describe(List.of(orders)).targets().size());
        aws.resetCalls();

        var refused = assertThrows(ActionFailedException.class,
                () -> adapter.registerCapacity(payments, OperationType.READ, 1, 50_000));
        assertTrue(refused.getMessage().contains("was not read in this invocation"), refused.getMessage());
        assertThrows(ActionFailedException.class, () -> adapter.writeTargetTracking(payments, OperationType.READ,
                other + "-read", new PolicyValues(20, OptionalInt.of(0), OptionalInt.of(3600))));
        assertEquals(0, aws.calls("application-autoscaling:RegisterScalableTarget")
                + aws.calls("application-autoscaling:PutScalingPolicy"), "no call for a target not read");

        adapter.registerCapacity(orders, OperationType.READ, 1, 2000);
        assertEquals(1, aws.calls("application-autoscaling:RegisterScalableTarget"), "the protected one, read: written");
    }

    @Test
    void scheduledActions_areWrittenOnlyOnATargetReadNow_andOnlyUnderOurNames() {
        String protectedTable = "guard-sched-orders-" + System.nanoTime();
        String other = "guard-sched-payments-" + System.nanoTime();
        for (String table : List.of(protectedTable, other)) {
            scaled(table);
        }
        var adapter = new ScalingPolicies(aws.autoScaling());
        ResourceRef orders = ResourceRef.table(protectedTable);
        ResourceRef payments = ResourceRef.table(other);
        adapter.describe(List.of(orders));
        aws.resetCalls();

        var refused = assertThrows(ActionFailedException.class, () -> adapter.putScheduledMinCapacity(payments,
                OperationType.READ, "hpr-forecast-read-daily-0900-raise", "cron(45 8 * * ? *)", 500));
        assertTrue(refused.getMessage().contains("was not read in this invocation"), refused.getMessage());
        var notOurs = assertThrows(ActionFailedException.class, () -> adapter.deleteScheduledAction(orders,
                OperationType.READ, "nightly-import"));
        assertTrue(notOurs.getMessage().contains("not the forecast's own"), notOurs.getMessage());
        assertEquals(0, aws.calls("application-autoscaling:PutScheduledAction")
                + aws.calls("application-autoscaling:DeleteScheduledAction"), "no call reached AWS");

        adapter.putScheduledMinCapacity(orders, OperationType.READ, "hpr-forecast-read-daily-0900-raise",
                "cron(45 8 * * ? *)", 500);
        var scheduled = adapter.scheduledActions(List.of(orders));
        assertEquals(1, scheduled.size());
        assertEquals(OptionalInt.of(500), scheduled.get(0).minCapacity());
        assertEquals(OptionalInt.empty(), scheduled.get(0).maxCapacity(), "MinCapacity only");
        adapter.deleteScheduledAction(orders, OperationType.READ, "hpr-forecast-read-daily-0900-raise");
        assertTrue(adapter.scheduledActions(List.of(orders)).isEmpty());
    }

    private void scaled(String table) {
        aws.dynamoDb().createTable(b -> b.tableName(table)
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PROVISIONED)
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType("S"))
                .provisionedThroughput(t -> t.readCapacityUnits(100L).writeCapacityUnits(100L)));
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + table).scalableDimension("dynamodb:table:ReadCapacityUnits")
                .minCapacity(1).maxCapacity(1000));
        aws.autoScaling().putScalingPolicy(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyName(table + "-read").resourceId("table/" + table)
                .scalableDimension("dynamodb:table:ReadCapacityUnits").policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    }
}
