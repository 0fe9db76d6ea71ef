package dev.hpr.remediator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The brief's solutions, named for this table's resources and keys. Pure. */
public final class Recommender {

    private final KeyDisplay keyDisplay;

    /** How a key is shown: as it is, or as a short hash when keys are redacted. */
    @FunctionalInterface
    public interface KeyDisplay {
        String show(String key);
    }

    public Recommender(KeyDisplay keyDisplay) {
        this.keyDisplay = keyDisplay;
    }

    public List<Recommendation> recommend(Diagnosis diagnosis, Plan plan) {
        var recommendations = new ArrayList<Recommendation>();
        if (!diagnosis.detection().detected()) {
            return recommendations;
        }
        for (CauseFinding cause : diagnosis.causes()) {
            switch (cause.cause()) {
                case HOT_PARTITION -> recommendations.add(hotPartition(diagnosis, cause));
                case UNDER_PROVISIONED -> underProvisioned(cause, plan).ifPresent(recommendations::add);
                case ON_DEMAND_MAXIMUM -> recommendations.add(onDemandMaximum(diagnosis.table(), cause));
                case ACCOUNT_LIMIT -> recommendations.add(Recommendation.about(cause.resource(),
                        "Request a throughput quota increase",
                        "DynamoDB throttled " + cause.resource().label() + " " + cause.operation().lower()
                                + "s at an account quota. Ask Service Quotas for a higher table-level or"
                                + " account-level " + cause.operation().lower() + " throughput limit in this region."));
            }
        }
        if (diagnosis.pattern().kind() == PatternKind.INTERMITTENT) {
            recommendations.add(new Recommendation(Optional.empty(), "Absorb bursts in the client",
                    "Throttling comes in bursts: buffer writes through a queue (SQS) and let the SDK retry with"
                            + " exponential backoff and jitter (its standard retry mode) rather than failing requests."));
        }
        if (diagnosis.pattern().selfHealed()) {
            recommendations.add(new Recommendation(Optional.empty(), "Watch for a recurrence",
                    "Throttling stopped " + diagnosis.pattern().minutesSinceLastThrottle().getAsInt()
                            + " minutes ago: DynamoDB likely split the partition for heat or burst capacity absorbed"
                            + " it. No action is needed unless it comes back."));
        }
        return recommendations;
    }

    private Recommendation hotPartition(Diagnosis diagnosis, CauseFinding cause) {
        ResourceRef resource = cause.resource();
        Optional<HotKeys> hotKeys = diagnosis.hotKeysOf(resource);
        if (hotKeys.isEmpty()) {
            return Recommendation.about(resource, "Name the hot keys",
                    "No throttled-key data yet for " + resource.label() + ". Contributor Insights names the keys from"
                            + " when it is on: the next alarm's finding will carry them (or open CloudWatch >"
                            + " Contributor Insights). A partition serves at most 3,000 RCU or 1,000 WCU.");
        }
        HotKeys keys = hotKeys.get();
        String top = keyDisplay.show(keys.top().key());
        String share = String.format(Locale.ROOT, "%.0f%%", keys.top().share() * 100);
        if (resource.isIndex()) {
            return Recommendation.about(resource, "Spread the GSI's partition key",
                    "GSI " + resource.indexName().get() + " has a hot partition key '" + top + "' (" + share
                            + " of throttled requests). Write its key attribute as a suffixed composite ('" + top
                            + "#0'..'#9', suffix from a hash of the item's key) and query the suffixes in parallel."
                            + " A throttled GSI also throttles writes to the base table.");
        }
        return switch (keys.pattern()) {
            case TEMPORAL -> Recommendation.about(resource, "Bucket time-based keys with shards",
                    "Keys like '" + top + "' put all current " + cause.operation().lower() + "s on one partition."
                            + " Prefix a shard computed from a hash ('shard#NN#…') and bucket by time period, so"
                            + " current traffic spreads over many partitions.");
            case DOMINANT -> cause.operation() == OperationType.READ
                    ? Recommendation.about(resource, "Cache the hot read key",
                    "Key '" + top + "' takes " + share + " of throttled reads. Serve it from a cache (DAX or"
                            + " ElastiCache) or from N read-replica items ('" + top + "#replica#0'..N-1) read at random.")
                    : Recommendation.about(resource, "Write-shard the hot key",
                    "Key '" + top + "' takes " + share + " of throttled writes. Shard it: write to '" + top
                            + "#0'..'#N-1' (random or hash suffix) and read the N shards back together.");
            case SPREAD -> Recommendation.about(resource, "Spread load across many similar keys",
                    keys.keys().size() + " keys of similar weight share the throttling (top '" + top + "', " + share
                            + "). Check whether one user or tenant segment drives them; give the partition key more"
                            + " cardinality or move that access pattern to a GSI with a better-distributed key.");
        };
    }

    private Optional<Recommendation> underProvisioned(CauseFinding cause, Plan plan) {
        boolean retuned = plan.actions().stream().anyMatch(a -> a.resource().equals(cause.resource())
                && a.changesAutoScaling() && a.setting().endsWith(":" + cause.operation().lower()));
        if (retuned && plan.mode() == RemediationMode.APPLY) {
            return Optional.of(Recommendation.about(cause.resource(), "Watch it scale out",
                    "Target tracking now scales " + cause.resource().label() + " out after 2 minutes above the new"
                            + " target. If " + cause.operation().lower() + " throttling goes on for more than 10"
                            + " minutes, raise its provisioned capacity or MaxCapacity by hand; the remediator will"
                            + " not change these settings again during its cooldown."));
        }
        boolean noAutoScaling = plan.skipped().stream().anyMatch(s -> s.resource().equals(Optional.of(cause.resource()))
                && s.code() == Skip.Code.NO_AUTO_SCALING);
        if (noAutoScaling) {
            return Optional.of(Recommendation.about(cause.resource(), "Add auto scaling or capacity",
                    cause.resource().label() + " ran out of provisioned " + cause.operation().lower()
                            + " capacity and has no auto scaling. Register a scalable target with a target-tracking"
                            + " policy (target 60%, ScaleOutCooldown 60 s, ScaleInCooldown 300 s), or raise its"
                            + " provisioned " + cause.operation().lower() + " capacity above the peak."));
        }
        return Optional.of(Recommendation.about(cause.resource(), "Give it capacity",
                cause.resource().label() + " ran out of provisioned " + cause.operation().lower() + " capacity. "
                        + (plan.mode() == RemediationMode.APPLY
                        ? "Review the auto scaling settings named above."
                        : "The plan above was not applied (mode " + plan.mode().word() + "): apply it, or raise"
                        + " capacity by hand.")));
    }

    private static Recommendation onDemandMaximum(TableDescription table, CauseFinding cause) {
        String current = table.onDemandMaximumFor(cause.resource())
                .filter(c -> c.isSet(cause.operation()))
                .map(c -> String.valueOf(c.of(cause.operation())))
                .orElse("its current value");
        String field = "Max" + cause.operation().word() + "RequestUnits";
        return Recommendation.about(cause.resource(), "Raise the on-demand maximum",
                cause.resource().label() + " hit its OnDemandThroughput " + field + " (" + current + "). Raise it, or"
                        + " set it to -1 to remove the cap; before a known peak, set WarmThroughput so the table is"
                        + " pre-warmed.");
    }
}
