package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScalingState;
import dev.hpr.remediator.iam.IamPermission;
import dev.hpr.remediator.core.action.ActionFailedException;
import dev.hpr.remediator.core.action.ActionPorts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTargetAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Application Auto Scaling targets and target-tracking policies of a table and its GSIs: read in one
 * DescribeScalableTargets call (by resource IDs) and, for the resources that have targets, DescribeScalingPolicies
 * (that API takes a single ResourceId: one namespace-wide page when that holds them all, else one call per scaled
 * resource, never a call per 10 policies of the account), then written back with only the retuned fields changed
 * ({@link ActionPorts.AutoScaling}). An instance remembers the policies it read, so it serves one invocation.
 */
public final class ScalingPolicies implements ActionPorts.AutoScaling {

    /** The reads; the writes are declared by the action types that make them (TargetTrackingChange, MaxCapacityChange). */
    /** What reading targets and policies needs: the diagnosis and planning path. */
    public static final List<IamPermission> POLICY_READS = List.of(
            new IamPermission("application-autoscaling:DescribeScalableTargets", IamPermission.Scope.ANY_RESOURCE),
            new IamPermission("application-autoscaling:DescribeScalingPolicies", IamPermission.Scope.ANY_RESOURCE));

    /** Every read of this adapter: the policies, and the scheduled actions the forecast and the revert judge. */
    public static final List<IamPermission> PERMISSIONS = List.of(POLICY_READS.get(0), POLICY_READS.get(1),
            new IamPermission("application-autoscaling:DescribeScheduledActions", IamPermission.Scope.ANY_RESOURCE));

    /** DescribeScheduledActions' MaxResults is 1-50 (the API model; default 50). */
    static final int SCHEDULED_ACTIONS_PER_PAGE = 50;

    /** DescribeScalableTargets takes at most 50 resource IDs per request. */
    static final int MAX_RESOURCE_IDS = 50;
    /** DescribeScalingPolicies' MaxResults is 1-10 (the API model; default 10). */
    static final int POLICIES_PER_PAGE = 10;

    private final Supplier<ApplicationAutoScalingClient> autoScaling;
    private final Map<String, ScalingPolicy> policiesRead = new HashMap<>();
    /** The scalable targets read in this invocation ({@code resourceId|dimension}): the only ones it registers. */
    private final Set<String> targetsRead = new HashSet<>();

    /** @param autoScaling built when first used */
    public ScalingPolicies(Supplier<ApplicationAutoScalingClient> autoScaling) {
        this.autoScaling = autoScaling;
    }

    public ScalingPolicies(ApplicationAutoScalingClient autoScaling) {
        this(() -> autoScaling);
    }

    /**
     * Primes DescribeScalableTargets, DescribeScalingPolicies, PutScalingPolicy and RegisterScalableTarget (SnapStart),
     * each stopped before it is sent.
     */
    public void prime(Priming priming) {
        ResourceRef table = ResourceRef.table(Priming.TABLE);
        priming.request("application-autoscaling:DescribeScalableTargets", () -> describe(List.of(table)),
                DescribeScalableTargetsResponse::builder);
        priming.request("application-autoscaling:DescribeScalingPolicies",
                () -> page(table.scalingResourceId(), null), DescribeScalingPoliciesResponse::builder);
        priming.request("application-autoscaling:PutScalingPolicy", () -> put("priming", table.scalingResourceId(),
                table.scalableDimension(OperationType.READ), TargetTrackingScalingPolicyConfiguration.builder()
                        .targetValue(60.0).scaleOutCooldown(60).scaleInCooldown(300)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBReadCapacityUtilization"))
                        .build()), PutScalingPolicyResponse::builder);
        priming.request("application-autoscaling:RegisterScalableTarget",
                () -> register(table, OperationType.READ, 1, 2), RegisterScalableTargetResponse::builder);
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
                    response = autoScaling.get().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
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
        targetsRead.addAll(targetKeys(targets));
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
            return autoScaling.get().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
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

    /** Writes the policy back as it was read in this invocation, with TargetValue and the cooldowns of {@code values}. */
    @Override
    public void writeTargetTracking(ResourceRef resource, OperationType operation, String policyName,
                                    PolicyValues values) {
        String resourceId = resource.scalingResourceId();
        String dimension = resource.scalableDimension(operation);
        ScalingPolicy read = policiesRead.get(key(policyName, resourceId, dimension));
        if (read == null) {
            throw new ActionFailedException("policy " + policyName + " of " + resourceId + " was not read in this"
                    + " invocation; refusing to write a policy it has not seen");
        }
        TargetTrackingScalingPolicyConfiguration config = read.targetTrackingScalingPolicyConfiguration().toBuilder()
                .targetValue(values.targetValue())
                .scaleOutCooldown(values.scaleOutCooldown().isPresent() ? values.scaleOutCooldown().getAsInt() : null)
                .scaleInCooldown(values.scaleInCooldown().isPresent() ? values.scaleInCooldown().getAsInt() : null)
                .build();
        put(read.policyName(), resourceId, dimension, config);
    }

    private void put(String policyName, String resourceId, String dimension,
                     TargetTrackingScalingPolicyConfiguration config) {
        try {
            autoScaling.get().putScalingPolicy(b -> b.policyName(policyName)
                    .serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resourceId)
                    .scalableDimension(dimension)
                    .policyType(PolicyType.TARGET_TRACKING_SCALING)
                    .targetTrackingScalingPolicyConfiguration(config));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:PutScalingPolicy", e);
        }
    }

