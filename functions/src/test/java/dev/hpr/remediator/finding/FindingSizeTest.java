package dev.hpr.remediator.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole SNS message stays under 256 KB: hot keys capped at 10 per rule, then less detail, said in a caveat. */
class FindingSizeTest {

    private static final int SNS_LIMIT_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FindingRenderer renderer = new FindingRenderer();

    @Test
    void snsMessage_fitsAndSaysItWasShortened_whenTheFindingIsHuge() throws Exception {
        // given: 21 resources, 42 rules of 200 keys of 400 characters, 200 long skips, recommendations and caveats
        Finding finding = SyntheticFindings.large(20, 200, 400, 200, 2_000, "lorem ipsum dolor sit amet ", false);

        // when
        String message = renderer.snsMessage(finding);

        // then
        assertTrue(bytes(message) < SNS_LIMIT_BYTES, bytes(message) + " bytes");
        JsonNode json = JSON.readTree(renderer.json(finding));
        assertEquals(Finding.SCHEMA, json.path("schema").asText());
        assertEquals(FindingJsonTest.TOP_LEVEL, FindingJsonTest.fieldNames(json));
        String caveat = json.path("caveats").get(0).asText();
        assertTrue(caveat.startsWith("This finding was shortened to fit the SNS 256 KB message limit"), caveat);
        assertTrue(renderer.email(finding).contains("This finding was shortened"));
        assertTrue(renderer.chatbot(finding).contains("This finding was shortened"));
        json.path("hotKeys").forEach(h -> assertTrue(h.path("keys").size() < 10));
        assertEquals("FAILED", json.path("actions").get(0).path("status").asText());
    }

    @Test
    void snsMessage_fits_whenEveryStringIsHostileAndKeysAreAtDynamoDbsMaximumLength() {
        // given: control characters (6 bytes each once escaped, 7 escaped twice), emoji, quotes; 100 keys (the most
        // GetInsightRuleReport returns) of 2,048 characters per rule
        Finding finding = SyntheticFindings.large(20, 100, 2_048, 200, 5_000, SyntheticFindings.HOSTILE, true);

        // when
        FindingRenderer.Rendered rendered = FindingRenderer.fit(finding);

        // then
        assertTrue(rendered.messageBytes() <= FindingRenderer.MESSAGE_BUDGET_BYTES, rendered.messageBytes() + " bytes");
        assertEquals(rendered.message(), renderer.snsMessage(finding));
    }

    @Test
    void skeleton_fitsByConstruction_whateverTheFindingHolds() {
        // given
        Finding finding = SyntheticFindings.large(20, 200, 2_048, 300, 20_000, SyntheticFindings.HOSTILE, false);

        // when
        FindingRenderer.Rendered skeleton = FindingRenderer.render(finding, Detail.SKELETON);

        // then
        assertTrue(skeleton.messageBytes() <= FindingRenderer.MESSAGE_BUDGET_BYTES, skeleton.messageBytes() + " bytes");
    }

    @Test
    void render_keepsFullDetailAndTenKeysPerRule_whenALargeFindingStillFits() throws Exception {
        // given: one table, two rules of 50 short keys
        Finding finding = SyntheticFindings.large(0, 50, 20, 3, 100, "abc ", false);

        // when
        FindingRenderer.Rendered rendered = FindingRenderer.fit(finding);
        JsonNode json = JSON.readTree(rendered.json());

        // then
        assertEquals(Detail.FULL, rendered.detail());
        json.path("hotKeys").forEach(h -> {
            assertEquals(10, h.path("keys").size());
            assertEquals(50, h.path("totalKeys").asInt());
        });
        json.path("caveats").forEach(c -> assertFalse(c.asText().startsWith("This finding was shortened")));
        assertTrue(rendered.email().contains("10 of 50 keys shown"));
    }

    @Test
    void render_stepsDownOnlyAsFarAsNeeded_whenTheFindingIsModeratelyLarge() {
        // given: 4 GSIs, long keys: too big with 10 keys per rule, fine with 3
        Finding finding = SyntheticFindings.large(4, 10, 2_000, 5, 200, "key-material ", false);

        // when
        FindingRenderer.Rendered rendered = FindingRenderer.fit(finding);

        // then
        assertTrue(FindingRenderer.render(finding, Detail.FULL).messageBytes() > FindingRenderer.MESSAGE_BUDGET_BYTES);
        assertEquals(Detail.REDUCED, rendered.detail());
    }

    @Test
    void recordedFindings_renderAtFullDetail_farUnderTheLimit() {
        for (String scenario : RecordedFindings.names()) {
            FindingRenderer.Rendered rendered = FindingRenderer.fit(RecordedFindings.finding(scenario));
            assertEquals(Detail.FULL, rendered.detail(), scenario);
            assertTrue(rendered.messageBytes() < 32 * 1024, scenario + ": " + rendered.messageBytes() + " bytes");
        }
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
