package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.state.StoredPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.remediator.core.action.OnDemandMaximumChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A plan offered for approval, as each rendering shows it: the chat notification carries what its Approve and Reject
 * buttons read (and nothing once the plan is decided), the email says how to approve, and the decision's finding
 * lands in the plan's chat thread.
 */
class ApprovalRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAN = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";
    private static final String ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:hpr-Remediator:live";
    private final FindingRenderer renderer = new FindingRenderer();

    private static Finding offering(Optional<StoredPlan.Decision> decision, Finding.Outcome outcome) {
        Finding base = SyntheticFindings.large(0, 2, 20, 1, 20, "x", false);
        var raise = OnDemandMaximumChange.raise(ResourceRef.table("orders"), OperationType.WRITE, 500, 1000);
        var approval = new Finding.Approval(PLAN, Instant.parse("2026-11-23T04:00:00Z"), List.of(raise),
                Optional.of(ALIAS), base.alarm().map(Finding.AlarmRef::name), decision);
        boolean decided = decision.isPresent();
        return new Finding(base.id(), base.generatedAt(), base.region(), decided ? Optional.empty() : base.alarm(),
                base.tableName(), outcome, base.headline(), decided ? Optional.empty() : base.diagnosis(),
                base.plan(), base.results(), base.recommendations(), base.caveats(), false, Optional.of(approval));
    }

    private static JsonNode chat(FindingRenderer renderer, Finding finding) throws Exception {
        return JSON.readTree(renderer.chatbot(finding));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void aPendingPlan_carriesWhatItsButtonsRead() throws Exception {
        JsonNode context = chat(renderer, offering(Optional.empty(), Finding.Outcome.AWAITING_APPROVAL))
                .path("metadata").path("additionalContext");

        assertEquals(ALIAS, context.path("approveFunction").asText());
        assertEquals("{\"task\":\"approve\",\"planId\":\"" + PLAN + "\"}", decode(context.path("approvePayload").asText()));
        assertEquals("{\"task\":\"reject\",\"planId\":\"" + PLAN + "\"}", decode(context.path("rejectPayload").asText()));
        assertEquals("us-east-1", context.path("region").asText());
        assertTrue(context.path("approvePayload").asText().matches("[\\x21-\\x7E]+"), "no spaces: a CLI argument");
    }

    @Test
    void aDecidedPlan_offersNoButton_andJoinsThePlansThread() throws Exception {
        var decision = new StoredPlan.Decision(PLAN, true, Instant.parse("2026-11-23T03:30:00Z"), "cli",
                Optional.of("arn:aws:sts::123456789012:assumed-role/oncall/alice"));
        Finding pending = offering(Optional.empty(), Finding.Outcome.AWAITING_APPROVAL);
        Finding applied = offering(Optional.of(decision), Finding.Outcome.APPLIED);
        JsonNode chat = chat(renderer, applied);

        assertTrue(chat.path("metadata").path("additionalContext").path("approvePayload").isMissingNode());
        assertEquals(chat(renderer, pending).path("metadata").path("threadId").asText(),
                chat.path("metadata").path("threadId").asText(), "the decision's finding is in the plan's thread");
        assertTrue(applied.alarm().isEmpty(), "the decision's finding has no alarm of its own");
        JsonNode json = JSON.readTree(renderer.json(applied));
        assertEquals("APPROVED", json.path("approval").path("status").asText());
        assertEquals("arn:aws:sts::123456789012:assumed-role/oncall/alice", json.path("approval").path("approver").asText());
        String email = renderer.email(applied).replaceAll("\\s+", " ");
        assertTrue(email.contains("approved at 2026-11-23T03:30:00Z via cli by arn:aws:sts::"), email);
    }

    @Test
    void theEmail_saysHowToApprove_threeWays() {
        String email = renderer.email(offering(Optional.empty(), Finding.Outcome.AWAITING_APPROVAL));
        String next = email.substring(email.indexOf("WHAT TO DO NEXT"), email.indexOf("DETAILS"));

        assertTrue(next.replaceAll("\\s+", " ").contains("1. Approve plan " + PLAN + " before 2026-11-23T04:00:00Z"),
                next);
        assertTrue(next.contains("Approve button"), next);
        assertTrue(next.contains("\n       aws lambda invoke --function-name " + ALIAS + " --cli-binary-format"
                + " raw-in-base64-out --payload '{\"task\":\"approve\",\"planId\":\"" + PLAN + "\"}' --region us-east-1"
                + " /dev/stdout\n"), "a command on a line of its own, whole: " + next);
        assertTrue(next.contains("java -jar functions/target/hot-partition-remediator.jar approve " + PLAN), next);
        assertFalse(next.contains("Nothing: no action is needed from you."));
    }
}
