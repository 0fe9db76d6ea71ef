package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions rules run over the app on every synth (an error fails {@code cdk synth}); here: no
 * finding is left, and every accepted one carries its own, specific reason.
 */
class CdkNagTest {

    private final SynthesizedApp synthesized = SynthesizedApp.get();

    @Test
    void app_runsTheAwsSolutionsChecks() {
        assertTrue(Aspects.of(synthesized.app).getAll().stream().anyMatch(AwsSolutionsChecks.class::isInstance),
                "HotPartitionRemediatorApp must add AwsSolutionsChecks");
    }

    @Test
    void noUnsuppressedFinding() {
        var annotations = Annotations.fromStack(synthesized.stack);
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertEquals(List.of(), describe(errors), "cdk-nag errors");
        assertEquals(List.of(), describe(warnings), "cdk-nag warnings");
    }

    @Test
    void everySuppression_hasItsOwnSpecificReason() {
        Map<String, List<Map<String, Object>>> byResource = suppressionsByResource();
        var rules = new TreeSet<String>();
        byResource.forEach((resource, suppressions) -> {
            var reasons = new HashSet<String>();
            for (Map<String, Object> suppression : suppressions) {
                rules.add((String) suppression.get("id"));
                String reason = (String) suppression.get("reason");
                assertTrue(reason.length() >= 80, resource + ": too short to say why: " + suppression);
                assertTrue(reasons.add(reason), resource + ": one reason for two suppressions: " + reason);
                if ("AwsSolutions-IAM5".equals(suppression.get("id"))) {
                    assertFalse(((List<?>) suppression.getOrDefault("applies_to", List.of())).isEmpty(),
                            resource + ": a wildcard suppression must name what it applies to: " + suppression);
                }
            }
        });
        assertEquals(new TreeSet<>(List.of("AwsSolutions-IAM5", "AwsSolutions-SQS3")), rules,
                "the rules this app accepts findings of");
        assertEquals(List.of("AwsSolutions-SQS3"), byResource.entrySet().stream()
                .filter(e -> e.getKey().startsWith("RemediatorDeadLetterQueue"))
                .flatMap(e -> e.getValue().stream()).map(s -> (String) s.get("id")).toList(),
                "SQS3 is accepted on the dead-letter queue only");
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Map<String, Object>>> suppressionsByResource() {
        var resources = (Map<String, Map<String, Object>>) synthesized.template.toJSON().get("Resources");
        var suppressions = new TreeMap<String, List<Map<String, Object>>>();
        resources.forEach((id, resource) -> {
            var metadata = (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
            var nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
            var rules = (List<Map<String, Object>>) nag.getOrDefault("rules_to_suppress", List.of());
            if (!rules.isEmpty()) {
                suppressions.put(id, rules);
            }
        });
        return suppressions;
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    }
}
