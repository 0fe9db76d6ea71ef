package dev.hpr.remediator.perf;

import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.testfixtures.LocalAws;
import dev.hpr.testfixtures.TableIncident;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DescribeScalingPolicies takes one ResourceId (or none: the whole DynamoDB namespace) and pages every 10 policies.
 * Reading a table's policies must not cost a call per 10 policies of every table in the account: against a private
 * local AWS whose account grows from 3 to 43 policies, the reads stay within 1 + the table's scaled resources.
 */
class ScalingPolicyReadsTest {

    private static LocalAws aws;

    @BeforeAll
    static void privateLocalAws() {
        aws = LocalAws.start(); // its own account: the count of policies in it is part of the test
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void policyReads_doNotGrowWithTheAccount() {
        // given a table whose table and two GSIs scale reads, alone in the account
        var table = TableIncident.provisioned(aws, "scaled", 1000, 200, 2)
                .autoScaling(null, "Read", 100, 4000, 70)
                .autoScaling("gsi0", "Read", 100, 1000, 70)
                .autoScaling("gsi1", "Read", 100, 1000, 70);
        List<ResourceRef> resources = List.of(ResourceRef.table("scaled"), ResourceRef.index("scaled", "gsi0"),
                ResourceRef.index("scaled", "gsi1"));

        // when its auto scaling is read, then one namespace-wide page holds the account's 3 policies
        assertPolicyReads(resources, 3, 1);

        // given 40 more policies of other tables in the account (5 namespace-wide pages)
        for (int i = 0; i < 20; i++) {
            TableIncident.provisioned(aws, "other-" + i, 100, 100, 0)
                    .autoScaling(null, "Read", 5, 100, 70)
                    .autoScaling(null, "Write", 5, 100, 70);
        }

        // then the table's 3 scaled resources are read by ResourceId: 1 + 3 calls, not 5 pages
        assertPolicyReads(resources, 3, 1 + 3);
        // and a table with one scaled resource costs one call, whatever the account holds
        assertPolicyReads(List.of(ResourceRef.table("other-7")), 2, 1);
    }

    private static void assertPolicyReads(List<ResourceRef> resources, int policies, long calls) {
        aws.resetCalls();
        ScalingState state = new ScalingPolicies(aws.autoScaling()).describe(resources);
        assertEquals(policies, state.policies().size(), state.toString());
        assertEquals(1, aws.calls("application-autoscaling:DescribeScalableTargets"));
        assertEquals(calls, aws.calls("application-autoscaling:DescribeScalingPolicies"), aws.calls().toString());
    }
}
