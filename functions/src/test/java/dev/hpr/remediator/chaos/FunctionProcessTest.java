package dev.hpr.remediator.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hpr.testfixtures.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function killed in its own JVM after AWS applied a change and before the answer reached it: the
 * {@link FunctionProcess} harness the chaos tests use. This test pins only what AWS holds and that the process died;
 * what the audit trail says of such a change is the journal's to pin.
 */
class FunctionProcessTest {

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @AfterEach
    void releaseHeldReplies() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    @Test
    void killWhenHeld_killsTheFunctionAfterAwsAppliedTheRetune_andBeforeItHeardSo() throws Exception {
        // given an under-provisioned table, and PutScalingPolicy's reply for that table held until released
        var incident = ChaosIncident.underProvisionedReads(aws, "chaos-kill");
        assertEquals(70.0, incident.readPolicy().targetValue());
        aws.holdReply("application-autoscaling:PutScalingPolicy", 1, LocalAws.UNTIL_RELEASED,
                LocalAws.literal("\"table/" + incident.table + "\""));

        // when the alarm is handled in a JVM of its own, killed once AWS holds the retune's reply
        FunctionProcess.Exit exit;
        try (var function = FunctionProcess.start(aws, incident.env, "invoke",
                incident.event("alarm-lambda-action.json", dir).toString())) {
            exit = function.killWhenHeld("application-autoscaling:PutScalingPolicy", Duration.ofSeconds(60));
        }

        // then the function died by the kill (SIGKILL: 128 + 9), without printing a finding
        assertEquals(137, exit.code(), exit.toString());
        assertEquals("", exit.stdout(), exit.toString());
        // and AWS applied the retune it never heard back about: TargetValue 70 -> 60
        assertEquals("application-autoscaling:PutScalingPolicy", exit.killedOn().operation());
        assertEquals(200, exit.killedOn().status());
        assertEquals(60.0, incident.readPolicy().targetValue());
        assertFalse(aws.heldReplies().isEmpty(), "the reply is still held for the dead client");
    }
}
