package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.planning.Recommendation;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The finding as an Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification, which it
 * renders in Slack or Teams. It drops a message that does not match its schema: {@code version} "1.0" and
 * {@code source} "custom" are required; {@code content.textType} "client-markdown" is the only text type (AWS's
 * "Custom notifications" guide). The length limits enforced here (title 250, description 8,000, each next step 350,
 * each keyword 75 characters) are the ones that guide's parameter details give, as quoted by other projects; fewer
 * next steps (5) and keywords (6) than anyone documents are sent, in case of unstated count limits.
 */
final class ChatbotNotification {

    static final String EVENT_TYPE = "HotPartitionRemediatorFinding";
    /** The {@code additionalContext} keys the construct's custom actions map to their variables. */
    static final String APPROVE_FUNCTION = "approveFunction";
    static final String APPROVE_PAYLOAD = "approvePayload";
    static final String REJECT_PAYLOAD = "rejectPayload";
    static final int TITLE_CHARS = 250;
    static final int NEXT_STEP_CHARS = 350;
    static final int KEYWORD_CHARS = 75;
    static final int MAX_NEXT_STEPS = 5;
    static final int MAX_KEYWORDS = 6;
    private static final int LIST_ITEMS = 5;
    private static final int CHAT_KEYS = 3;
    private static final int CHAT_CAUSES = 3;
    /** A chat line longer than this is cut: the email and the JSON carry the whole text. */
    private static final int LINE_CHARS = 400;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChatbotNotification() {
    }

    static ObjectNode payload(FindingView view) {
        Finding f = view.finding();
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.put("source", "custom");
        root.put("id", f.id());
        ObjectNode content = root.putObject("content");
        content.put("textType", "client-markdown");
        // In an organisation's channel the title says where first: findings of many accounts and regions meet there.
        content.put("title", Texts.cut(emoji(f) + " " + f.account().map(account -> account + " " + f.region() + " · ")
                .orElse("") + esc(summary(f)), TITLE_CHARS));
        content.put("description", Texts.cut(description(view), view.detail().chatDescriptionChars));
        List<String> steps = nextSteps(view);
        if (!steps.isEmpty()) {
            steps.forEach(content.putArray("nextSteps")::add);
        }
        ArrayNode keywords = content.putArray("keywords");
        keywords(f).forEach(keywords::add);
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("threadId", threadId(f));
        metadata.put("summary", Texts.cut(esc(summary(f)), TITLE_CHARS));
        metadata.put("eventType", EVENT_TYPE);
        ArrayNode related = metadata.putArray("relatedResources");
        relatedResources(f).forEach(r -> related.add(view.name(r)));
        ObjectNode context = metadata.putObject("additionalContext");
        context.put("findingId", f.id());
        context.put("schema", Finding.SCHEMA);
        context.put("outcome", f.outcome().name());
        context.put("region", f.region());
        f.account().ifPresent(account -> context.put("account", account));
        context.put("table", view.name(f.tableName()));
        view.mode().ifPresent(m -> context.put("mode", m.word()));
        f.approval().ifPresent(a -> approval(context, a));
        return root;
    }

    /**
     * What the Approve and Reject buttons (custom actions, see the construct) read from the notification: the plan,
     * the function to invoke and the payloads, base64 as {@code lambda invoke --payload} takes them by default. Only a
     * pending plan whose function is known carries them, so only its notification shows the buttons (their criteria
     * need {@value #APPROVE_PAYLOAD}).
     */
    private static void approval(ObjectNode context, Finding.Approval approval) {
        context.put("planId", approval.planId());
        context.put("approvalStatus", approval.decision().map(d -> d.approved() ? "APPROVED" : "REJECTED")
                .orElse("PENDING"));
        if (approval.pending() && approval.function().isPresent()) {
            context.put(APPROVE_FUNCTION, approval.function().get());
            context.put(APPROVE_PAYLOAD, ApprovalText.base64Payload("approve", approval.planId()));
            context.put(REJECT_PAYLOAD, ApprovalText.base64Payload("reject", approval.planId()));
        }
    }

