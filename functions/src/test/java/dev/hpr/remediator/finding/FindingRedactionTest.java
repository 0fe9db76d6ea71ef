package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** With redaction on, no raw hot key reaches any payload; the JSON and the recommendations agree on the hashes. */
class FindingRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FindingRenderer renderer = new FindingRenderer();

    static Stream<String> scenariosWithHotKeys() {
        return RecordedFindings.names().stream()
                .filter(n -> !RecordedFindings.finding(n).diagnosis().orElseThrow().hotKeys().isEmpty());
    }

    @Test
    void redact_isSha256PrefixAndFirst12HexDigits_ofTheKeysUtf8Bytes() throws Exception {
        // given
        String key = "customer#célébrité-42";
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 12);

        // when
        String redacted = FindingRenderer.redact(key);

        // then
        assertEquals(expected, redacted);
        assertTrue(redacted.matches("sha256:[0-9a-f]{12}"), redacted);
    }

    @Test
    void scenariosWithHotKeys_coverDominantSpreadAndTemporalKeys() {
        List<String> patterns = scenariosWithHotKeys().flatMap(n -> RecordedFindings.finding(n).diagnosis()
                .orElseThrow().hotKeys().stream()).map(h -> h.pattern().name()).distinct().sorted().toList();
        assertEquals(List.of("DOMINANT", "SPREAD", "TEMPORAL"), patterns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosWithHotKeys")
    void render_neverShowsARawKey_inAnyPayload_whenKeysAreRedacted(String scenario) throws Exception {
        // given
        Finding finding = RecordedFindings.finding(scenario, RecordedFindings.Options.defaults().redacted());

        // when
        Map<String, String> payloads = payloads(finding);

        // then
        for (String key : rawKeys(finding)) {
            payloads.forEach((name, payload) -> assertFalse(payload.contains(key),
                    name + " of " + scenario + " shows raw key " + key));
            String redacted = FindingRenderer.redact(key);
            assertTrue(payloads.get("default").contains(redacted) || !topKeys(finding).contains(key),
                    "JSON lacks " + redacted);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosWithHotKeys")
    void render_scrubsKeysFromFreeText_whenRecommendationsQuoteThemInTheClear(String scenario) throws Exception {
        // given: recommendations built without the redacting KeyDisplay, as a careless caller might
        Finding finding = RecordedFindings.finding(scenario,
                RecordedFindings.Options.defaults().redacted().rawKeysInRecommendations());
        boolean quoted = finding.recommendations().stream()
                .anyMatch(r -> rawKeys(finding).stream().anyMatch(k -> r.detail().contains(k)));

        // when
        Map<String, String> payloads = payloads(finding);

        // then
        assertTrue(quoted, "the scenario's recommendations should quote a key");
        for (String key : rawKeys(finding)) {
            payloads.forEach((name, payload) -> assertFalse(payload.contains(key),
                    name + " of " + scenario + " shows raw key " + key));
        }
    }

    @Test
    void render_quotesTheSameHash_inHotKeysAndInTheRecommendation() throws Exception {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant", RecordedFindings.Options.defaults().redacted());

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        String hash = json.path("hotKeys").get(0).path("keys").get(0).path("key").asText();
        assertEquals(FindingRenderer.redact("customer#celebrity-42"), hash);
        assertTrue(json.path("recommendations").get(0).path("detail").asText().contains("'" + hash + "'"));
        assertTrue(json.path("keysRedacted").asBoolean());
        assertTrue(renderer.email(finding).contains(hash));
        assertTrue(renderer.chatbot(finding).contains(hash));
    }

    @Test
    void render_showsKeysAsTheyAre_whenKeysAreNotRedacted() {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant");

        // when / then
        assertTrue(renderer.json(finding).contains("customer#celebrity-42"));
        assertTrue(renderer.email(finding).contains("customer#celebrity-42"));
        assertTrue(renderer.chatbot(finding).contains("customer#celebrity-42"));
        assertFalse(renderer.snsMessage(finding).contains("sha256:"));
    }

    @Test
    void render_scrubsShortKeysOnlyAsWholeTokens_andEachPartOfAPartitionSortKey() throws Exception {
        // given: keys "7" and "tenant#9 | order#12" (an SKT rule's partition | sort key), quoted loosely in free text
        Finding base = RecordedFindings.finding("hot-key-write-dominant", RecordedFindings.Options.defaults().redacted());
        Diagnosis d = base.diagnosis().orElseThrow();
        HotKeys keys = new HotKeys(d.hotKeys().get(0).resource(), "DynamoDBContributorInsights-SKT-orders-1",
                List.of(new HotKeys.HotKey("7", 10, 0.5), new HotKeys.HotKey("tenant#9 | order#12", 10, 0.5)),
                dev.hpr.remediator.core.diagnosis.KeyPattern.SPREAD);
        Finding finding = new Finding(base.id(), base.generatedAt(), base.region(), base.alarm(), base.tableName(),
                base.outcome(), "Stopped 17 minutes ago; key 7, tenant tenant#9 and order order#12#0 are hot.",
                Optional.of(new Diagnosis(d.table(), d.window(), d.detection(), d.pattern(), d.causes(),
                        List.of(keys))), base.plan(), base.results(), base.recommendations(), base.caveats(), true);

        // when
        String headline = JSON.readTree(renderer.json(finding)).path("headline").asText();

        // then
        assertEquals("Stopped 17 minutes ago; key " + FindingRenderer.redact("7") + ", tenant "
                + FindingRenderer.redact("tenant#9") + " and order " + FindingRenderer.redact("order#12")
                + "#0 are hot.", headline);
        assertFalse(renderer.email(finding).contains("tenant#9"));
        assertFalse(renderer.chatbot(finding).contains("order#12"));
    }

    /** Every payload, parsed back to text, plus the message and subject as sent. */
    private Map<String, String> payloads(Finding finding) throws Exception {
        JsonNode json = JSON.readTree(renderer.json(finding));
        JsonNode chatbot = JSON.readTree(renderer.chatbot(finding));
        return Map.of("default", json.toString() + texts(json), "email", renderer.email(finding),
                "https", chatbot.toString() + texts(chatbot), "message", renderer.snsMessage(finding),
                "subject", renderer.subject(finding));
    }

    /** The text values of a JSON tree, unescaped, so a key with quotes or slashes is still found. */
    private static String texts(JsonNode node) {
        var out = new StringBuilder();
        if (node.isTextual()) {
            out.append(node.asText()).append('\n');
        }
        node.forEach(child -> out.append(texts(child)));
        return out.toString();
    }

    private static List<String> rawKeys(Finding finding) {
        return finding.diagnosis().map(Diagnosis::hotKeys).orElse(List.of()).stream()
                .flatMap(h -> h.keys().stream()).map(HotKeys.HotKey::key).toList();
    }

    private static List<String> topKeys(Finding finding) {
        return finding.diagnosis().map(Diagnosis::hotKeys).orElse(List.of()).stream()
                .flatMap(h -> h.keys().stream().limit(10)).map(HotKeys.HotKey::key).toList();
    }
}
