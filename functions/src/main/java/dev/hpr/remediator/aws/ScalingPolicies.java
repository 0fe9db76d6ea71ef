package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.Action;
import dev.hpr.remediator.core.OperationType;
import dev.hpr.remediator.core.ResourceRef;
import dev.hpr.remediator.core.ScalingState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Application Auto Scaling targets and target-tracking policies of a table and its GSIs: read in one
 * DescribeScalableTargets call (by resource IDs) and, for the resources that have targets, DescribeScalingPolicies
 * (that API takes a single ResourceId: one namespace-wide page when that holds them all, else one call per scaled
 * resource, never a call per 10 policies of the account), then written back with only the retuned fields changed.
 * An instance remembers the policies it read, so it serves one invocation.
 */
public final class ScalingPolicies {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("application-autoscaling:DescribeScalableTargets", IamPermission.Scope.ANY_RESOURCE),
            new IamPermission("application-autoscaling:DescribeScalingPolicies", IamPermission.Scope.ANY_RESOURCE),
            new IamPermission("application-autoscaling:PutScalingPolicy", IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS),
            new IamPermission("application-autoscaling:RegisterScalableTarget", IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS),
            // Never called by the function: Application Auto Scaling's permission validation checks that the caller
            // of RegisterScalableTarget/PutScalingPolicy on a DynamoDB target could call it.
            IamPermission.onProtectedTables("dynamodb:UpdateTable"),
            // Updating a target-tracking policy replaces its CloudWatch alarms with the caller's permissions.
            new IamPermission("cloudwatch:DescribeAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS),
            new IamPermission("cloudwatch:PutMetricAlarm", IamPermission.Scope.TARGET_TRACKING_ALARMS),
            new IamPermission("cloudwatch:DeleteAlarms", IamPermission.Scope.TARGET_TRACKING_ALARMS));

    /** DescribeScalableTargets takes at most 50 resource IDs per request. */
    static final int MAX_RESOURCE_IDS = 50;
    /** DescribeScalingPolicies' MaxResults is 1-10 (the API model; default 10). */
    static final int POLICIES_PER_PAGE = 10;

    private final ApplicationAutoScalingClient autoScaling;
    private final Map<String, ScalingPolicy> policiesRead = new HashMap<>();