    /**
     * The same for every finding about one table and alarm, so an alarm's ALARM, its retries and its OK land in one
     * chat thread: {@code hpr-} and 16 hex digits of the SHA-256 of account, region, table and alarm name. The account
     * keeps apart the tables of one name in the accounts of an organisation whose findings meet in one channel; a
     * finding with no account (a local run) hashes region, table and alarm alone.
     */
    static String threadId(Finding finding) {
        String identity = finding.account().map(account -> account + "\n").orElse("") + finding.region() + "\n"
                + finding.tableName() + "\n" + finding.alarm()
                .map(Finding.AlarmRef::name).or(() -> finding.approval().flatMap(Finding.Approval::alarmName)).orElse("");
        return "hpr-" + Texts.sha256Hex(identity).substring(0, 16);
    }

    private static String summary(Finding f) {
        String mode = f.plan().map(p -> p.mode().word()).filter(m -> !"apply".equals(m)).map(m -> " [" + m + "]")
                .orElse("");
        return SubjectLine.resourceName(f) + ": " + SubjectLine.state(f) + " - " + SubjectLine.changes(f) + mode;
    }

    private static String emoji(Finding f) {
        return switch (f.outcome()) {
            case NOT_IN_ALARM -> ":white_check_mark:";
            case REFUSED -> ":no_entry_sign:";
            case FAILED -> ":x:";
            case DUPLICATE -> ":repeat:";
            case AWAITING_APPROVAL -> ":raised_hand:";
            case REJECTED -> ":no_entry:";
            case IN_PROGRESS -> ":hourglass_flowing_sand:";
            case REVERTED -> f.results().stream().anyMatch(r -> r.status() == Finding.ActionResult.Status.FAILED)
                    ? ":x:" : ":leftwards_arrow_with_hook:";
            case DIAGNOSED, APPLIED -> f.results().stream().anyMatch(r -> r.status() == Finding.ActionResult.Status.FAILED)
                    ? ":x:"
                    : f.diagnosis().map(d -> d.detection().detected()).orElse(false) ? ":rotating_light:"
                    : ":information_source:";
        };
    }

    private static String description(FindingView view) {
        Finding f = view.finding();
        var out = new ArrayList<String>();
        out.add(esc(view.text(f.headline())));
        out.add("*Table:* `" + code(view.name(f.tableName())) + "` (" + f.location() + ")"
                + f.alarm().map(a -> "   *Alarm:* `" + code(view.name(a.name())) + "` " + a.state()).orElse(""));
        view.diagnosis().map(Diagnosis::window).ifPresent(w -> out.add("*Window:* " + w.start() + " to " + w.end()));
        view.diagnosis().ifPresent(d -> out.add("*Pattern:* " + esc(view.text(d.pattern().explanation()))));
        view.diagnosis().map(d -> Sparkline.describe(d.pattern().perMinute())).filter(line -> !line.isEmpty())
                .ifPresent(line -> out.add("*Throttled:* `" + line + "`"));
        f.approval().ifPresent(a -> out.add("*Approval:* plan `" + code(a.planId()) + "` " + a.decision()
                .map(d -> esc(d.text())).orElse("awaits approval until " + a.expiresAt()
                        + (a.function().isPresent() ? ": use the Approve or Reject button below" : ""))));
        List<Finding.ActionResult> results = view.results();
        if (!results.isEmpty()) {
            out.add("*Changes* (" + view.mode().map(m -> m.word()).orElse("") + "):");
            for (Finding.ActionResult r : results.subList(0, Math.min(LIST_ITEMS, results.size()))) {
                out.add("• " + status(r.status()) + " *" + r.status() + "* " + esc(view.text(r.action().description()))
                        + ": `" + code(view.text(r.action().before())) + "` → `" + code(view.text(r.action().after()))
                        + "`" + r.error().map(e -> " _" + esc(view.text(e)) + "_").orElse(""));
            }
            more(out, f.results().size(), Math.min(LIST_ITEMS, results.size()));
        } else {
            out.add("*Changes:* none");
        }
        List<Skip> skipped = view.skipped();
        if (!skipped.isEmpty()) {
            out.add("*Not changed:*");
            for (Skip s : skipped.subList(0, Math.min(LIST_ITEMS, skipped.size()))) {
                out.add("• " + esc(view.text(s.what())) + s.resource().map(r -> " (" + esc(view.name(r.label())) + ")")
                        .orElse("") + ": " + esc(view.text(s.reason())));
            }
            more(out, f.skipped().size(), Math.min(LIST_ITEMS, skipped.size()));
        }
        List<String> caveats = view.caveats();
        if (!caveats.isEmpty()) {
            out.add("*Caveats:*");
            caveats.subList(0, Math.min(LIST_ITEMS, caveats.size())).forEach(c -> out.add("• " + esc(view.text(c))));
        }
        for (CauseFinding c : view.causes().subList(0, Math.min(CHAT_CAUSES, view.causes().size()))) {
            out.add("*Cause:* " + esc(view.name(c.resource().label())) + ", " + c.operation().lower() + "s: "
                    + c.cause().description() + " (" + esc(view.text(c.evidence())) + ")");
        }
        List<HotKeys> hotKeys = view.hotKeys();
        for (HotKeys h : hotKeys.subList(0, Math.min(CHAT_CAUSES, hotKeys.size()))) {
            List<HotKeys.HotKey> keys = view.keys(h);
            if (keys.isEmpty()) {
                continue;
            }
            out.add("*Hot keys* of " + esc(view.name(h.resource().label())) + " (" + h.pattern().name() + "):");
            for (HotKeys.HotKey k : keys.subList(0, Math.min(CHAT_KEYS, keys.size()))) {
                out.add("• `" + code(view.key(k.key())) + "` " + Texts.percent(k.share()));
            }
        }
        List<ConsoleLinks.Link> links = ConsoleLinks.of(f);
        if (!links.isEmpty()) {
            out.add("*Console:*");
            links.forEach(l -> out.add("• [" + esc(view.name(l.title())) + "](" + l.url() + ")"));
        }
        out.add("_Finding " + esc(f.id()) + " · " + Finding.SCHEMA + " · the email and JSON carry the details._");
        int lineChars = Math.min(LINE_CHARS, Math.max(view.detail().textChars, KEYWORD_CHARS));
        return String.join("\n", out.stream().map(line -> Texts.cut(line, lineChars)).toList());
    }

