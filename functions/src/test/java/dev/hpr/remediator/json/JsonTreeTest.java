package dev.hpr.remediator.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTree reads and writes exactly what an ObjectMapper (with FAIL_ON_TRAILING_TOKENS) reads and writes. */
class JsonTreeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The sample events and the recorded incidents: real JSON of every shape the function reads. */
    static Stream<Path> documents() throws IOException {
        Path root = Path.of(System.getProperty("hpr.repoRoot", ".."));
        Path priming = Path.of("src/main/resources/dev/hpr/remediator/handler/snapstart-priming-alarm.json");
        try (Stream<Path> events = Files.list(root.resolve("events"));
             Stream<Path> recorded = Files.list(root.resolve("test-fixtures/recorded"))) {
            List<Path> all = Stream.concat(events, recorded).filter(p -> p.toString().endsWith(".json")).toList();
            return Stream.concat(all.stream(), Stream.of(priming).filter(Files::isRegularFile));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void read_andWrite_matchObjectMapper(Path document) throws IOException {
        // given
        String text = Files.readString(document);

        // when
        JsonNode tree = JsonTree.read(text);

        // then
        JsonNode expected = MAPPER.readTree(text);
        assertEquals(expected, tree);
        assertEquals(MAPPER.writeValueAsString(expected), JsonTree.write(tree));
    }

    @Test
    void read_keepsJacksonsNumberTypes_andTheLastOfADuplicateName() throws IOException {
        // given
        String text = "{\"int\": 7, \"long\": 4000000000, \"big\": 123456789012345678901234567890,"
                + " \"double\": 0.5, \"exp\": 1e3, \"twice\": 1, \"twice\": \"second\", \"nothing\": null,"
                + " \"list\": [true, false, [], {}], \"text\": \"caf\\u00e9 \\\"quoted\\\"\"}";

        // when
        JsonNode tree = JsonTree.read(text);

        // then
        assertEquals(MAPPER.readTree(text), tree);
        assertTrue(tree.path("int").isInt());
        assertTrue(tree.path("long").isLong());
        assertEquals(new BigInteger("123456789012345678901234567890"), tree.path("big").bigIntegerValue());
        assertTrue(tree.path("exp").isDouble());
        assertEquals("second", tree.path("twice").asText());
        assertEquals(MAPPER.writeValueAsString(MAPPER.readTree(text)), JsonTree.write(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not json", "{\"alarmData\": {", "{} trailing", "{} {}", "[1,]", "<xml/>"})
    void read_refusesWhatIsNotOneJsonValue(String text) {
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(text));

        assertThrows(JsonProcessingException.class, () -> JsonTree.read(text));
    }

    @Test
    void read_ofNothing_isMissing() throws IOException {
        assertTrue(JsonTree.read("").isMissingNode());
        assertTrue(JsonTree.read("  ").isMissingNode());
    }
}
