package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.CodeFix;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeyDemand;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.diagnosis.KeyPattern;
import dev.hpr.remediator.core.diagnosis.MetricKind;
import dev.hpr.remediator.core.diagnosis.PatternKind;
import dev.hpr.remediator.core.diagnosis.ShardPlan;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.diagnosis.CodeFix.Counted;
import dev.hpr.remediator.core.diagnosis.CodeFix.ToolkitClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known fixes, named for this table's resources and keys. Pure. A hot key's recommendation names the
 * hot-key-toolkit classes to use and a shard or replica count sized from its measured demand ({@link HotKeyDemand},
 * {@link ShardPlan}); several keys of similar weight on a table get no count, for there is no one key to shard.
 */
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
            recommendations.add(Recommendation.general("Absorb bursts in the client",
                    "Throttling comes in bursts: buffer writes through a queue (SQS) and let the SDK retry with"
                            + " exponential backoff and jitter (its standard retry mode) rather than failing requests."));
        }
        if (diagnosis.pattern().selfHealed()) {
            recommendations.add(Recommendation.general("Watch for a recurrence",
                    "Throttling stopped " + diagnosis.pattern().minutesSinceLastThrottle().getAsInt()
                            + " minutes ago: DynamoDB likely split the partition for heat or burst capacity absorbed"
                            + " it. No action is needed unless it comes back."));
        }
        return recommendations;
    }

    private Recommendation hotPartition(Diagnosis diagnosis, CauseFinding cause) {
        ResourceRef resource = cause.resource();
        Optional<HotKeys> hotKeys = diagnosis.hotKeysOf(resource);
        Optional<HotKeyDemand> demand = diagnosis.hotKeyDemand(cause);
        if (hotKeys.isEmpty() || demand.isEmpty()) {
            return Recommendation.about(resource, "Name the hot keys",
                    "No throttled-key data yet for " + resource.label() + ". Contributor Insights names the keys from"
                            + " when it is on: the next alarm's finding will carry them (or open CloudWatch >"
                            + " Contributor Insights). A partition serves at most 3,000 RCU or 1,000 WCU.");
        }
        HotKeys keys = hotKeys.get();
        String top = keyDisplay.show(keys.top().key());
        String share = percent(keys.top().share());
        String operation = cause.operation().lower();
        if (resource.isIndex()) {
            String index = resource.indexName().get();
            var fix = new CodeFix(List.of(ToolkitClass.SHARDED_KEY, ToolkitClass.SCATTER_GATHER), Counted.SUFFIXES,
                    demand.get());
            int n = fix.plan().count();
            return Recommendation.codeFix(resource, "Spread the GSI's partition key",
                    "GSI " + index + " has a hot partition key '" + top + "' (" + share + " of throttled requests)."
                            + (keys.pattern() == KeyPattern.SPREAD ? " Keys of similar weight share it: suffix them"
                            + " all, with the count sized for the hottest." : "")
                            + " Write its key attribute with " + ToolkitClass.SHARDED_KEY.qualifiedName() + ".onIndex(\""
                            + index + "\") as " + n + " suffixes ('" + top + "#0'..'#" + (n - 1) + "', suffix from a"
                            + " hash of the item's key) and query them together with ScatterGather. " + sizing(fix)
                            + " A throttled GSI also throttles writes to the base table.", fix);
        }
        return switch (keys.pattern()) {
            case TEMPORAL -> {
                var fix = new CodeFix(List.of(ToolkitClass.TIME_BUCKETS, ToolkitClass.SCATTER_GATHER),
                        Counted.SHARDS_PER_BUCKET, demand.get());
                int n = fix.plan().count();
                yield Recommendation.codeFix(resource, "Bucket time-based keys with shards",
                        "Keys like '" + top + "' put all current " + operation + "s on one partition. Key them with "
                                + ToolkitClass.TIME_BUCKETS.qualifiedName() + " and " + n + " shards per bucket"
                                + " (partition key '<base>#<bucket start>#<shard>', the shard from a hash of the event"
                                + " id), so current traffic spreads over " + n + " partitions; a time range is read"
                                + " as buckets × shards Queries. " + sizing(fix), fix);
            }
            case DOMINANT -> {
                if (cause.operation() == OperationType.READ) {
                    var fix = new CodeFix(List.of(ToolkitClass.HOT_KEY_CACHE, ToolkitClass.READ_REPLICAS),
                            Counted.READ_REPLICAS, demand.get());
                    int n = fix.plan().count();
                    yield Recommendation.codeFix(resource, "Cache the hot read key",
                            "Key '" + top + "' takes " + share + " of throttled reads. Serve it from "
                                    + ToolkitClass.HOT_KEY_CACHE.qualifiedName() + " in each reading process (one"
                                    + " GetItem per key per TTL; or DAX); for many readers, add "
                                    + ToolkitClass.READ_REPLICAS.qualifiedName() + " with " + n + " replicas ('" + top
                                    + "#replica#0'..'#" + (n - 1) + "'). " + sizing(fix), fix);
                }
                var fix = new CodeFix(List.of(ToolkitClass.SHARDED_KEY, ToolkitClass.SCATTER_GATHER), Counted.SHARDS,
                        demand.get());
                int n = fix.plan().count();
                yield Recommendation.codeFix(resource, "Write-shard the hot key",
                        "Key '" + top + "' takes " + share + " of throttled writes. Shard it with "
                                + ToolkitClass.SHARDED_KEY.qualifiedName() + " into " + n + " shards ('" + top
                                + "#0'..'#" + (n - 1) + "', hash or random suffix) and read them back together with"
                                + " ScatterGather. " + sizing(fix), fix);
            }
            case SPREAD -> Recommendation.about(resource, "Spread load across many similar keys",
                    keys.keys().size() + " keys of similar weight share the throttling (top '" + top + "', " + share
                            + "). No single key carries it, so there is no key to shard and no shard count to give."
                            + " Check whether one user or tenant segment drives them; give the partition key more"
                            + " cardinality or move that access pattern to a GSI with a better-distributed key.");
        };
    }

    /**
     * The count and where it came from: "About 849 WCU/s at peak against 1,000 per partition at 50% headroom:
     * 2 shards", the measured parts of the rate, what was assumed, and what limits the number.
     */
    private static String sizing(CodeFix fix) {
        HotKeyDemand demand = fix.demand();
        ShardPlan plan = fix.plan();
        String unit = plan.unitName();
        String operation = demand.operation().lower();
        boolean temporal = demand.pattern() == KeyPattern.TEMPORAL;
        var text = new StringBuilder(String.format(Locale.ROOT,
                "About %s %s/s at peak against %s per partition at %.0f%% headroom: %d %s (%s%s of the peak %s consumed"
                        + " %s/s plus %s throttled %ss/s of %s; assumed: %s share of throttled requests is %s share"
                        + " of consumed units, and %s %s per throttled %s).",
                rate(demand.unitsPerSecond()), unit, rate(plan.unitsPerPartition()), ShardPlan.HEADROOM * 100,
                plan.count(), fix.counted().words(), percent(demand.share()),
                temporal ? ", the time-based keys together," : "",
                rate(demand.peak().consumedUnitsPerSecond()), unit, rate(demand.peak().throttleEventsPerSecond()),
                operation, demand.resource().label(), temporal ? "the keys'" : "the key's", temporal ? "their" : "its",
                rate(HotKeyDemand.UNITS_PER_THROTTLE_EVENT), unit, operation));
        if (!demand.peak().consumedMeasured()) {
            text.append(" ").append(MetricKind.CONSUMED_CAPACITY.metricName(demand.operation()))
                    .append(" had no data: only throttled ").append(operation).append("s are counted, a floor.");
        }
        if (plan.atMaximum()) {
            text.append(String.format(Locale.ROOT, " The formula asks for %.0f; %d is the most (every shard is one"
                    + " more Query per read).", plan.unclamped(), ShardPlan.MAX_COUNT));
        } else if (demand.unitsPerSecond() < plan.unitsPerPartition()) {
            text.append(" That is below one partition's ").append(rate(plan.unitsPerPartition())).append(" ")
                    .append(unit).append("/s: the key throttled in bursts shorter than the one-minute metrics show,"
                            + " or beside other hot keys of its partition; with the application's per-second peak,"
                            + " ShardCount.for").append(demand.operation().word()).append("s(peak) gives the count.");
        }
        return text.toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** Whole numbers with thousands separators; below 10, one decimal where it is not whole. */
    private static String rate(double value) {
        return value >= 10 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
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
