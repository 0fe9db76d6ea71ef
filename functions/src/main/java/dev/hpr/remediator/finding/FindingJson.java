package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Cause;
import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Detection;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.diagnosis.Pattern;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.planning.Recommendation;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.core.action.Action;
import java.util.Optional;

/**
 * The {@value Finding#SCHEMA} document: every field always present, in a fixed order, {@code null} where a value
 * does not apply. Field by field in {@code docs/finding-schema.md}.
 */
final class FindingJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FindingJson() {
    }

    static ObjectNode document(FindingView view) {
        Finding f = view.finding();
        ObjectNode root = NODES.objectNode();
        root.put("schema", Finding.SCHEMA);
        root.put("id", f.id());
        root.put("generatedAt", f.generatedAt().toString());
        root.put("region", f.region());
        root.put("account", f.account().orElse(null));
        root.put("outcome", f.outcome().name());
        root.put("headline", view.text(f.headline()));
        root.put("mode", view.mode().map(m -> m.word()).orElse(null));
        root.put("modeReason", f.plan().map(p -> view.text(p.modeReason())).orElse(null));
        root.put("keysRedacted", f.redactKeys());
        root.set("alarm", f.alarm().<com.fasterxml.jackson.databind.JsonNode>map(a -> alarm(view, a))
                .orElse(NODES.nullNode()));
        root.set("table", table(view));
        Optional<Diagnosis> d = view.diagnosis();
        root.set("window", d.map(x -> window(x.window())).orElse(null));
        root.set("detection", d.map(x -> detection(x.detection())).orElse(null));
        root.set("pattern", d.map(x -> pattern(view, x.pattern())).orElse(null));
        ArrayNode causes = root.putArray("causes");
        view.causes().forEach(c -> causes.add(cause(view, c)));
        ArrayNode hotKeys = root.putArray("hotKeys");
        view.hotKeys().forEach(h -> hotKeys.add(hotKeys(view, h)));
        ArrayNode actions = root.putArray("actions");
        view.results().forEach(r -> actions.add(action(view, r)));
        ArrayNode skipped = root.putArray("skipped");
        view.skipped().forEach(s -> skipped.add(skip(view, s)));
        ArrayNode recommendations = root.putArray("recommendations");
        view.recommendations().forEach(r -> recommendations.add(recommendation(view, r)));
        ArrayNode caveats = root.putArray("caveats");
        view.caveats().forEach(c -> caveats.add(view.text(c)));
        root.set("approval", f.approval().<com.fasterxml.jackson.databind.JsonNode>map(a -> approval(view, a))
                .orElse(NODES.nullNode()));
        ArrayNode links = root.putArray("links");
        ConsoleLinks.of(f).forEach(l -> links.addObject().put("title", view.name(l.title())).put("url", l.url()));
        return root;
    }

    private static ObjectNode approval(FindingView view, Finding.Approval approval) {
        ObjectNode node = NODES.objectNode();
        node.put("planId", approval.planId());
        node.put("status", approval.decision().map(d -> d.approved() ? "APPROVED" : "REJECTED").orElse("PENDING"));
        node.put("expiresAt", approval.expiresAt().toString());
        node.put("function", approval.function().orElse(null));
        ArrayNode actions = node.putArray("actions");
        approval.actions().forEach(a -> actions.add(change(view, a)));
        node.put("decidedAt", approval.decision().map(d -> d.at().toString()).orElse(null));
        node.put("decidedVia", approval.decision().map(d -> d.via()).orElse(null));
        node.put("approver", approval.decision().flatMap(d -> d.approver()).orElse(null));
        return node;
    }

    private static ObjectNode alarm(FindingView view, Finding.AlarmRef alarm) {
        ObjectNode node = NODES.objectNode();
        node.put("name", view.name(alarm.name()));
        node.put("arn", alarm.arn().map(view::name).orElse(null));
        node.put("state", alarm.state());
        node.put("reason", alarm.reason().map(view::text).orElse(null));
        node.put("stateChangedAt", alarm.stateChangedAt().toString());
        return node;
    }

    private static ObjectNode table(FindingView view) {
        ObjectNode node = NODES.objectNode();
        node.put("name", view.name(view.finding().tableName()));
        node.put("arn", view.table().map(t -> view.name(t.arn())).orElse(null));
        node.put("billingMode", view.table().map(t -> t.billingMode().name()).orElse(null));
        if (view.table().isPresent()) {
            node.put("managedByCloudFormation", view.table().get().isManagedByCloudFormation());
            ArrayNode gsis = node.putArray("gsis");
            view.indexNames().forEach(i -> gsis.add(view.name(i)));
        } else {
            node.putNull("managedByCloudFormation");
            node.putNull("gsis");
        }
        return node;
    }

    private static ObjectNode window(Window window) {
        ObjectNode node = NODES.objectNode();
        node.put("start", window.start().toString());
        node.put("end", window.end().toString());
        node.put("periodSeconds", window.periodSeconds());
        return node;
    }

    private static ObjectNode detection(Detection detection) {
        ObjectNode node = NODES.objectNode();
        node.put("detected", detection.detected());
        number(node, "throttleEvents", detection.throttleEvents());
        number(node, "throttleEventsThreshold", detection.throttleEventsThreshold());
        number(node, "peakConsumedReadPerSecond", detection.peakConsumedReadPerSecond());
        number(node, "peakConsumedReadThreshold", detection.peakConsumedReadThreshold());
        return node;
    }

    private static ObjectNode pattern(FindingView view, Pattern pattern) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", pattern.kind().name());
        node.put("throttledMinutes", pattern.throttledMinutes());
        node.put("windowMinutes", pattern.windowMinutes());
        node.put("episodes", pattern.episodes());
        number(node, "peakPerMinute", pattern.peakPerMinute());
        if (pattern.minutesSinceLastThrottle().isPresent()) {
            node.put("minutesSinceLastThrottle", pattern.minutesSinceLastThrottle().getAsInt());
        } else {
            node.putNull("minutesSinceLastThrottle");
        }
        node.put("selfHealed", pattern.selfHealed());
        node.put("explanation", view.text(pattern.explanation()));
        ArrayNode perMinute = node.putArray("throttledPerMinute");
        pattern.perMinute().forEach(v -> perMinute.add(Double.isFinite(v) ? Math.round(v) : 0));
        node.put("sparkline", Sparkline.draw(pattern.perMinute()));
        return node;
    }

    private static ObjectNode cause(FindingView view, CauseFinding cause) {
        ObjectNode node = NODES.objectNode();
        node.set("resource", resource(view, cause.resource()));
        node.put("operation", cause.operation().name());
        node.put("cause", cause.cause().name());
        node.put("fallback", cause.fallback());
        number(node, "throttleEvents", cause.throttleEvents());
        ObjectNode byCause = node.putObject("eventsByCause");
        for (Cause c : Cause.values()) {
            if (cause.eventsByCause().containsKey(c)) {
                number(byCause, c.name(), cause.eventsByCause().get(c));
            }
        }
        node.put("evidence", view.text(cause.evidence()));
        return node;
    }

    private static ObjectNode hotKeys(FindingView view, HotKeys hotKeys) {
        ObjectNode node = NODES.objectNode();
        node.set("resource", resource(view, hotKeys.resource()));
        node.put("rule", view.name(hotKeys.ruleName()));
        node.put("pattern", hotKeys.pattern().name());
        node.put("totalKeys", hotKeys.keys().size());
        ArrayNode keys = node.putArray("keys");
        for (HotKeys.HotKey key : view.keys(hotKeys)) {
            ObjectNode k = keys.addObject();
            k.put("key", view.key(key.key()));
            number(k, "value", key.value());
            k.put("share", Math.round(key.share() * 10_000) / 10_000.0);
        }
        return node;
    }

    private static ObjectNode action(FindingView view, Finding.ActionResult result) {
        ObjectNode node = change(view, result.action());
        node.put("status", result.status().name());
        node.put("error", result.error().map(view::text).orElse(null));
        return node;
    }

    private static ObjectNode change(FindingView view, Action action) {
        ObjectNode node = NODES.objectNode();
        node.put("type", action.type());
        node.set("resource", resource(view, action.resource()));
        node.put("description", view.text(action.description()));
        node.put("before", view.text(action.before()));
        node.put("after", view.text(action.after()));
        return node;
    }

    private static ObjectNode skip(FindingView view, Skip skip) {
        ObjectNode node = NODES.objectNode();
        node.set("resource", skip.resource().<com.fasterxml.jackson.databind.JsonNode>map(r -> resource(view, r))
                .orElse(NODES.nullNode()));
        node.put("what", view.text(skip.what()));
        node.put("reason", view.text(skip.reason()));
        return node;
    }

    private static ObjectNode recommendation(FindingView view, Recommendation recommendation) {
        ObjectNode node = NODES.objectNode();
        node.set("resource", recommendation.resource().<com.fasterxml.jackson.databind.JsonNode>map(
                r -> resource(view, r)).orElse(NODES.nullNode()));
        node.put("title", view.text(recommendation.title()));
        node.put("detail", view.text(recommendation.detail()));
        return node;
    }

    private static ObjectNode resource(FindingView view, ResourceRef resource) {
        ObjectNode node = NODES.objectNode();
        node.put("table", view.name(resource.tableName()));
        node.put("index", resource.indexName().map(view::name).orElse(null));
        return node;
    }

    /** Whole numbers as integers (3600, not 3600.0); others as they are; NaN and infinities (never expected) as null. */
    private static void number(ObjectNode node, String field, double value) {
        if (!Double.isFinite(value)) {
            node.putNull(field);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }
}