    public ScalingPolicies(ApplicationAutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    public ScalingState describe(List<ResourceRef> resources) {
        var byId = new HashMap<String, ResourceRef>();
        resources.forEach(r -> byId.put(r.scalingResourceId(), r));
        var targets = new ArrayList<ScalingState.Target>();
        List<String> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += MAX_RESOURCE_IDS) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + MAX_RESOURCE_IDS));
            String nextToken = null;
            do {
                String token = nextToken;
                DescribeScalableTargetsResponse response;
                try {
                    response = autoScaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                            .resourceIds(batch).nextToken(token));
                } catch (RuntimeException e) {
                    throw AwsCallFailed.of("application-autoscaling:DescribeScalableTargets", e);
                }
                for (ScalableTarget t : response.scalableTargets()) {
                    ResourceRef resource = byId.get(t.resourceId());
                    operation(t.scalableDimensionAsString()).filter(op -> resource != null).ifPresent(op ->
                            targets.add(new ScalingState.Target(resource, op, t.minCapacity(), t.maxCapacity())));
                }
                nextToken = response.nextToken();
            } while (nextToken != null);
        }
        if (targets.isEmpty()) {
            return new ScalingState(targets, List.of());
        }
        return new ScalingState(targets, policies(byId, targetKeys(targets)));
    }

    /**
     * The target-tracking policies of the resources that have scalable targets. DescribeScalingPolicies takes one
     * ResourceId (or none: the whole namespace) and answers at most {@value #POLICIES_PER_PAGE} policies a page. One
     * scaled resource: one call by its ResourceId. Several: one namespace-wide page, which is all of them in an
     * account with few DynamoDB policies; when there are more pages, the namespace would cost a call per 10 policies
     * of every table in the account, so each scaled resource is read by its ResourceId instead. At most 1 + (scaled
     * resources of this table) calls, however many tables the account has.
     */
    private List<ScalingState.TargetTrackingPolicy> policies(Map<String, ResourceRef> byId, Set<String> targetKeys) {
        List<String> scaled = targetKeys.stream().map(k -> k.substring(0, k.indexOf('|'))).distinct().sorted().toList();
        var policies = new LinkedHashMap<String, ScalingState.TargetTrackingPolicy>();
        if (scaled.size() > 1) {
            DescribeScalingPoliciesResponse namespace = page(null, null);
            if (namespace.nextToken() == null) {
                namespace.scalingPolicies().forEach(p -> keep(p, byId, targetKeys, policies));
                return List.copyOf(policies.values());
            }
        }
        for (String resourceId : scaled) {
            String nextToken = null;
            do {
                DescribeScalingPoliciesResponse response = page(resourceId, nextToken);
                response.scalingPolicies().forEach(p -> keep(p, byId, targetKeys, policies));
                nextToken = response.nextToken();
            } while (nextToken != null);
        }
        return List.copyOf(policies.values());
    }

    private DescribeScalingPoliciesResponse page(String resourceIdOrNull, String nextToken) {
        try {
            return autoScaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resourceIdOrNull).maxResults(POLICIES_PER_PAGE).nextToken(nextToken));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:DescribeScalingPolicies", e);
        }
    }

    /** Keeps a target-tracking policy of one of our targets (exact ResourceId and dimension), once. */
    private void keep(ScalingPolicy p, Map<String, ResourceRef> byId, Set<String> targetKeys,
                      Map<String, ScalingState.TargetTrackingPolicy> policies) {
        ResourceRef resource = byId.get(p.resourceId());
        Optional<OperationType> op = operation(p.scalableDimensionAsString());
        TargetTrackingScalingPolicyConfiguration c = p.targetTrackingScalingPolicyConfiguration();
        if (resource == null || op.isEmpty() || p.policyType() != PolicyType.TARGET_TRACKING_SCALING || c == null
                || !targetKeys.contains(p.resourceId() + "|" + p.scalableDimensionAsString())) {
            return;
        }
        String key = key(p.policyName(), p.resourceId(), p.scalableDimensionAsString());
        policiesRead.put(key, p);
        policies.put(key, new ScalingState.TargetTrackingPolicy(p.policyName(), resource, op.get(),
                c.targetValue(), optional(c.scaleOutCooldown()), optional(c.scaleInCooldown()),
                Boolean.TRUE.equals(c.disableScaleIn())));
    }

    /** Writes the policy back as it was read, with TargetValue and the cooldowns retuned. */
    public void apply(Action.RetuneTargetTracking retune) {
        String resourceId = retune.resource().scalingResourceId();
        String dimension = retune.resource().scalableDimension(retune.operation());
        ScalingPolicy read = policiesRead.get(key(retune.policyName(), resourceId, dimension));
        if (read == null) {
            throw new IllegalStateException("policy " + retune.policyName() + " of " + resourceId
                    + " was not read in this invocation; refusing to write a policy it has not seen");
        }
        TargetTrackingScalingPolicyConfiguration.Builder config = read.targetTrackingScalingPolicyConfiguration().toBuilder()
                .targetValue(retune.targetValueAfter());
        retune.scaleOutCooldownAfter().ifPresent(config::scaleOutCooldown);
        retune.scaleInCooldownAfter().ifPresent(config::scaleInCooldown);
        put(read, resourceId, dimension, config.build());
    }

    /** Writes the policy back as it was read, with TargetValue and the cooldowns as they were before a retune. */
    public void apply(Action.RestoreTargetTracking restore) {
        String resourceId = restore.resource().scalingResourceId();
        String dimension = restore.resource().scalableDimension(restore.operation());
        ScalingPolicy read = policiesRead.get(key(restore.policyName(), resourceId, dimension));
        if (read == null) {
            throw new IllegalStateException("policy " + restore.policyName() + " of " + resourceId
                    + " was not read in this invocation; refusing to write a policy it has not seen");
        }
        TargetTrackingScalingPolicyConfiguration.Builder config = read.targetTrackingScalingPolicyConfiguration().toBuilder()
                .targetValue(restore.targetValueAfter())
                .scaleOutCooldown(restore.scaleOutCooldownAfter().isPresent() ? restore.scaleOutCooldownAfter().getAsInt() : null)
                .scaleInCooldown(restore.scaleInCooldownAfter().isPresent() ? restore.scaleInCooldownAfter().getAsInt() : null);
        put(read, resourceId, dimension, config.build());
    }

    private void put(ScalingPolicy read, String resourceId, String dimension, TargetTrackingScalingPolicyConfiguration config) {
        try {
            autoScaling.putScalingPolicy(b -> b.policyName(read.policyName())
                    .serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resourceId)
                    .scalableDimension(dimension)
                    .policyType(PolicyType.TARGET_TRACKING_SCALING)
                    .targetTrackingScalingPolicyConfiguration(config));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:PutScalingPolicy", e);
        }
    }

    /** Restores MaxCapacity to its value before a raise; the revert planner checked it forces no decrease. */
    public void apply(Action.RestoreMaxCapacity restore) {
        register(restore.resource(), restore.operation(), restore.minCapacity(), restore.maxCapacityAfter());
    }

    private void register(ResourceRef resource, OperationType operation, int min, int max) {
        try {
            autoScaling.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resource.scalingResourceId())
                    .scalableDimension(resource.scalableDimension(operation))
                    .minCapacity(min)
                    .maxCapacity(max));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:RegisterScalableTarget", e);
        }
    }

    /** Raises MaxCapacity, writing MinCapacity back as it was read. */
    public void apply(Action.RaiseMaxCapacity raise) {
        register(raise.resource(), raise.operation(), raise.minCapacity(), raise.maxCapacityAfter());
    }

    private static Set<String> targetKeys(List<ScalingState.Target> targets) {
        var keys = new HashSet<String>();
        targets.forEach(t -> keys.add(t.resource().scalingResourceId() + "|" + t.resource().scalableDimension(t.operation())));
        return keys;
    }

    private static String key(String policyName, String resourceId, String dimension) {
        return policyName + "|" + resourceId + "|" + dimension;
    }

    private static Optional<OperationType> operation(String scalableDimension) {
        if (scalableDimension == null) {
            return Optional.empty();
        }
        if (scalableDimension.endsWith(":ReadCapacityUnits")) {
            return Optional.of(OperationType.READ);
        }
        if (scalableDimension.endsWith(":WriteCapacityUnits")) {
            return Optional.of(OperationType.WRITE);
        }
        return Optional.empty();
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
