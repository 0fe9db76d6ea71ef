package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The versioned JSON document: every section, in a stable order, parsing back to what the finding holds. */
class FindingJsonTest {

    static final List<String> TOP_LEVEL = List.of("schema", "id", "generatedAt", "region", "account", "outcome", "headline",
            "mode", "modeReason", "keysRedacted", "alarm", "table", "window", "detection", "pattern", "causes",
            "hotKeys", "actions", "skipped", "recommendations", "caveats", "approval", "links");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FindingRenderer renderer = new FindingRenderer();

    static List<String> scenarios() {
        return RecordedFindings.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void json_hasTheSchemaAndEverySectionInOrder_forEveryRecordedScenario(String scenario) throws Exception {
        // given
        Finding finding = RecordedFindings.finding(scenario);

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        assertEquals(TOP_LEVEL, fieldNames(json));
        assertEquals("hot-partition-remediator/finding/v1", json.path("schema").asText());
        assertEquals(finding.id(), json.path("id").asText());
        assertEquals("2026-11-23T03:00:20Z", json.path("generatedAt").asText());
        assertEquals(List.of("name", "arn", "state", "reason", "stateChangedAt"), fieldNames(json.path("alarm")));
        assertEquals(List.of("name", "arn", "billingMode", "managedByCloudFormation", "gsis"),
                fieldNames(json.path("table")));
        assertEquals(List.of("start", "end", "periodSeconds"), fieldNames(json.path("window")));
        assertEquals(List.of("detected", "throttleEvents", "throttleEventsThreshold", "peakConsumedReadPerSecond",
                "peakConsumedReadThreshold"), fieldNames(json.path("detection")));
        assertEquals(List.of("kind", "throttledMinutes", "windowMinutes", "episodes", "peakPerMinute",
                "minutesSinceLastThrottle", "selfHealed", "explanation", "throttledPerMinute", "sparkline"),
                fieldNames(json.path("pattern")));
        json.path("causes").forEach(c -> assertEquals(List.of("resource", "operation", "cause", "fallback",
                "throttleEvents", "eventsByCause", "evidence"), fieldNames(c)));
        json.path("hotKeys").forEach(h -> assertEquals(List.of("resource", "rule", "pattern", "totalKeys", "keys"),
                fieldNames(h)));
        json.path("actions").forEach(a -> assertEquals(List.of("type", "resource", "description", "before", "after",
                "status", "error"), fieldNames(a)));
        json.path("skipped").forEach(s -> assertEquals(List.of("resource", "what", "reason"), fieldNames(s)));
        json.path("recommendations").forEach(r -> assertEquals(List.of("resource", "title", "detail"), fieldNames(r)));
        assertEquals(finding.results().size(), json.path("actions").size());
        assertEquals(finding.skipped().size(), json.path("skipped").size());
        assertEquals(finding.recommendations().size(), json.path("recommendations").size());
        assertEquals(finding.caveats().size(), json.path("caveats").size());
    }

    @Test
    void json_describesCauseAndHotKeys_whenOneKeyDominates() throws Exception {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant");

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        JsonNode cause = json.path("causes").get(0);
        assertEquals("orders", cause.path("resource").path("table").asText());
        assertTrue(cause.path("resource").path("index").isNull());
        assertEquals("WRITE", cause.path("operation").asText());
        assertEquals("HOT_PARTITION", cause.path("cause").asText());
        assertEquals(3600, cause.path("throttleEvents").asLong());
        assertEquals(3600, cause.path("eventsByCause").path("HOT_PARTITION").asLong());
        JsonNode hotKeys = json.path("hotKeys").get(0);
        assertEquals("DOMINANT", hotKeys.path("pattern").asText());
        assertTrue(hotKeys.path("rule").asText().startsWith("DynamoDBContributorInsights-PKT-orders-"));
        JsonNode top = hotKeys.path("keys").get(0);
        assertEquals("customer#celebrity-42", top.path("key").asText());
        assertEquals(3300, top.path("value").asLong());
        assertEquals(0.9402, top.path("share").asDouble(), 1e-9);
        assertFalse(json.path("keysRedacted").asBoolean());
        assertEquals("CONSISTENT", json.path("pattern").path("kind").asText());
        assertEquals(60, json.path("window").path("periodSeconds").asInt());
    }

    @Test
    void json_givesEachActionItsTypeValuesAndStatus_appliedPlannedOrFailed() throws Exception {
        // given
        Finding applied = RecordedFindings.finding("under-provisioned-read");
        Finding planned = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().mode(RemediationMode.DRY_RUN));
        Finding failed = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().failingFirstAction());

        // when
        JsonNode appliedJson = JSON.readTree(renderer.json(applied));
        JsonNode plannedJson = JSON.readTree(renderer.json(planned));
        JsonNode failedJson = JSON.readTree(renderer.json(failed));

