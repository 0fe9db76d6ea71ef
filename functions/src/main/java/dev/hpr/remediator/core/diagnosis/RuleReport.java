package dev.hpr.remediator.core.diagnosis;

import dev.hpr.remediator.core.model.ResourceRef;
import java.util.List;
import java.util.Objects;

/** GetInsightRuleReport for one Contributor Insights rule: its top contributors over the window. */
public record RuleReport(ResourceRef resource, String ruleName, List<Contributor> contributors) {

    /** One contributor: the rule's key values (partition key, and sort key for SKT rules) and its value. */
    public record Contributor(List<String> keys, double value) {
        public Contributor {
            keys = List.copyOf(keys);
        }

        /** The key as a person reads it: the values joined with {@code " | "}. */
        public String key() {
            return String.join(" | ", keys);
        }
    }

    public RuleReport {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(ruleName, "ruleName");
        contributors = List.copyOf(contributors);
    }
}
