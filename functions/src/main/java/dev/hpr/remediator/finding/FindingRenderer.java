package dev.hpr.remediator.finding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.json.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders a {@link Finding} for SNS: a Subject, and a {@code MessageStructure=json} message whose {@code default}
 * is the versioned JSON document ({@value Finding#SCHEMA}, see {@code docs/finding-schema.md}), whose {@code email}
 * is plain text for a person, and whose {@code https} is an Amazon Q Developer in chat applications (Chatbot)
 * custom notification for Slack. Pure: no clock, no AWS SDK.
 *
 * <p>The whole message stays under SNS's 256 KB: hot keys are capped at 10 per rule, and when that is not enough,
 * all three payloads step down together to less detail (fewer hot keys, shorter lists, shorter text) and say so in a
 * caveat. Every public method renders at the same level, so {@link #json} is exactly the message's {@code default}.
 *
 * <p>A finding is rendered once: the last one rendered is kept with its rendering, so publishing it and then returning
 * its JSON (what an alarm invocation does) reuse the same texts. Findings are immutable values, so the one rendered
 * is recognised by identity.
 */
public final class FindingRenderer {

    /** SNS's limit for a published message: 256 KB (262,144 bytes). */
    public static final int SNS_MAX_MESSAGE_BYTES = 256 * 1024;
    /** What the message may use: the limit less room for the request's other fields. */
    static final int MESSAGE_BUDGET_BYTES = SNS_MAX_MESSAGE_BYTES - 4 * 1024;

    /** The last finding rendered, and its rendering. */
    private final AtomicReference<Last> last = new AtomicReference<>();

    private record Last(Finding finding, Rendered rendered) {
    }

    /** One instance serves every invocation. */
    public FindingRenderer() {
    }

    /** The finding's rendering: the last one's is reused, any other is rendered (and kept). */
    private Rendered rendered(Finding finding) {
        Last seen = last.get();
        if (seen != null && seen.finding() == finding) {
            return seen.rendered();
        }
        Rendered rendered = fit(finding);
        last.set(new Last(finding, rendered));
        return rendered;
    }

    /** The SNS Subject: under 100 characters, printable ASCII, one line. */
    public String subject(Finding finding) {
        return SubjectLine.subject(finding);
    }

    /** The {@value Finding#SCHEMA} document: the message's {@code default} (and what SQS, Lambda, email-json get). */
    public String json(Finding finding) {
        return rendered(finding).json();
    }

    /** Plain text for the {@code email} protocol. */
    public String email(Finding finding) {
        return rendered(finding).email();
    }

    /** The Amazon Q Developer in chat applications custom notification, for its {@code https} subscription. */
    public String chatbot(Finding finding) {
        return rendered(finding).chatbot();
    }

    /**
     * The {@code Message} to publish with {@code MessageStructure=json}: {@code {"default": json, "email": email,
     * "https": chatbot}}. No {@code email-json} key: those subscribers get {@code default}, the same document, and a
     * copy would spend the size budget twice.
     */
    public String snsMessage(Finding finding) {
        return rendered(finding).message();
    }

    /**
     * How a redacting finding shows a key: {@code sha256:} and the first 12 hex digits of the SHA-256 of its UTF-8
     * bytes. Use it as the {@code Recommender.KeyDisplay} so recommendations quote keys the same way.
     */
    public static String redact(String key) {
        return KeyText.redact(key);
    }

    /** The three payloads at one detail level, and the message that carries them. */
    record Rendered(Detail detail, String json, String email, String chatbot, String message) {
        int messageBytes() {
            return message.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** The most detailed rendering whose message fits {@link #MESSAGE_BUDGET_BYTES}. */
    static Rendered fit(Finding finding) {
        KeyText keyText = KeyText.of(finding);
        Rendered rendered = null;
        for (Detail detail : Detail.values()) {
            rendered = render(finding, detail, keyText);
            if (rendered.messageBytes() <= MESSAGE_BUDGET_BYTES) {
                return rendered;
            }
        }
        throw new IllegalStateException("finding " + finding.id() + " does not fit SNS's limit even at detail "
                + rendered.detail() + ": " + rendered.messageBytes() + " bytes");
    }

    static Rendered render(Finding finding, Detail detail) {
        return render(finding, detail, KeyText.of(finding));
    }

    private static Rendered render(Finding finding, Detail detail, KeyText keyText) {
        FindingView view = FindingView.of(finding, detail, keyText);
        String json = JsonTree.write(FindingJson.document(view));
        String email = FindingEmail.render(view);
        String chatbot = JsonTree.write(ChatbotNotification.payload(view));
        ObjectNode message = JsonTree.NODES.objectNode();
        message.put("default", json);
        message.put("email", email);
        message.put("https", chatbot);
        return new Rendered(detail, json, email, chatbot, JsonTree.write(message));
    }
}
