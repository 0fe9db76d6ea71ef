package dev.hpr.remediator.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The MessageStructure=json message: a JSON object of strings, a required "default", one key per protocol. */
class SnsMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FindingRenderer renderer = new FindingRenderer();

    static List<String> scenarios() {
        return RecordedFindings.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void snsMessage_parsesBackIntoExactlyTheThreePayloads(String scenario) throws Exception {
        // given
        Finding finding = RecordedFindings.finding(scenario, RecordedFindings.Options.defaults().redacted());

        // when
        String message = renderer.snsMessage(finding);
        Map<String, String> parsed = JSON.readValue(message, new TypeReference<Map<String, String>>() { });

        // then
        assertEquals(List.of("default", "email", "https"), List.copyOf(parsed.keySet()));
        assertEquals(renderer.json(finding), parsed.get("default"));
        assertEquals(renderer.email(finding), parsed.get("email"));
        assertEquals(renderer.chatbot(finding), parsed.get("https"));
        JSON.readTree(message).fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), e.getKey()));
        assertTrue(message.getBytes(StandardCharsets.UTF_8).length < FindingRenderer.SNS_MAX_MESSAGE_BYTES);
    }

    @Test
    void aFindingPublishedThenReturned_isRenderedOnce() {
        // given the renderer of a container, and the finding of one alarm invocation
        Finding finding = RecordedFindings.finding(scenarios().get(0), RecordedFindings.Options.defaults());
        Finding next = RecordedFindings.finding(scenarios().get(0), RecordedFindings.Options.defaults());

        // when its JSON is taken, it is published (the message), and its JSON is returned
        String json = renderer.json(finding);
        String message = renderer.snsMessage(finding);

        // then all three read one rendering: a second one would be new strings
        assertSame(json, renderer.json(finding));
        assertSame(message, renderer.snsMessage(finding));
        // and the next invocation's finding, equal or not, is rendered for itself
        String nextJson = renderer.json(next);
        assertNotSame(json, nextJson);
        assertEquals(json, nextJson);
    }
}
