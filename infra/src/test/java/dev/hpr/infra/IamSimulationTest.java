package dev.hpr.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hpr.infra.IamSimulator.Request;
import dev.hpr.remediator.iam.IamPermission;

/**
 * Listed protection ({@code -c tables=orders,sessions}): the role simulated over {@code orders} and {@code sessions},
 * and the same mutations on tables it does not protect, {@code payments} and {@code orders-archive} (whose name starts
 * with a protected table's). The proofs are {@link ProtectionModeSimulation}'s.
 */
class IamSimulationTest extends ProtectionModeSimulation {

    static final String GSI_RULES_GAP = "R3: DynamoDB names a GSI's rules <table>-<index>, so a protected table's GSI"
            + " rule pattern also matches a table named <table>-<anything>; read-only (top keys); control: the function"
            + " reads only the rules DescribeContributorInsights returns for a protected table";

    @Override
    SynthesizedApp app() {
        return SynthesizedApp.get();
    }

    @Override
    String simulationDir() {
        return "iam-simulation";
    }

    @Override
    Map<String, Object> protectedTableContext() {
        return Map.of();
    }

    @Override
    Set<String> documentedGaps() {
        return Set.of(SCALABLE_TARGETS_GAP, GSI_RULES_GAP);
    }

    @Override
    Set<String> starStatements() {
        return Set.of("NoResourceLevelPermissions");
    }

    @Override
    Set<IamPermission.Scope> scopesNotGranted() {
        return Set.of(IamPermission.Scope.TABLES_BY_TAG);
    }

    @Override
    List<Request> allowedOnProtected(IamPermission p) {
        String a = p.action();
        String label = "declared " + a;
        return switch (p.scope()) {
            case PROTECTED_TABLES -> List.of(
                    Request.allowed(label, a, DDB + "table/orders", Map.of()),
                    Request.allowed(label, a, DDB + "table/sessions", Map.of()));
            case PROTECTED_TABLES_AND_INDEXES -> List.of(
                    Request.allowed(label, a, DDB + "table/orders", Map.of()),
                    Request.allowed(label, a, DDB + "table/orders/index/byCustomer", Map.of()));
            case DYNAMODB_INSIGHT_RULES -> List.of(
                    Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-orders-" + MILLIS,
                            Map.of()),
                    Request.allowed(label, a, CW + "insight-rule/DynamoDBContributorInsights-SKT-orders-byCustomer-"
                            + MILLIS, Map.of()));
            case TARGET_TRACKING_ALARMS -> List.of(
                    Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders-AlarmHigh-" + UUID,
                            VIA_AUTO_SCALING),
                    Request.allowed(label, a, CW + "alarm:TargetTracking-table/orders/index/byCustomer-AlarmLow-"
                            + UUID, VIA_AUTO_SCALING));
            case TABLES_BY_TAG -> List.of();
            default -> throw new IllegalArgumentException("not a scope listed protection resolves by table: " + p);
        };
    }

    @Override
    List<Request> deniedOnUnprotected(IamPermission p) {
        String a = p.action();
        String label = "unprotected " + a;
        var out = new ArrayList<Request>();
        switch (p.scope()) {
            case PROTECTED_TABLES, PROTECTED_TABLES_AND_INDEXES -> {
                for (String table : List.of("payments", "orders-archive", "orders2")) {
                    out.add(Request.denied(label, a, DDB + "table/" + table, Map.of()));
                    out.add(Request.denied(label, a, DDB + "table/" + table + "/index/byCustomer", Map.of()));
                }
            }
            case DYNAMODB_INSIGHT_RULES -> {
                out.add(Request.denied(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-payments-" + MILLIS,
                        Map.of()));
                out.add(Request.denied(label, a, CW + "insight-rule/SomeoneElsesRule", Map.of()));
                out.add(Request.gap(label, a, CW + "insight-rule/DynamoDBContributorInsights-PKT-orders-archive-"
                        + MILLIS, Map.of(), GSI_RULES_GAP));
            }
            case TARGET_TRACKING_ALARMS -> {
                for (String table : List.of("payments", "orders-archive")) {
                    out.add(Request.denied(label, a, CW + "alarm:TargetTracking-table/" + table + "-AlarmHigh-" + UUID,
                            VIA_AUTO_SCALING));
                }
            }
            case TABLES_BY_TAG -> out.add(Request.denied("listed protection lists no table by tag", a, "*", Map.of()));
            default -> throw new IllegalArgumentException("not a scope listed protection resolves by table: " + p);
        }
        return out;
    }
}
