package dev.hpr.remediator.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
}
