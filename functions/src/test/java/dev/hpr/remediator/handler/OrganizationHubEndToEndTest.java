package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hpr.testfixtures.LocalAws;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An organisation's member and its hub, in the local AWS: the member's function (account 123456789012, us-east-1,
 * where the local AWS keeps its tables) publishes to the hub's topic in another account (111122223333) and another
 * region (eu-west-1); the hub's subscribers (an SQS queue for the JSON, an HTTPS endpoint standing in for Amazon Q
 * Developer in chat applications, which gets the chat payload) receive findings that say which account and region
 * they come from; and the Approve button's values, used as the hub's button uses them, apply the member's plan.
 *
 * <p>The local AWS (moto) keeps each account's resources apart ({@code x-moto-account-id} picks the hub's) and looks
 * a topic up in the region of the request, as SNS does: a client of the function's region cannot publish to the hub's
 * topic there ({@link #theHubsTopic_isNotFoundThroughTheFunctionsRegion}). It does not check topic or key policies,
 * nor Lambda's resource policy: the infra tests simulate those (IAM policy simulator), and the Lambda invoke itself is
 * the one step played here by calling the handler with what the button would send.
 */
class OrganizationHubEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB_ACCOUNT = "111122223333";
    private static final Region HUB_REGION = Region.EU_WEST_1;
    /** The local AWS's own account: the member's. */
    private static final String MEMBER_ACCOUNT = "123456789012";
    /** The member function's alias as the StackSet names it (a fixed function name, alias live). */
    private static final String MEMBER_ALIAS =
            "arn:aws:lambda:us-east-1:" + MEMBER_ACCOUNT + ":function:hot-partition-remediator:live";
    /** The Approve button's command (infra ApprovalChannel.APPROVE_COMMAND): its variables come from the notification. */
    private static final String BUTTON = "lambda invoke --function-name $fn --payload $payload --region $region";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static LocalAws aws;
    private static SnsClient hubSns;
    private static SqsClient hubSqs;
    private static HttpServer chat;
    private static final LinkedBlockingQueue<String> CHAT_POSTS = new LinkedBlockingQueue<>();

    private String hubTopicArn;
    private String hubQueueUrl;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.shared();
        hubSns = aws.snsBuilder().region(HUB_REGION)
                .overrideConfiguration(o -> o.putHeader("x-moto-account-id", HUB_ACCOUNT)).build();
        hubSqs = aws.sqsBuilder().region(HUB_REGION)
                .overrideConfiguration(o -> o.putHeader("x-moto-account-id", HUB_ACCOUNT)).build();
        chat = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chat.createContext("/chat", exchange -> {
            CHAT_POSTS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        chat.start();
    }

    @AfterAll
    static void stop() {
        chat.stop(0);
        hubSns.close();
        hubSqs.close();
    }

    /** The hub: its topic in its account and region, an SQS subscriber (the JSON) and the chat's HTTPS one. */
    @BeforeEach
    void hub() {
        aws.clearFaults();
        CHAT_POSTS.clear();
        String name = "hub-findings-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100000;
        hubTopicArn = hubSns.createTopic(b -> b.name(name)).topicArn();
        assertEquals("arn:aws:sns:eu-west-1:" + HUB_ACCOUNT + ":" + name, hubTopicArn);
        hubQueueUrl = hubSqs.createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = hubSqs.getQueueAttributes(b -> b.queueUrl(hubQueueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        hubSns.subscribe(b -> b.topicArn(hubTopicArn).protocol("sqs").endpoint(queueArn));
        // Amazon Q Developer in chat applications subscribes over HTTPS and so gets the message's "https" payload.
        hubSns.subscribe(b -> b.topicArn(hubTopicArn).protocol("https")
                .endpoint("http://127.0.0.1:" + chat.getAddress().getPort() + "/chat"));
        aws.resetCalls();
    }

    /** A member's table: reads outgrowing capacity at MaxCapacity, three changes to plan; findings to the hub. */
    private Incident member(String prefix, String mode) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0)
                .withStateTable()
                .env("REMEDIATION_MODE", mode)
                .env("FINDINGS_TOPIC_ARN", hubTopicArn);
    }

    @Test
    void theHubsTopic_isNotFoundThroughTheFunctionsRegion() {
        // The control: a client of the member's region (us-east-1) cannot reach the hub's eu-west-1 topic, so the
        // function must publish through the topic's region.
        assertThrows(SnsException.class, () -> aws.sns().publish(b -> b.topicArn(hubTopicArn).message("x")));
        assertTrue(hubMessages().isEmpty());
    }

    @Test
    void aMember_publishesToTheHubTopicInAnotherAccountAndRegion_andEachPayloadSaysWhere() throws Exception {
        // given
        Incident incident = member("orgpub", "apply");

        // when
        JsonNode returned = JSON.readTree(incident.invokeAs(incident.event("alarm-lambda-action.json"), MEMBER_ALIAS));

        // then: the hub's queue has the finding, the member's own topic nothing
        assertEquals("DIAGNOSED", returned.path("outcome").asText(), returned.toString());
        List<JsonNode> atHub = hubMessages();
        assertEquals(1, atHub.size());
        JsonNode finding = atHub.get(0);
        assertEquals(returned.path("id").asText(), finding.path("id").asText());
        assertEquals(MEMBER_ACCOUNT, finding.path("account").asText());
        assertEquals("us-east-1", finding.path("region").asText());
        assertEquals(incident.table, finding.path("table").path("name").asText());
        assertTrue(incident.findings().isEmpty(), "nothing on the member's own topic");
        assertEquals(1, aws.calls("sns:Publish"));
        // and the chat payload names the account and region too, and threads per table and account
        JsonNode notification = chatNotification();
        assertTrue(notification.path("content").path("title").asText().contains(MEMBER_ACCOUNT + " us-east-1 · "),
                notification.toString());
        assertEquals(MEMBER_ACCOUNT, notification.path("metadata").path("additionalContext").path("account").asText());
        assertTrue(notification.path("metadata").path("threadId").asText().matches("hpr-[0-9a-f]{16}"));
    }

    @Test
    void theHubsApproveButton_appliesTheMembersPlan_inTheMembersAccountAndRegion() throws Exception {
        // given: approve mode; the member offers its plan; the hub's chat receives the notification with the button
        Incident incident = member("orgapprove", "approve");
        JsonNode offered = JSON.readTree(incident.invokeAs(incident.eventAt("alarm-lambda-action.json",
                Instant.parse("2026-11-23T03:00:00Z")), MEMBER_ALIAS));
        assertEquals("AWAITING_APPROVAL", offered.path("outcome").asText(), offered.toString());
        String planId = offered.path("approval").path("planId").asText();
        JsonNode offer = chatNotification();
        JsonNode context = offer.path("metadata").path("additionalContext");
        assertEquals(1, hubMessages().size());
        assertEquals(70.0, target(incident), "nothing applied before the approval");

        // when: the button's variables, as its command substitutes them (ApprovalChannel: fn, payload, region)
        String fn = context.path("approveFunction").asText();
        String region = context.path("region").asText();
        String payload = new String(Base64.getDecoder().decode(context.path("approvePayload").asText()),
                StandardCharsets.UTF_8);
        String command = BUTTON.replace("$fn", fn).replace("$payload", context.path("approvePayload").asText())
                .replace("$region", region);
        // Lambda runs the function the ARN names, in the region given, with the decoded payload: the member's.
        JsonNode applied = JSON.readTree(incident.invokeAs(payload, fn));

        // then: the command names the member's alias in the member's region, and the plan is applied there
        assertEquals(MEMBER_ALIAS, fn);
        assertEquals("us-east-1", region);
        assertEquals("us-east-1", fn.split(":")[3], "the function's own region, not the hub's");
        assertEquals(MEMBER_ACCOUNT, fn.split(":")[4]);
        assertTrue(command.contains("--function-name " + MEMBER_ALIAS + " ") && command.endsWith("--region us-east-1"),
                command);
        assertEquals("{\"task\":\"approve\",\"planId\":\"" + planId + "\"}", payload);
        assertEquals("APPLIED", applied.path("outcome").asText(), applied.toString());
        assertEquals(MEMBER_ACCOUNT, applied.path("account").asText());
        assertEquals(60.0, target(incident));
        assertEquals(2000, incident.maxCapacity(null, "Read"));
        assertEquals("ENABLED", incident.insightsStatus(null));
        assertEquals("APPROVED", incident.planItem(planId).get("status").s());
        // the decision's finding reaches the hub, in the plan's chat thread
        List<JsonNode> decided = hubMessages();
        assertEquals(1, decided.size());
        assertEquals("APPLIED", decided.get(0).path("outcome").asText());
        JsonNode decision = chatNotification();
        assertEquals(offer.path("metadata").path("threadId").asText(), decision.path("metadata").path("threadId").asText());
        assertTrue(decision.path("metadata").path("additionalContext").path("approvePayload").isMissingNode(),
                "a decided plan offers no button");
    }

    private static double target(Incident incident) {
        return incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue();
    }

    /** The findings the hub's queue received (each SNS envelope's Message, the JSON document), taken off the queue. */
    private List<JsonNode> hubMessages() {
        var messages = new ArrayList<JsonNode>();
        while (true) {
            var batch = hubSqs.receiveMessage(b -> b.queueUrl(hubQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return messages;
            }
            for (var m : batch) {
                try {
                    messages.add(JSON.readTree(JSON.readTree(m.body()).path("Message").asText()));
                } catch (Exception e) {
                    throw new AssertionError("not an SNS envelope with a JSON finding: " + m.body(), e);
                }
                hubSqs.deleteMessage(b -> b.queueUrl(hubQueueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** The next chat notification the hub's HTTPS subscriber received (the envelope's Message). */
    private static JsonNode chatNotification() throws Exception {
        String post = CHAT_POSTS.poll(10, TimeUnit.SECONDS);
        assertNotNull(post, "the hub's HTTPS subscriber received nothing");
        JsonNode notification = JSON.readTree(JSON.readTree(post).path("Message").asText());
        assertEquals("custom", notification.path("source").asText(), notification.toString());
        return notification;
    }
}
