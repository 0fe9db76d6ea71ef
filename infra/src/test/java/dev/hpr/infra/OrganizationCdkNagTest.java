package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * cdk-nag's AWS Solutions rules over every template of the organisation's app, the member template included (it is
 * synthesized in an app of its own, with the checks, and its findings are reported on the StackSet stack): none is
 * left, and every accepted one carries its own reason, a wildcard one its {@code appliesTo}.
 */
class OrganizationCdkNagTest {

    private final SynthesizedOrganization org = SynthesizedOrganization.get();

    private Map<String, Stack> stacks() {
        var stacks = new LinkedHashMap<String, Stack>();
        stacks.put("hub", org.organization.hub());
        org.organization.codeStacks().forEach(s -> stacks.put(s.getStackName(), s));
        stacks.put("stackset", org.organization.stackSetStack().orElseThrow());
        stacks.put("member", org.organization.member().orElseThrow().stack);
        return stacks;
    }

    @Test
    void bothApps_runTheAwsSolutionsChecks() {
        assertTrue(Aspects.of(org.app).getAll().stream().anyMatch(AwsSolutionsChecks.class::isInstance));
        assertTrue(Aspects.of(org.organization.member().orElseThrow().app).getAll().stream()
                .anyMatch(AwsSolutionsChecks.class::isInstance), "the member template's own app");
    }

    @Test
    void noUnsuppressedFinding_inAnyTemplate() {
        var findings = new ArrayList<String>();
        stacks().forEach((name, stack) -> {
            var annotations = Annotations.fromStack(stack);
            annotations.findError("*", Match.stringLikeRegexp(".*AwsSolutions-.*"))
                    .forEach(m -> findings.add(name + " error " + m.getId() + ": " + m.getEntry().getData()));
            annotations.findWarning("*", Match.stringLikeRegexp(".*AwsSolutions-.*"))
                    .forEach(m -> findings.add(name + " warning " + m.getId() + ": " + m.getEntry().getData()));
        });
        assertEquals(List.of(), findings);
        assertEquals(List.of(), org.organization.member().orElseThrow().errors, "the member template's errors");
        assertEquals(List.of(), org.organization.member().orElseThrow().warnings, "the member template's warnings");
    }

    @Test
    void everySuppression_hasItsOwnReason_andEveryWildcardOneItsAppliesTo() {
        stacks().forEach((name, stack) -> {
            @SuppressWarnings("unchecked")
            var resources = (Map<String, Map<String, Object>>) Template.fromStack(stack).toJSON().get("Resources");
            resources.forEach((id, resource) -> {
                @SuppressWarnings("unchecked")
                var metadata = (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
                @SuppressWarnings("unchecked")
                var nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
                @SuppressWarnings("unchecked")
                var rules = (List<Map<String, Object>>) nag.getOrDefault("rules_to_suppress", List.of());
                var reasons = new HashSet<String>();
                for (Map<String, Object> rule : rules) {
                    String reason = (String) rule.get("reason");
                    assertTrue(reason.length() >= 80, name + " " + id + ": too short to say why: " + rule);
                    assertTrue(reasons.add(reason), name + " " + id + ": one reason for two suppressions");
                    if ("AwsSolutions-IAM5".equals(rule.get("id")) || "AwsSolutions-IAM4".equals(rule.get("id"))) {
                        assertFalse(((List<?>) rule.getOrDefault("applies_to", List.of())).isEmpty(),
                                name + " " + id + ": an IAM4/IAM5 suppression must name what it applies to: " + rule);
                    }
                }
            });
        });
    }
}