    /**
     * RegisterScalableTarget on an existing target that this invocation read (the targets of the resources it was
     * asked about: IAM cannot tell one table's scalable target from another's, so this refuses any other).
     */
    @Override
    public void registerCapacity(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity) {
        if (!targetsRead.contains(resource.scalingResourceId() + "|" + resource.scalableDimension(operation))) {
            throw new ActionFailedException("the " + operation.lower() + " scalable target of " + resource.label()
                    + " was not read in this invocation; refusing to register a target it has not seen");
        }
        register(resource, operation, minCapacity, maxCapacity);
    }

    private void register(ResourceRef resource, OperationType operation, int minCapacity, int maxCapacity) {
        try {
            autoScaling.get().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resource.scalingResourceId())
                    .scalableDimension(resource.scalableDimension(operation))
                    .minCapacity(minCapacity)
                    .maxCapacity(maxCapacity));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:RegisterScalableTarget", e);
        }
    }

    /**
     * The scheduled actions of these resources' scalable targets (DescribeScheduledActions by ResourceId, following
     * NextToken; botocore {@code application-autoscaling/2016-02-06}: ServiceNamespace required, ResourceId optional,
     * MaxResults 1-50). Everyone's actions are returned: the caller tells ours by name.
     */
    public List<ScheduledCapacity> scheduledActions(List<ResourceRef> resources) {
        var result = new ArrayList<ScheduledCapacity>();
        for (ResourceRef resource : resources.stream().distinct().toList()) {
            eachScheduledAction(resource.scalingResourceId(), a -> {
                Optional<OperationType> op = operation(a.scalableDimensionAsString());
                if (op.isEmpty() || !resource.scalingResourceId().equals(a.resourceId())) {
                    return;
                }
                ScalableTargetAction target = a.scalableTargetAction();
                result.add(new ScheduledCapacity(resource, op.get(), a.scheduledActionName(),
                        a.schedule() == null ? "" : a.schedule(),
                        optional(target == null ? null : target.minCapacity()),
                        optional(target == null ? null : target.maxCapacity())));
            });
        }
        return List.copyOf(result);
    }

    /**
     * The tables (by name) where a scheduled action whose name passes {@code ours} stands on the table's or a GSI's
     * scalable target: DescribeScheduledActions over the whole {@code dynamodb} namespace, no ResourceId, following
     * NextToken (botocore {@code application-autoscaling/2016-02-06}: ResourceId optional, MaxResults 1-50): one call
     * a page for the region, not one a table.
     */
    public java.util.Set<String> tablesWithScheduledActions(java.util.function.Predicate<String> ours) {
        var tables = new java.util.TreeSet<String>();
        eachScheduledAction(null, a -> {
            String id = a.resourceId() == null ? "" : a.resourceId();
            if (ours.test(a.scheduledActionName()) && id.startsWith("table/")) {
                int index = id.indexOf("/index/");
                tables.add(index < 0 ? id.substring("table/".length()) : id.substring("table/".length(), index));
            }
        });
        return tables;
    }

    /** Every scheduled action of the {@code dynamodb} namespace (of one resource, when named), page by page. */
    private void eachScheduledAction(String resourceIdOrNull, java.util.function.Consumer<ScheduledAction> each) {
        String nextToken = null;
        do {
            String token = nextToken;
            DescribeScheduledActionsResponse response;
            try {
                response = autoScaling.get().describeScheduledActions(b -> b
                        .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceIdOrNull)
                        .maxResults(SCHEDULED_ACTIONS_PER_PAGE).nextToken(token));
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("application-autoscaling:DescribeScheduledActions", e);
            }
            response.scheduledActions().forEach(each);
            nextToken = response.nextToken();
        } while (nextToken != null);
    }

    /**
     * PutScheduledAction with only {@code ScalableTargetAction.MinCapacity} (never MaxCapacity), on a target read in
     * this invocation, and only for a name of ours ({@link ScheduledMinCapacity#NAME_PREFIX}).
     */
    @Override
    public void putScheduledMinCapacity(ResourceRef resource, OperationType operation, String name, String schedule,
                                        int minCapacity) {
        requireOurs(name);
        requireRead(resource, operation);
        try {
            autoScaling.get().putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resource.scalingResourceId())
                    .scalableDimension(resource.scalableDimension(operation))
                    .scheduledActionName(name)
                    .schedule(schedule)
                    .scalableTargetAction(t -> t.minCapacity(minCapacity)));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:PutScheduledAction", e);
        }
    }

    /** DeleteScheduledAction, only for a name of ours. */
    @Override
    public void deleteScheduledAction(ResourceRef resource, OperationType operation, String name) {
        requireOurs(name);
        requireRead(resource, operation);
        try {
            autoScaling.get().deleteScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(resource.scalingResourceId())
                    .scalableDimension(resource.scalableDimension(operation))
                    .scheduledActionName(name));
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("application-autoscaling:DeleteScheduledAction", e);
        }
    }

    /**
     * IAM cannot tell one table's scalable target from another's: a scheduled action is written only on a target
     * this invocation read (the protected table's), as {@link #registerCapacity} does.
     */
    private void requireRead(ResourceRef resource, OperationType operation) {
        if (!targetsRead.contains(resource.scalingResourceId() + "|" + resource.scalableDimension(operation))) {
            throw new ActionFailedException("the " + operation.lower() + " scalable target of " + resource.label()
                    + " was not read in this invocation; refusing to write a scheduled action on a target it has"
                    + " not seen");
        }
    }

    private static void requireOurs(String name) {
        if (!ScheduledMinCapacity.isOurs(name)) {
            throw new ActionFailedException("scheduled action '" + name + "' is not the forecast's own (no "
                    + ScheduledMinCapacity.NAME_PREFIX + " prefix); refusing to touch it");
        }
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
