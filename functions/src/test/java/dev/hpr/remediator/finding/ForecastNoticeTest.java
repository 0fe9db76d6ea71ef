package dev.hpr.remediator.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForecastNoticeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
    private static final String SECTION = "table orders (write): daily 09:00-09:30 UTC, about 500 units/s\n"
            + "▁▁▁▁▁▁▁▁▁█▁▁▁▁▁▁▁▁▁▁▁▁▁▁  00-24 UTC\n         ^ peak 09:00 UTC, 500 units/s\n"
            + "every day 08:45 UTC MinCapacity 5 → 715, 09:30 back to 5";

    @Test
    void snsMessage_carriesTheDocument_theEmail_andTheChatNotification_likeEveryFinding() throws Exception {
        var notice = ForecastNotice.of("orders", ARN, List.of(SECTION), List.of(), true);

        JsonNode message = JSON.readTree(notice.snsMessage());

        assertEquals(List.of("default", "email", "https"), names(message.fieldNames()));
        JsonNode doc = JSON.readTree(message.path("default").asText());
        assertEquals(ForecastNotice.SCHEMA, doc.path("schema").asText());
        assertEquals("eu-west-1", doc.path("region").asText());
        assertEquals("123456789012", doc.path("account").asText());
        assertEquals(SECTION, doc.path("sections").get(0).asText());
        assertEquals(message.path("email").asText(), doc.path("text").asText());
        assertTrue(message.path("email").asText().startsWith("Forecast for orders (123456789012 eu-west-1):\n\n"
                + SECTION), message.path("email").asText());
    }

    @Test
    void chat_isAnAmazonQDeveloperCustomNotification_withTheSparklineInACodeBlock() throws Exception {
        var notice = ForecastNotice.of("orders", ARN, List.of(SECTION, "second <section>"), List.of("plan-1"), true);

        JsonNode chat = JSON.readTree(notice.chatbot());

        assertEquals("1.0", chat.path("version").asText());
        assertEquals("custom", chat.path("source").asText());
        assertEquals("client-markdown", chat.path("content").path("textType").asText());
        String title = chat.path("content").path("title").asText();
        assertTrue(title.contains("123456789012 eu-west-1") && title.endsWith("orders: change offered for approval"),
                title);
        String description = chat.path("content").path("description").asText();
        assertTrue(description.startsWith("```\n" + SECTION + "\n```\n```\nsecond <section>\n```"), description);
        assertEquals("`approve plan-1`", chat.path("content").path("nextSteps").get(0).asText());
        assertEquals(ForecastNotice.EVENT_TYPE, chat.path("metadata").path("eventType").asText());
        assertTrue(chat.path("metadata").path("threadId").asText().startsWith("hpr-forecast-"));
        assertTrue(notice.email().endsWith("To approve: approve plan-1\n"), notice.email());
    }

    @Test
    void subject_isOneAsciiLineUnder100Characters_evenForALongName() {
        String longName = "orders-" + "x".repeat(240);
        var plain = ForecastNotice.of("orders", ARN, List.of(SECTION), List.of(), true);
        var offered = ForecastNotice.of(longName, ARN, List.of(SECTION), List.of("p"), true);

        assertEquals("[HPR forecast] orders: schedule ahead of recurring peaks", plain.subject());
        assertEquals("[HPR forecast] orders: recurring peaks, nothing changed",
                ForecastNotice.of("orders", ARN, List.of(SECTION), List.of(), false).subject());
        String subject = offered.subject();
        assertTrue(subject.length() < 100, subject);
        assertTrue(subject.startsWith("[HPR forecast] orders-x") && subject.endsWith(": change offered for approval"),
                subject);
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), subject);
    }

    @Test
    void badInput_isRefusedOrLeftOut_withAClearReason() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> ForecastNotice.of("orders", ARN, List.of(), List.of(), true));
        assertTrue(error.getMessage().contains("orders"), error.getMessage());
        var noArn = ForecastNotice.of("orders", "not-an-arn", List.of(SECTION), List.of(), true);
        assertEquals(Optional.empty(), noArn.region());
        assertTrue(noArn.email().startsWith("Forecast for orders:\n\n"), noArn.email());
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        var list = new java.util.ArrayList<T>();
        it.forEachRemaining(list::add);
        return list;
    }
}
