package dev.hpr.remediator.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the remediator considered and did not do: why, as a value other code decides on ({@link Code}), and the
 * reason a person needs.
 */
public record Skip(Optional<ResourceRef> resource, String what, Code code, String reason) {

    /** Why it was not done. */
    public enum Code {
        /** Throttling is below the detection rule: no change at all. */
        BELOW_DETECTION,
        /** The table's tag (or the deployment) says off. */
        MODE_OFF,
        /** Its current value could not be read, so nothing was changed. */
        UNREADABLE,
        /** It already is where the remediator would put it. */
        ALREADY_DONE,
        /** Contributor Insights is being disabled: not re-enabled meanwhile. */
        BEING_DISABLED,
        /** A partition's own limit: more table capacity does not lift it. */
        HOT_PARTITION,
        /** An on-demand table's settings: the remediator does not change them. */
        ON_DEMAND_SETTINGS,
        /** An on-demand table has no auto scaling to retune. */
        ON_DEMAND_TABLE,
        /** An account quota: no table setting lifts it. */
        ACCOUNT_LIMIT,
        /** Throttling already stopped: no capacity change for it. */
        SELF_HEALED,
        /** No Application Auto Scaling target: the remediator does not create auto scaling. */
        NO_AUTO_SCALING,
        /** A scalable target without a target-tracking policy. */
        NO_TARGET_TRACKING_POLICY,
        /** MaxCapacity is at or above the configured ceiling. */
        AT_CEILING,
        /** Changed by the remediator within the cooldown. */
        COOLDOWN,
        /** A revert left the value: someone changed it since, or it is gone. */
        CHANGED_SINCE,
        /** A revert deferred: restoring now would force a capacity decrease. */
        DEFERRED,
        /** Only a person may approve it, and this mode or deployment cannot ask (dry run; no state table). */
        APPROVAL_UNAVAILABLE,
        /** Approved, but its "before" no longer held: the setting changed since the plan. */
        STALE,
        /** Contributor Insights not enabled: the region's rule quota has no room left for it. */
        RULE_QUOTA
    }

    public Skip {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    public static Skip of(ResourceRef resource, String what, Code code, String reason) {
        return new Skip(Optional.of(resource), what, code, reason);
    }

    public static Skip ofTable(String what, Code code, String reason) {
        return new Skip(Optional.empty(), what, code, reason);
    }
}
