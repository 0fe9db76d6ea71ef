package dev.hpr.remediator.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar … approve PLAN_ID} and {@code reject PLAN_ID} as a person runs them, each in its own JVM with the
 * function's environment: the finding on stdout and exit 0; a plan that cannot be decided exits 4 with one line on
 * stderr and changes nothing. The approver is the caller identity of the credentials used.
 */
class ApprovalCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    @BeforeAll
    static void startLocalAws() {
        aws = LocalAws.shared();
    }

    record Run(int exit, String stdout, List<String> stderr) {
    }

    private static Run cli(Incident incident, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.hpr.remediator.cli.Main"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(incident.env);
        builder.environment().remove("AWS_LAMBDA_FUNCTION_NAME");
        builder.environment().remove("AWS_LAMBDA_LOG_LEVEL");
        Process p = builder.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the CLI did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }

    private static Incident offering(String prefix) {
        return new Incident(aws, prefix).provisionedTable(1000, 200, Map.of())
                .autoScaling(null, "Read", 100, 1000, 70, 300, 60)
                .metric(null, "ReadProvisionedThroughputThrottleEvents", 400, 30, 0)
                .metric(null, "ConsumedReadCapacityUnits", 60000, 30, 0)
                .withStateTable()
                .env("REMEDIATION_MODE", "approve");
    }

    @Test
    void unknownTask_getsItsMessage_andOneLogLine_andChangesNothing() throws Exception {
        var incident = offering("cli-unknown-task");
        Path event = java.nio.file.Files.createTempFile("unknown-task", ".json");
        java.nio.file.Files.writeString(event, "{\"task\":\"revert-chek\"}");
        aws.resetCalls();

        Run run = cli(incident, "invoke", event.toString());

        assertEquals(2, run.exit(), run.toString());
        assertEquals(2, run.stderr().size(), "one log line and the message: " + run.stderr());
        assertTrue(run.stderr().get(0).contains("\"level\":\"ERROR\""), run.stderr().get(0));
        assertTrue(run.stderr().get(1).startsWith("unusable event: unknown task 'revert-chek': expected revert-check"),
                run.stderr().get(1));
        assertEquals(0, aws.calls().size(), "nothing read, nothing changed: " + aws.calls());
    }

    @Test
    void approve_appliesThePlan_andRecordsTheCallerAsTheApprover() throws Exception {
        var incident = offering("cli-approve");
        String planId = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")))
                .path("approval").path("planId").asText();

        Run run = cli(incident, "approve", planId);

        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of(), run.stderr());
        JsonNode finding = JSON.readTree(run.stdout());
        assertEquals("APPLIED", finding.path("outcome").asText());
        assertEquals("cli", finding.path("approval").path("decidedVia").asText());
        String caller;
        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder().endpointOverride(aws.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(aws.region())).build()) {
            caller = sts.getCallerIdentity().arn();
        }
        assertEquals(caller, finding.path("approval").path("approver").asText());
        assertEquals(60.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        incident.changes().forEach(c -> assertEquals(caller, c.get("approver").s()));
    }

    @Test
    void anUnknownOrUsedPlan_exitsFour_withOneLineOnStderr_andChangesNothing() throws Exception {
        var incident = offering("cli-refuse");
        String planId = JSON.readTree(incident.invoke(incident.event("alarm-lambda-action.json")))
                .path("approval").path("planId").asText();
        Run rejected = cli(incident, "reject", planId);
        assertEquals(0, rejected.exit(), rejected.toString());
        assertEquals("REJECTED", JSON.readTree(rejected.stdout()).path("outcome").asText());

        for (String id : List.of(planId, "6a1f0c3e-0000-4000-8000-000000000000")) {
            Run run = cli(incident, "approve", id);
            assertEquals(4, run.exit(), run.toString());
            assertEquals("", run.stdout());
            assertEquals(1, run.stderr().size(), run.stderr().toString());
            assertTrue(run.stderr().get(0).startsWith("approve refused, nothing changed: "), run.stderr().get(0));
        }
        assertEquals(70.0, incident.policy(null, "Read").targetTrackingScalingPolicyConfiguration().targetValue());
        assertTrue(incident.changes().isEmpty());

        Run badId = cli(incident, "approve", "not a plan id");
        assertEquals(2, badId.exit(), badId.toString());
        assertEquals(1, badId.stderr().size(), badId.stderr().toString());
    }
}
