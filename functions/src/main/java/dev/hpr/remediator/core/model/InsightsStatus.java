package dev.hpr.remediator.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** DescribeContributorInsights for one table or GSI. */
public record InsightsStatus(
        ResourceRef resource,
        String status,
        Optional<String> mode,
        List<String> ruleNames,
        Optional<String> failure) {

    public InsightsStatus {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
        ruleNames = List.copyOf(ruleNames);
        Objects.requireNonNull(failure, "failure");
    }

    public boolean isOn() {
        return "ENABLED".equals(status) || "ENABLING".equals(status);
    }

    public boolean isEnabled() {
        return "ENABLED".equals(status);
    }

    /**
     * The rules that count throttled keys (PKT, SKT), read from the rule list: never built from a name pattern,
     * only recognised in it.
     */
    public List<String> throttledKeyRules() {
        return ruleNames.stream().filter(r -> r.contains("-PKT-") || r.contains("-SKT-")).toList();
    }
}
