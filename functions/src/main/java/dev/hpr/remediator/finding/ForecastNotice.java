package dev.hpr.remediator.finding;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.json.JsonTree;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A forecast finding as it is published: the same SNS shape as every other finding ({@link FindingRenderer}): a
 * one-line ASCII Subject under 100 characters, and a {@code MessageStructure=json} message whose {@code default} is a
 * JSON document ({@value #SCHEMA}), whose {@code email} is plain text for a person, and whose {@code https} is an
 * Amazon Q Developer in chat applications custom notification (version "1.0", source "custom", client-markdown) for
 * Slack, with the typical day and the schedule in a code block so that the sparkline keeps its columns. Pure.
 *
 * @param sections one per resource and operation whose schedule or proposal is new, changed or gone: its peaks,
 *                 typical day, schedule, cost and backtest
 * @param planIds  plans offered for approval ({@code approve PLAN_ID})
 * @param changed  whether AWS was changed (a schedule of ours created, replaced or removed); {@code false}: forecast
 *                 only (or a dry run), or offered
 */
public record ForecastNotice(String table, Optional<String> region, Optional<String> account, List<String> sections,
                             List<String> planIds, boolean changed) {

    public static final String SCHEMA = "hot-partition-remediator/forecast/v1";
    static final String EVENT_TYPE = "HotPartitionRemediatorForecast";

    public ForecastNotice {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        sections = List.copyOf(sections);
        planIds = List.copyOf(planIds);
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("a forecast finding for " + table + " needs at least one section");
        }
    }

    /** From the table's ARN ({@code arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME}). */
    public static ForecastNotice of(String table, String arn, List<String> sections, List<String> planIds,
                                    boolean changed) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        Optional<String> account = parts.length >= 6 && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
        return new ForecastNotice(table, ForecastText.regionOf(arn), account, sections, planIds, changed);
    }

    /**
     * {@code [HPR forecast] orders: schedule ahead of recurring peaks} (AWS changed), {@code ...: change offered for
     * approval}, or {@code ...: recurring peaks, nothing changed} (forecast only, a dry run, a proposal gone).
     */
    public String subject() {
        String rest = ": " + headline();
        String prefix = "[HPR forecast] ";
        String name = Texts.ascii(table);
        int room = SubjectLine.MAX_SUBJECT_CHARS - prefix.length() - rest.length();
        return Texts.cut(prefix + (name.length() <= room ? name : Texts.cut(name, Math.max(room, 12))) + rest,
                SubjectLine.MAX_SUBJECT_CHARS);
    }

    private String headline() {
        return !planIds.isEmpty() ? "change offered for approval"
                : changed ? "schedule ahead of recurring peaks" : "recurring peaks, nothing changed";
    }

    /** Plain text for a person. */
    public String email() {
        var text = new StringBuilder("Forecast for ").append(table);
        region.ifPresent(r -> text.append(" (").append(account.map(a -> a + " ").orElse("")).append(r).append(')'));
        text.append(":\n\n").append(String.join("\n\n", sections)).append('\n');
        if (!planIds.isEmpty()) {
            text.append("\nTo approve: approve ").append(String.join(", approve ", planIds)).append('\n');
        }
        return text.toString();
    }

    /** The {@value #SCHEMA} document: the message's {@code default}. */
    public String json() {
        ObjectNode doc = JsonTree.NODES.objectNode().put("schema", SCHEMA).put("table", table)
                .put("changed", changed);
        region.ifPresent(r -> doc.put("region", r));
        account.ifPresent(a -> doc.put("account", a));
        ArrayNode list = doc.putArray("sections");
        sections.forEach(list::add);
        ArrayNode plans = doc.putArray("planIds");
        planIds.forEach(plans::add);
        doc.put("text", email());
        return JsonTree.write(doc);
    }

    /** The Amazon Q Developer custom notification (Slack): title, a code block per section, approve commands. */
    public String chatbot() {
        ObjectNode root = JsonTree.NODES.objectNode().put("version", "1.0").put("source", "custom");
        ObjectNode content = root.putObject("content").put("textType", "client-markdown");
        String where = account.map(a -> a + " ").orElse("") + region.map(r -> r + " · ").orElse("");
        content.put("title", Texts.cut(":crystal_ball: " + where + ChatbotNotification.esc(table) + ": " + headline(),
                ChatbotNotification.TITLE_CHARS));
        var description = new StringBuilder();
        for (String section : sections) {
            description.append("```\n").append(section.replace("```", "'''")).append("\n```\n");
        }
        content.put("description", Texts.cut(description.toString(), 8000));
        if (!planIds.isEmpty()) {
            ArrayNode steps = content.putArray("nextSteps");
            planIds.stream().limit(ChatbotNotification.MAX_NEXT_STEPS)
                    .forEach(id -> steps.add(Texts.cut("`approve " + id + "`", ChatbotNotification.NEXT_STEP_CHARS)));
        }
        content.putArray("keywords").add("forecast").add(Texts.cut(table, ChatbotNotification.KEYWORD_CHARS));
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("threadId", "hpr-forecast-" + Texts.sha256Hex(account.orElse("") + "\n" + region.orElse("")
                + "\n" + table).substring(0, 16));
        metadata.put("summary", Texts.cut(ChatbotNotification.esc(subject()), ChatbotNotification.TITLE_CHARS));
        metadata.put("eventType", EVENT_TYPE);
        ObjectNode context = metadata.putObject("additionalContext").put("schema", SCHEMA).put("table", table);
        region.ifPresent(r -> context.put("region", r));
        return JsonTree.write(root);
    }

    /** The {@code Message} to publish with {@code MessageStructure=json}. */
    public String snsMessage() {
        return JsonTree.write(JsonTree.NODES.objectNode().put("default", json()).put("email", email())
                .put("https", chatbot()));
    }
}
