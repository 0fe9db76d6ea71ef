package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.CodeFix;
import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.planning.Recommender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays every recorded incident through diagnosis, planning and recommendations, and checks the conclusions. */
class RecordedScenariosTest {

    static Stream<Scenario> scenarios() throws IOException {
        List<Scenario> all = Scenario.all();
        assertTrue(all.size() >= 10, "expected the recorded scenarios, found " + all.size());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void replay_concludesWhatTheScenarioRecords(Scenario scenario) {
        // given
        var diagnoser = new Diagnoser(DefaultSettings.diagnosis());
        var planner = new Planner(DefaultSettings.remediation());
        var recommender = new Recommender(key -> key);
        JsonNode expect = scenario.expect();

        // when
        Diagnosis diagnosis = diagnoser.diagnose(scenario.table(), scenario.metrics(), scenario.reports());
        Plan plan = planner.plan(diagnosis, scenario.insights(), scenario.scaling(), scenario.mode());
        List<Recommendation> recommendations = recommender.recommend(diagnosis, plan);

        // then
        assertEquals(expect.path("detected").asBoolean(), diagnosis.detection().detected(), "detected");
        assertEquals(expect.path("pattern").asText(), diagnosis.pattern().kind().name(), "pattern");
        assertEquals(expect.path("selfHealed").asBoolean(), diagnosis.pattern().selfHealed(), "self-healed");
        assertEquals(strings(expect.path("causes")), diagnosis.causes().stream()
                .map(c -> c.resource().shortName() + " " + c.operation() + " " + c.cause()
                        + (c.fallback() ? " (fallback)" : ""))
                .toList(), "causes");
        Map<String, String> hotKeys = new TreeMap<>();
        diagnosis.hotKeys().forEach(h -> hotKeys.put(h.resource().shortName(), h.pattern() + " " + h.top().key()));
        Map<String, String> expectedHotKeys = new TreeMap<>();
        expect.path("hotKeys").fields().forEachRemaining(e -> expectedHotKeys.put(e.getKey(), e.getValue().asText()));
        assertEquals(expectedHotKeys, hotKeys, "hot keys");
        assertEquals(strings(expect.path("actions")), plan.actions().stream()
                .map(a -> a.type() + " " + a.resource().shortName() + " " + a.before() + " -> "
                        + a.after())
                .toList(), "actions");
        assertEquals(strings(expect.path("forApproval")), plan.forApproval().stream()
                .map(a -> a.type() + " " + a.resource().shortName() + " " + a.before() + " -> " + a.after())
                .toList(), "offered for approval");
        for (String reason : strings(expect.path("skippedReasonsContain"))) {
            assertTrue(plan.skipped().stream().anyMatch(s -> s.reason().contains(reason)),
                    "a skip reason containing '" + reason + "' in " + plan.skipped());
        }
        assertEquals(strings(expect.path("recommendationTitles")),
                recommendations.stream().map(Recommendation::title).toList(), "recommendations");
        assertEquals(strings(expect.path("codeFixes")), recommendations.stream()
                .flatMap(r -> r.codeFix().map(fix -> r.resource().orElseThrow().shortName() + " "
                        + String.join("+", fix.classes().stream().map(CodeFix.ToolkitClass::simpleName).toList())
                        + ": " + fix.plan().count() + " " + fix.counted().words()).stream())
                .toList(), "code fixes (toolkit classes: count)");
    }

    private static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
