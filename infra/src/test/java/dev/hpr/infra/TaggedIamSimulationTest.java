package dev.hpr.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hpr.infra.IamSimulator.Request;
import dev.hpr.remediator.iam.IamPermission;

/**
 * Tagged protection ({@code -c protection=tagged}): no table is named at deploy time, and the table statements are
 * conditioned on {@code aws:ResourceTag/hot-partition-remediator} (ABAC). The role simulated over tables and GSIs of
 * the account and region tagged {@code apply}, {@code approve} or {@code dry-run} (in any case, as the function reads
 * the tag), whatever their names: allowed; over the same tables untagged, tagged {@code off} or anything else:
 * denied. The simulator takes a resource's tags as the request's {@code aws:ResourceTag/<key>} context keys, and
 * keeps them because DynamoDB's {@code table} and {@code index} resource types support that key (its Service
 * Authorization Reference data); an index is passed its table's tags, as DynamoDB authorizes it ("The indexes
 * associated with a table inherit the tags you add to the table", DynamoDB Developer Guide, "Using attribute-based
 * access control with DynamoDB"). The proofs are {@link ProtectionModeSimulation}'s.
 */
class TaggedIamSimulationTest extends ProtectionModeSimulation {

    static final String TAG_KEY = "aws:ResourceTag/" + FunctionPolicy.PROTECTION_TAG;

    /** Tag values that protect a table: the function's, in any case. */
    static final List<String> PROTECTING = List.of("apply", "approve", "dry-run", "Apply", "DRY-RUN");

    /**
     * Tag values that do not: {@code off}, other words, the empty value, and a protecting value with a space around
     * it (IAM compares the whole value; the function, which trims, then meets AccessDenied and refuses the table).
     */
    static final List<String> NOT_PROTECTING = List.of("off", "OFF", "yes", "true", "", "applied", " apply");

    static final String INSIGHT_RULES_GAP = "T1: DynamoDB creates its Contributor Insights rules without the table's"
            + " tags and tagged protection names no table at deploy time, so GetInsightRuleReport is allowed on every"
            + " DynamoDBContributorInsights-* rule of the region; read-only (any table's top keys); control: the"
            + " function reads only the rules DescribeContributorInsights, tag-scoped, returned for a tagged table";
    static final String TARGET_TRACKING_ALARMS_GAP = "T2: the alarms target tracking creates carry no tags and tagged"
            + " protection names no table, so PutMetricAlarm/DeleteAlarms are allowed on every TargetTracking-table/*"
            + " alarm, only through Application Auto Scaling (aws:CalledViaLast), i.e. within a scaling-policy call on"
            + " a DynamoDB scalable target (R1); control: as R1 (ScalingPolicyGuardTest)";

    @Override
    SynthesizedApp app() {
        return SynthesizedApp.tagged();
    }

    @Override
    String simulationDir() {
        return "iam-simulation-tagged";
    }

    @Override
    Map<String, Object> protectedTableContext() {
        return tagged("apply");
    }

    @Override
    Set<String> documentedGaps() {
        return Set.of(SCALABLE_TARGETS_GAP, INSIGHT_RULES_GAP, TARGET_TRACKING_ALARMS_GAP);
    }

    @Override
    Set<String> starStatements() {
        return Set.of("NoResourceLevelPermissions", "TablesByTag");
    }

    @Override
    Set<IamPermission.Scope> scopesNotGranted() {
        return Set.of();
    }

    @Override
    List<Request> allowedOnProtected(IamPermission p) {
        String a = p.action();
        String label = "declared " + a;
        var out = new ArrayList<Request>();
        switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES -> {
                for (String value : PROTECTING) {
                    out.add(Request.allowed(label + " (tagged " + value + ")", a, DDB + "table/orders", tagged(value)));
                }
                out.add(Request.allowed(label + " (any name)", a, DDB + "table/team-b.Events_2026", tagged("dry-run")));
                if (p.scope() == IamPermission.Scope.PROTECTED_TABLES_AND_INDEXES) {
                    for (String value : PROTECTING) {
                        out.add(Request.allowed(label + " (a GSI, its table tagged " + value + ")", a,
                                DDB + "table/orders/index/byCustomer", tagged(value)));
                    }
                }
            }
            case DYNAMODB_INSIGHT_RULES -> {
                out.add(Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-orders-" + MILLIS,
                        Map.of()));
                out.add(Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-SKT-orders-byCustomer-"
                        + MILLIS, Map.of()));
            }
            case TARGET_TRACKING_ALARMS -> {
                out.add(Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders-AlarmHigh-" + UUID,
                        VIA_AUTO_SCALING));
                out.add(Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders/index/byCustomer-AlarmLow-"
                        + UUID, VIA_AUTO_SCALING));
            }
            case TABLES_BY_TAG -> out.add(Request.allowed(label, a, "*", Map.of()));
            default -> throw new IllegalArgumentException("not a scope tagged protection resolves by tag: " + p);
        }
        return out;
    }

    @Override
    List<Request> deniedOnUnprotected(IamPermission p) {
        String a = p.action();
        String label = "unprotected " + a;
        var out = new ArrayList<Request>();
        switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES -> {
                var resources = new ArrayList<>(List.of(DDB + "table/orders", DDB + "table/payments"));
                if (p.scope() == IamPermission.Scope.PROTECTED_TABLES_AND_INDEXES) {
                    resources.add(DDB + "table/orders/index/byCustomer");
                }
                for (String resource : resources) {
                    out.add(Request.denied(label + " (untagged)", a, resource, Map.of()));
                    out.add(Request.denied(label + " (another tag only)", a, resource,
                            Map.of("aws:ResourceTag/team", "payments")));
                    for (String value : NOT_PROTECTING) {
                        out.add(Request.denied(label + " (tagged '" + value + "')", a, resource, tagged(value)));
                    }
                }
            }
            case DYNAMODB_INSIGHT_RULES -> {
                out.add(Request.denied(label, a, CW + "insight-rule/SomeoneElsesRule", Map.of()));
                out.add(Request.gap(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-payments-" + MILLIS,
                        Map.of(), INSIGHT_RULES_GAP));
            }
            case TARGET_TRACKING_ALARMS -> out.add(Request.gap(label, a, CW + "alarm:TargetTracking-table/payments"
                    + "-AlarmHigh-" + UUID, VIA_AUTO_SCALING, TARGET_TRACKING_ALARMS_GAP));
            case TABLES_BY_TAG -> { } // no resource types: nothing else to deny it on
            default -> throw new IllegalArgumentException("not a scope tagged protection resolves by tag: " + p);
        }
        return out;
    }

    private static Map<String, Object> tagged(String value) {
        return Map.of(TAG_KEY, value);
    }
}
