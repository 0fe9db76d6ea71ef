package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the remediator concluded about one table over one window. A value: it logs and serialises as it is.
 *
 * @param causes     one per throttled resource and operation, most throttled first
 * @param hotKeys    one per throttled-key rule that named keys
 */
public record Diagnosis(
        TableDescription table,
        Window window,
        Detection detection,
        Pattern pattern,
        List<CauseFinding> causes,
        List<HotKeys> hotKeys) {

    public Diagnosis {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(pattern, "pattern");
        causes = List.copyOf(causes);
        hotKeys = List.copyOf(hotKeys);
    }

    /** The distinct resources that throttled, table first. */
    public List<ResourceRef> throttledResources() {
        return table.resources().stream()
                .filter(r -> causes.stream().anyMatch(c -> c.resource().equals(r)))
                .toList();
    }

    /**
     * The resources whose cause is capacity, in the order found: the only ones the planner can retune, so the only
     * ones auto scaling is read for. None on an on-demand table, or when nothing was detected.
     */
    public List<ResourceRef> underProvisioned() {
        if (table.isOnDemand() || !detection.detected()) {
            return List.of();
        }
        return causes.stream().filter(c -> c.cause() == Cause.UNDER_PROVISIONED).map(CauseFinding::resource)
                .distinct().toList();
    }

    /** The hot keys of a resource for an operation's rule family, preferring the partition-key rule. */
    public Optional<HotKeys> hotKeysOf(ResourceRef resource) {
        return hotKeys.stream()
                .filter(h -> h.resource().equals(resource))
                .min((a, b) -> Boolean.compare(!a.ruleName().contains("-PKT-"), !b.ruleName().contains("-PKT-")));
    }

    /**
     * For a hot partition whose resource has named hot keys: what its hot key asked of the partition, from the
     * cause's measured peaks and the key's share ({@link HotKeyDemand}); empty otherwise.
     */
    public Optional<HotKeyDemand> hotKeyDemand(CauseFinding cause) {
        if (cause.cause() != Cause.HOT_PARTITION) {
            return Optional.empty();
        }
        return hotKeysOf(cause.resource()).map(keys -> HotKeyDemand.of(cause, keys));
    }

    /** The cause with the most throttled events, if any resource throttled. */
    public Optional<CauseFinding> primaryCause() {
        return causes.stream().findFirst();
    }
}
