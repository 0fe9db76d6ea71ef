package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Slack channel's Approve and Reject buttons: two custom actions whose definitions fit the chatbot API's own
 * constraints (read from botocore's service model, not copied here), associated with the channel configuration;
 * the channel's role and its explicit guardrail allow one thing, invoking the remediator's alias.
 */
class SlackApprovalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Template TEMPLATE = SynthesizedApp.get().template;
    private static JsonNode model;

    /** The chatbot API's constraints, from the botocore model installed with boto3. */
    @BeforeAll
    static void readTheApiModel() throws IOException, InterruptedException {
        String script = String.join("\n",
                "import botocore.session, json",
                "m = botocore.session.get_session().get_service_model('chatbot')",
                "def c(shape):",
                "    s = m.shape_for(shape)",
                "    return {k: v for k, v in s.metadata.items() if k in ('min', 'max', 'pattern')}",
                "out = {}",
                "for shape, members in {'CustomActionDefinition': ['CommandText'],",
                "                       'CustomActionAttachment': ['NotificationType', 'ButtonText', 'Criteria',",
                "                                                  'Variables'],",
                "                       'CustomActionAttachmentCriteria': ['Operator', 'VariableName'],",
                "                       'CreateCustomActionRequest': ['ActionName']}.items():",
                "    s = m.shape_for(shape)",
                "    for name in members:",
                "        t = s.members[name]",
                "        d = c(t.name)",
                "        if t.type_name == 'map':",
                "            d['key'] = c(t.key.name); d['value'] = c(t.value.name)",
                "        if t.type_name == 'string' and t.enum: d['enum'] = list(t.enum)",
                "        out[shape + '.' + name] = d",
                "print(json.dumps(out))");
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "botocore's chatbot model must be readable (python3 with boto3 installed): " + out);
        model = JSON.readTree(out);
    }

    private static List<JsonNode> customActions() {
        var actions = new ArrayList<JsonNode>();
        JSON.valueToTree(TEMPLATE.findResources("AWS::Chatbot::CustomAction", Map.of())).forEach(r ->
                actions.add(r.path("Properties")));
        return actions;
    }

    private static void fits(String field, String value) {
        JsonNode c = model.path(field);
        assertTrue(value.length() >= c.path("min").asInt(1), field + " too short: " + value);
        assertTrue(value.length() <= c.path("max").asInt(Integer.MAX_VALUE), field + " longer than "
                + c.path("max") + ": " + value.length() + " characters: " + value);
        if (c.has("pattern")) {
            assertTrue(Pattern.compile(c.path("pattern").asText()).matcher(value).matches(),
                    field + " " + value + " !~ " + c.path("pattern"));
        }
    }

    @Test
    void approveAndReject_areCustomActions_thatFitTheApisLimits() {
        List<JsonNode> actions = customActions();
        assertEquals(2, actions.size());
        assertEquals(100, model.path("CustomActionDefinition.CommandText").path("max").asInt(),
                "the limit the construct was written for");
        var buttons = new ArrayList<String>();
        for (JsonNode action : actions) {
            String command = action.path("Definition").path("CommandText").asText();
            fits("CustomActionDefinition.CommandText", command);
            assertEquals(ApprovalChannel.APPROVE_COMMAND, command);
            JsonNode attachment = action.path("Attachments").get(0);
            fits("CustomActionAttachment.NotificationType", attachment.path("NotificationType").asText());
            fits("CustomActionAttachment.ButtonText", attachment.path("ButtonText").asText());
            buttons.add(attachment.path("ButtonText").asText());
            JsonNode variables = attachment.path("Variables");
            JsonNode limits = model.path("CustomActionAttachment.Variables");
            assertTrue(variables.size() >= limits.path("min").asInt(1) && variables.size() <= limits.path("max").asInt());
            variables.fields().forEachRemaining(v -> {
                assertTrue(command.contains("$" + v.getKey()), "the command uses $" + v.getKey());
                assertTrue(Pattern.compile(limits.path("key").path("pattern").asText()).matcher(v.getKey()).matches());
                assertTrue(Pattern.compile(limits.path("value").path("pattern").asText()).matcher(v.getValue().asText())
                        .matches(), v.getValue().asText());
                assertTrue(v.getValue().asText().startsWith("event.metadata.additionalContext."));
            });
            JsonNode criteria = attachment.path("Criteria");
            JsonNode criteriaLimits = model.path("CustomActionAttachment.Criteria");
            assertTrue(criteria.size() >= criteriaLimits.path("min").asInt() && criteria.size()
                    <= criteriaLimits.path("max").asInt());
            criteria.forEach(c -> {
                assertTrue(model.path("CustomActionAttachmentCriteria.Operator").path("enum").toString()
                        .contains("\"" + c.path("Operator").asText() + "\""));
                assertTrue(variables.has(c.path("VariableName").asText()), "a criterion names a variable");
            });
            assertTrue(criteria.toString().contains("\"payload\""), "shown only where the notification has a payload");
            // ActionName: Fn::Join of a construct-unique prefix, the button and the region
            JsonNode join = action.path("ActionName").path("Fn::Join");
            String prefix = join.get(1).get(0).asText();
            String name = prefix + "-" + join.get(1).get(1).asText() + "-ap-southeast-4";
            fits("CreateCustomActionRequest.ActionName", name);
        }
        assertEquals(List.of("Approve", "Reject"), buttons.stream().sorted().toList());
        assertTrue(actions.stream().anyMatch(a -> a.toString().contains("additionalContext.approvePayload")));
        assertTrue(actions.stream().anyMatch(a -> a.toString().contains("additionalContext.rejectPayload")));
    }

    @Test
    void theChannel_hasBothButtons_andExplicitGuardrails() {
        TEMPLATE.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Map.of(
                "CustomizationResourceArns", Match.arrayWith(List.of(
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorSlackChannelApprove.*"),
                                "CustomActionArn")),
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorSlackChannelReject.*"),
                                "CustomActionArn")))),
                "GuardrailPolicies", List.of(Map.of("Ref", Match.stringLikeRegexp("RemediatorSlackChannelGuardrail.*"))),
                "IamRoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorSlackChannelRole.*"),
                        "Arn"))));
    }

    @Test
    void theChannelRole_andTheGuardrail_allowOnlyInvokingTheAlias() {
        Map<String, Object> invokeTheAlias = Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
                "Resource", Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*")));
        TEMPLATE.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", List.of(Match.objectLike(invokeTheAlias)))));
        TEMPLATE.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "chatbot.amazonaws.com")))))),
                "Policies", List.of(Map.of("PolicyName", "DecidePlans", "PolicyDocument", Map.of(
                        "Statement", List.of(Match.objectLike(invokeTheAlias)), "Version", "2012-10-17"))),
                "ManagedPolicyArns", Match.absent()));
    }
}
