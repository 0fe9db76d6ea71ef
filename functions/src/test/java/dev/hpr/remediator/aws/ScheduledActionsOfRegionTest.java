package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * {@link ScalingPolicies#tablesWithScheduledActions}: the forecast's one look at the region's scheduled actions
 * (DescribeScheduledActions without ResourceId, 50 a page), against the local AWS, which pages as AWS does. Its own
 * local AWS: the count of pages depends on every action of the region.
 */
class ScheduledActionsOfRegionTest {

    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static void put(String resourceId, String dimension, String name) {
        aws.autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId).scalableDimension(dimension).minCapacity(5).maxCapacity(100));
        aws.autoScaling().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resourceId).scalableDimension(dimension).scheduledActionName(name)
                .schedule("cron(45 8 * * ? *)").scalableTargetAction(t -> t.minCapacity(50)));
    }

    @Test
    void tablesWithOurScheduledActions_followsEveryPage_namesTheTableOfAGsi_andIgnoresOthersActions() {
        // given 26 tables with our raise and restore (52 actions), one with only someone else's action, and one
        // with ours on its GSI only: 54 actions, two pages of 50
        var expected = new TreeSet<String>();
        for (int i = 0; i < 26; i++) {
            String table = String.format("sched-%02d", i);
            TableIncident.provisioned(aws, table, 5, 5, 0);
            put("table/" + table, "dynamodb:table:WriteCapacityUnits", "hpr-forecast-write-daily-0900-raise");
            put("table/" + table, "dynamodb:table:WriteCapacityUnits", "hpr-forecast-write-daily-0900-restore");
            expected.add(table);
        }
        TableIncident.provisioned(aws, "sched-others", 5, 5, 0);
        put("table/sched-others", "dynamodb:table:WriteCapacityUnits", "nightly-import");
        TableIncident gsi = TableIncident.provisioned(aws, "sched-gsi", 5, 5, 1);
        put("table/sched-gsi/index/" + gsi.gsis().get(0), "dynamodb:index:ReadCapacityUnits",
                "hpr-forecast-read-daily-0900-raise");
        expected.add("sched-gsi");
        aws.resetCalls();

        // when
        Set<String> tables = new ScalingPolicies(aws.autoScaling())
                .tablesWithScheduledActions(ScheduledMinCapacity::isOurs);

        // then
        assertEquals(expected, tables);
        assertEquals(2L, aws.calls("application-autoscaling:DescribeScheduledActions"), "54 actions, 50 a page");
    }
}
