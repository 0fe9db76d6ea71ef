package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Amazon Q Developer in chat applications custom notification: it drops messages off its schema, so the
 * required fields, the text type and the documented lengths are pinned here.
 */
class ChatbotNotificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FindingRenderer renderer = new FindingRenderer();

    static List<String> scenarios() {
        return RecordedFindings.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void chatbot_matchesTheCustomNotificationSchema_forEveryRecordedScenario(String scenario) throws Exception {
        // given
        Finding finding = RecordedFindings.finding(scenario);

        // when
        JsonNode payload = JSON.readTree(renderer.chatbot(finding));

        // then
        assertSchema(payload);
        assertEquals(finding.id(), payload.path("id").asText());
        assertTrue(payload.path("content").path("description").asText().startsWith(finding.headline()));
        assertEquals(finding.recommendations().size(), payload.path("content").path("nextSteps").size());
    }

    @Test
    void chatbot_matchesTheSchema_whenTheFindingIsHugeAndHostile() throws Exception {
        // given
        Finding finding = SyntheticFindings.large(20, 100, 2_048, 200, 5_000, SyntheticFindings.HOSTILE, false);

        // when
        JsonNode payload = JSON.readTree(renderer.chatbot(finding));

        // then
        assertSchema(payload);
        assertEquals(ChatbotNotification.MAX_NEXT_STEPS, payload.path("content").path("nextSteps").size());
        String text = payload.toString();
        assertFalse(text.contains("<!channel>"), "Slack markup must be escaped");
        assertTrue(text.contains("&lt;!channel&gt;"));
    }

    @Test
    void chatbot_threadsEveryFindingOfOneTableAndAlarm_andNoOther() throws Exception {
        // given: the alarm fires, then returns to OK; another table; the same table under another alarm
        Finding alarm = RecordedFindings.finding("hot-key-write-dominant");
        Finding ok = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "orders", "OK", "orders: OK");
        Finding otherTable = RecordedFindings.finding("on-demand-hot-read-key");
        Finding otherAlarm = new Finding("finding-2", alarm.generatedAt(), alarm.region(),
                Optional.of(RecordedFindings.alarm("orders-gsi")), "orders", alarm.outcome(), alarm.headline(),
                alarm.diagnosis(), alarm.plan(), alarm.results(), alarm.recommendations(), alarm.caveats(), false);

        // when
        String thread = threadId(alarm);

        // then
        assertEquals(thread, threadId(ok));
        assertEquals(thread, threadId(alarm));
        assertNotEquals(thread, threadId(otherTable));
        assertNotEquals(thread, threadId(otherAlarm));
        assertTrue(thread.matches("hpr-[0-9a-f]{16}"), thread);
    }

    @Test
    void chatbot_threadsPerTableAndAccount_soOneTableNameInTwoAccountsOfAnOrganisationGetsTwoThreads()
            throws Exception {
        // given: the same table, alarm and region, in two member accounts, as the hub's channel receives them
        Finding local = RecordedFindings.finding("hot-key-write-dominant");
        Finding member = local.inAccount(Optional.of("111122223333"));
        Finding otherMember = local.inAccount(Optional.of("444455556666"));
        Finding memberOk = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "orders", "OK", "orders: OK")
                .inAccount(Optional.of("111122223333"));

        // when
        String thread = threadId(member);

        // then
        assertNotEquals(thread, threadId(otherMember), "one table name in two accounts: two threads");
        assertEquals(thread, threadId(memberOk), "one table of one account: one thread, ALARM and OK");
        assertNotEquals(thread, threadId(local));
        assertTrue(thread.matches("hpr-[0-9a-f]{16}"), thread);
    }

    @Test
    void chatbot_saysWhichAccountAndRegion_inTheTitleTheTableLineAndTheContext() throws Exception {
        // given
        Finding member = RecordedFindings.finding("hot-key-write-dominant").inAccount(Optional.of("111122223333"));
        Finding local = RecordedFindings.finding("hot-key-write-dominant");

        // when
        JsonNode payload = JSON.readTree(renderer.chatbot(member));
        JsonNode localPayload = JSON.readTree(renderer.chatbot(local));

        // then
        assertSchema(payload);
        String title = payload.path("content").path("title").asText();
        assertTrue(title.startsWith(":rotating_light: 111122223333 us-east-1 · orders:"), title);
        assertTrue(payload.path("content").path("description").asText()
                .contains("*Table:* `orders` (us-east-1, account 111122223333)"));
        assertEquals("111122223333", payload.path("metadata").path("additionalContext").path("account").asText());
        assertEquals("us-east-1", payload.path("metadata").path("additionalContext").path("region").asText());
        assertTrue(localPayload.path("metadata").path("additionalContext").path("account").isMissingNode(),
                "a local run knows no account");
        assertTrue(localPayload.path("content").path("title").asText().startsWith(":rotating_light: orders:"));
    }

    @Test
    void chatbot_listsRecommendationsAsNextSteps_andChangesWithTheirStatus() throws Exception {
        // given
        Finding hotKey = RecordedFindings.finding("hot-key-write-dominant");
        Finding planned = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().mode(RemediationMode.DRY_RUN));

        // when
        JsonNode hotKeyPayload = JSON.readTree(renderer.chatbot(hotKey));
        JsonNode plannedPayload = JSON.readTree(renderer.chatbot(planned));

        // then
        String step = hotKeyPayload.path("content").path("nextSteps").get(0).asText();
        assertTrue(step.startsWith("*Write-shard the hot key* (table orders): Key 'customer#celebrity-42'"), step);
        assertTrue(hotKeyPayload.path("content").path("description").asText().contains("`customer#celebrity-42` 94.0%"));
        String description = plannedPayload.path("content").path("description").asText();
        assertTrue(description.contains("*Changes* (dry-run):"), description);
        assertTrue(description.contains("*PLANNED* Raise read MaxCapacity of table orders: `MaxCapacity 1000` → "
                + "`MaxCapacity 2000`"), description);
        assertTrue(plannedPayload.path("content").path("title").asText().contains("3 changes planned [dry-run]"));
        assertEquals("dry-run", plannedPayload.path("metadata").path("additionalContext").path("mode").asText());
    }

    @Test
    void chatbot_relatesTheTableGsiAndAlarm_byArn() throws Exception {
        // given
        Finding finding = RecordedFindings.finding("gsi-hot-partition-spread");

        // when
        JsonNode related = JSON.readTree(renderer.chatbot(finding)).path("metadata").path("relatedResources");

        // then
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/orders", related.get(0).asText());
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/byStatus", related.get(1).asText());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-throttles", related.get(2).asText());
    }

    private String threadId(Finding finding) throws Exception {
        return JSON.readTree(renderer.chatbot(finding)).path("metadata").path("threadId").asText();
    }

    /** Required: version "1.0", source "custom", a description; text type client-markdown; documented lengths. */
    static void assertSchema(JsonNode payload) {
        assertEquals(List.of("version", "source", "id", "content", "metadata"), FindingJsonTest.fieldNames(payload));
        assertEquals("1.0", payload.path("version").asText());
        assertEquals("custom", payload.path("source").asText());
        JsonNode content = payload.path("content");
        assertEquals("client-markdown", content.path("textType").asText());
        assertTrue(content.path("title").isTextual());
        assertTrue(length(content.path("title").asText()) <= 250);
        assertTrue(content.path("description").isTextual() && !content.path("description").asText().isBlank());
        assertTrue(length(content.path("description").asText()) <= 8_000);
        if (content.has("nextSteps")) {
            assertTrue(content.path("nextSteps").isArray() && content.path("nextSteps").size() > 0);
            content.path("nextSteps").forEach(s -> assertTrue(s.isTextual() && length(s.asText()) <= 350, s.asText()));
        }
        content.path("keywords").forEach(k -> assertTrue(k.isTextual() && length(k.asText()) <= 75, k.asText()));
        JsonNode metadata = payload.path("metadata");
        assertEquals(List.of("threadId", "summary", "eventType", "relatedResources", "additionalContext"),
                FindingJsonTest.fieldNames(metadata));
        metadata.path("relatedResources").forEach(r -> assertTrue(r.isTextual()));
        metadata.path("additionalContext").forEach(v -> assertTrue(v.isTextual()));
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