    private static List<String> nextSteps(FindingView view) {
        var steps = new ArrayList<String>();
        List<Recommendation> recommendations = view.recommendations();
        for (Recommendation r : recommendations.subList(0, Math.min(MAX_NEXT_STEPS, recommendations.size()))) {
            steps.add(Texts.cut("*" + esc(view.text(r.title())) + "*" + r.resource().map(x -> " (" + esc(view.name(
                    x.label())) + ")").orElse("") + ": " + esc(view.text(r.detail())), NEXT_STEP_CHARS));
        }
        int left = view.finding().recommendations().size() - steps.size();
        if (left > 0) {
            steps.set(steps.size() - 1, Texts.cut(left + 1 + " more steps: see the email.", NEXT_STEP_CHARS));
        }
        return steps;
    }

    private static List<String> keywords(Finding f) {
        Set<String> keywords = new LinkedHashSet<>();
        keywords.add("DynamoDB");
        keywords.add(f.outcome().name());
        f.diagnosis().map(Diagnosis::causes).orElse(List.of()).forEach(c -> keywords.add(c.cause().name()));
        f.plan().ifPresent(p -> keywords.add(p.mode().word()));
        if (f.diagnosis().map(d -> d.pattern().selfHealed()).orElse(false)) {
            keywords.add("self-healed");
        }
        return keywords.stream().limit(MAX_KEYWORDS).map(k -> Texts.cut(k, KEYWORD_CHARS)).toList();
    }

    /** The table's ARN (or name, when it was not described), each throttled GSI's ARN, and the alarm's ARN. */
    private static List<String> relatedResources(Finding f) {
        var resources = new ArrayList<String>();
        resources.add(f.diagnosis().map(d -> d.table().arn()).orElse(f.tableName()));
        f.diagnosis().ifPresent(d -> d.throttledResources().stream().filter(ResourceRef::isIndex)
                .forEach(r -> resources.add(d.table().arn() + "/index/" + r.indexName().get())));
        f.alarm().flatMap(Finding.AlarmRef::arn).ifPresent(resources::add);
        return resources.subList(0, Math.min(10, resources.size()));
    }

    private static String status(Finding.ActionResult.Status status) {
        return switch (status) {
            case APPLIED -> ":white_check_mark:";
            case PLANNED -> ":memo:";
            case FAILED -> ":x:";
            case AWAITING_APPROVAL -> ":hourglass:";
        };
    }

    private static void more(List<String> out, int total, int shown) {
        if (total > shown) {
            out.add("• _" + (total - shown) + " more in the email_");
        }
    }

    /** Slack asks for &, < and > to be escaped in text: it keeps a key like {@code <!channel>} from pinging. */
    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Inside {@code `code`}: escaped, and a backquote (which would end the span) shown as a quote. */
    private static String code(String text) {
        return esc(text).replace('`', '\'');
    }
}