        // then
        assertEquals(List.of("EnableContributorInsights", "RetuneTargetTracking", "RaiseMaxCapacity"),
                texts(appliedJson.path("actions"), "type"));
        assertEquals(List.of("APPLIED", "APPLIED", "APPLIED"), texts(appliedJson.path("actions"), "status"));
        assertEquals(List.of("PLANNED", "PLANNED", "PLANNED"), texts(plannedJson.path("actions"), "status"));
        assertEquals(List.of("FAILED", "APPLIED", "APPLIED"), texts(failedJson.path("actions"), "status"));
        JsonNode raise = appliedJson.path("actions").get(2);
        assertEquals("MaxCapacity 1000", raise.path("before").asText());
        assertEquals("MaxCapacity 2000", raise.path("after").asText());
        assertTrue(raise.path("error").isNull());
        assertTrue(failedJson.path("actions").get(0).path("error").asText().startsWith("AccessDeniedException"));
        assertEquals("apply", appliedJson.path("mode").asText());
        assertEquals("dry-run", plannedJson.path("mode").asText());
    }

    @Test
    void json_namesGsisAndCloudFormation_whenTheTableHasThem() throws Exception {
        // given
        Finding finding = RecordedFindings.finding("gsi-hot-partition-spread");

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        assertEquals(List.of("byStatus", "byCustomer"), texts(json.path("table").path("gsis"), null));
        assertTrue(json.path("table").path("managedByCloudFormation").asBoolean());
        assertEquals("byStatus", json.path("causes").get(0).path("resource").path("index").asText());
        assertEquals("byStatus", json.path("hotKeys").get(0).path("resource").path("index").asText());
    }

    @Test
    void json_keepsEverySectionWithNulls_whenTheInvocationStoppedBeforeDiagnosing() throws Exception {
        // given
        Finding finding = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "orders", "OK",
                "orders: alarm orders-throttles is OK; nothing to do.");

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        assertEquals(TOP_LEVEL, fieldNames(json));
        assertEquals("NOT_IN_ALARM", json.path("outcome").asText());
        assertEquals("OK", json.path("alarm").path("state").asText());
        for (String field : List.of("mode", "modeReason", "window", "detection", "pattern")) {
            assertTrue(json.path(field).isNull(), field);
        }
        assertEquals("orders", json.path("table").path("name").asText());
        assertTrue(json.path("table").path("arn").isNull());
        assertTrue(json.path("table").path("gsis").isNull());
        for (String list : List.of("causes", "hotKeys", "actions", "skipped", "recommendations", "caveats")) {
            assertTrue(json.path(list).isArray() && json.path(list).isEmpty(), list);
        }
    }

    @Test
    void json_saysTheAccount_orNullForALocalRun() throws Exception {
        // given
        Finding local = RecordedFindings.finding("hot-key-write-dominant");
        Finding member = local.inAccount(java.util.Optional.of("111122223333"));

        // when
        JsonNode localJson = JSON.readTree(renderer.json(local));
        JsonNode memberJson = JSON.readTree(renderer.json(member));

        // then
        assertTrue(localJson.path("account").isNull());
        assertEquals("111122223333", memberJson.path("account").asText());
        assertEquals("us-east-1", memberJson.path("region").asText());
        assertEquals(TOP_LEVEL, fieldNames(memberJson));
    }

    @Test
    void json_namesTheRestoreActions_whenTheRevertCheckRestoredChanges() throws Exception {
        // given
        Finding finding = RecordedFindings.reverted(true);

        // when
        JsonNode json = JSON.readTree(renderer.json(finding));

        // then
        assertEquals("REVERTED", json.path("outcome").asText());
        assertEquals(List.of("RestoreTargetTracking", "RestoreMaxCapacity", "DisableContributorInsights"),
                texts(json.path("actions"), "type"));
        assertEquals(List.of("APPLIED", "FAILED", "APPLIED"), texts(json.path("actions"), "status"));
        assertEquals("MaxCapacity 2000", json.path("actions").get(1).path("before").asText());
        assertEquals("MaxCapacity 1000", json.path("actions").get(1).path("after").asText());
        assertEquals("revert check", json.path("modeReason").asText());
        assertTrue(json.path("detection").isNull());
    }

    @Test
    void json_writesTheSameDocument_whenRenderedTwice() {
        // given
        Finding finding = RecordedFindings.finding("temporal-hotspot");

        // when / then
        assertEquals(renderer.json(finding), renderer.json(finding));
    }

    static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array, String field) {
        var texts = new ArrayList<String>();
        array.forEach(n -> texts.add(field == null ? n.asText() : n.path(field).asText()));
        return texts;
    }
}
