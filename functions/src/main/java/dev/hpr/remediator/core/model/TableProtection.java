package dev.hpr.remediator.core.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a deployment protects a table, decided from what it knows before it reads the table's metrics: in
 * {@link Protection#LISTED} mode the table's name; in {@link Protection#TAGGED} mode the table's
 * {@value TableDescription#MODE_TAG} tag, which must say {@code apply}, {@code approve} or {@code dry-run}. A tagged
 * table's mode is its tag capped by the deployment's ({@link RemediationMode#saferOf}, in {@link Planner}).
 */
public final class TableProtection {

    /** The tag values that protect a table in tagged mode. */
    public static final Set<String> PROTECTING_VALUES = Set.of("apply", "approve", "dry-run");

    private final Protection protection;
    private final Set<String> listed;

    public TableProtection(Protection protection, Set<String> listed) {
        this.protection = Objects.requireNonNull(protection, "protection");
        this.listed = Set.copyOf(listed);
    }

    public Protection protection() {
        return protection;
    }

    /** Listed mode only: decided by name, before any AWS call. Tagged mode needs the tags ({@link #byTags}). */
    public Optional<String> refusalByName(String table) {
        if (protection == Protection.TAGGED || listed.isEmpty() || listed.contains(table)) {
            return Optional.empty();
        }
        return Optional.of("Table '" + table + "' is not one of the tables this deployment protects ("
                + String.join(", ", listed.stream().sorted().toList()) + "); nothing was changed.");
    }

    /** Tagged mode: why the table is not protected, judged by its tags; empty when it is (or in listed mode). */
    public Optional<String> refusalByTags(String table, Map<String, String> tags) {
        if (protection != Protection.TAGGED) {
            return Optional.empty();
        }
        Optional<String> value = tagValue(tags);
        if (value.isEmpty()) {
            return Optional.of("Table '" + table + "' has no tag " + TableDescription.MODE_TAG + " (this deployment"
                    + " protects only tables tagged apply, approve or dry-run); nothing was changed.");
        }
        if (!PROTECTING_VALUES.contains(value.get())) {
            return Optional.of("Table '" + table + "' is tagged " + TableDescription.MODE_TAG + "=" + value.get()
                    + ", not apply, approve or dry-run: not protected; nothing was changed.");
        }
        return Optional.empty();
    }

    /** The tag's value, trimmed and lower-cased, as {@link TableDescription#modeTag()} reads it. */
    public static Optional<String> tagValue(Map<String, String> tags) {
        return Optional.ofNullable(tags.get(TableDescription.MODE_TAG))
                .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether these tags protect a table in tagged mode. */
    public static boolean protectingTags(Map<String, String> tags) {
        return tagValue(tags).map(PROTECTING_VALUES::contains).orElse(false);
    }
}
