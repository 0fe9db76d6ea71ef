package dev.hpr.remediator.chaos;

import static dev.hpr.remediator.chaos.OnDemandMaximumChaosTest.Fault.JOURNAL_WRITE_FAILS;
import static dev.hpr.remediator.chaos.OnDemandMaximumChaosTest.Fault.KILLED_AFTER_AWS_APPLIED;
import static dev.hpr.remediator.chaos.OnDemandMaximumChaosTest.Fault.KILLED_BEFORE_AWS_ASKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpr.testfixtures.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The on-demand maximum under chaos: an on-demand table throttled at its {@code MaxWriteRequestUnits} (1,000), the
 * raise to 2,000 offered for approval by the alarm (apply mode: Contributor Insights is enabled at once), then
 * approved ({@code approve PLAN_ID}) through the real CLI in a JVM of its own against the local AWS failing between
 * two steps of the journal. The next step (the table's next alarm, or the person approving again) settles what was
 * left from what DynamoDB holds; the maximum is raised exactly once, and after calm the revert check restores the
 * owner's 1,000. The steps not under test (the plan offered, the alarm's OK, the revert check) run through the same
 * handler in this JVM.
 */
class OnDemandMaximumChaosTest {

    /** What goes wrong while the approval raises the maximum. */
    enum Fault {
        /** UpdateTable is applied, and the function is killed before DynamoDB's answer reaches it. */
        KILLED_AFTER_AWS_APPLIED,
        /** The journal's write of the raise's intent answers 500, however often tried. */
        JOURNAL_WRITE_FAILS,
        /** The raise's intent is written, and the function is killed before that write's answer reaches it. */
        KILLED_BEFORE_AWS_ASKED
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPDATE_TABLE = "dynamodb:UpdateTable";
    /** The journal's writes of the raise's entry (its intent, then its settling), and of nothing else. */
    private static final String RAISE_JOURNAL_ITEM = LocalAws.literal("\"S\":\"RaiseOnDemandMaximum\"");
    private static final String INSIGHTS = "EnableContributorInsights=[ACTIVE]";

    private final LocalAws aws = LocalAws.shared();

    @TempDir
    Path dir;

    @AfterEach
    void clearFaultsAndReleaseHeldReplies() {
        aws.clearFaults();
        aws.releaseHeldReplies();
    }

    /**
     * Each row: the fault; the write maximum and the journal right after the faulted approval; the next step; what
     * it says; the journal after it.
     */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(KILLED_AFTER_AWS_APPLIED, 2000L, "{" + INSIGHTS + ", RaiseOnDemandMaximum=[PENDING]}",
                        "the next alarm", "Found half-done and adopted: Raise the on-demand MaxWriteRequestUnits",
                        "{" + INSIGHTS + ", RaiseOnDemandMaximum=[ACTIVE]}"),
                Arguments.of(JOURNAL_WRITE_FAILS, 1000L, "{" + INSIGHTS + "}", "approving again", null,
                        "{" + INSIGHTS + ", RaiseOnDemandMaximum=[ACTIVE]}"),
                Arguments.of(KILLED_BEFORE_AWS_ASKED, 1000L, "{" + INSIGHTS + ", RaiseOnDemandMaximum=[PENDING]}",
                        "approving again", "Found half-done and closed: Raise the on-demand MaxWriteRequestUnits",
                        "{" + INSIGHTS + ", RaiseOnDemandMaximum=[NOT_APPLIED, ACTIVE]}"));
    }

    @ParameterizedTest(name = "{0}, then {3}")
    @MethodSource("rows")
    void theMaximumIsRaisedOnce_settledFromWhatDynamoDbHolds_andRestoredAfterCalm(Fault fault, long maximumAfterFault,
            String journalAfterFault, String nextStep, String said, String journalAfterNextStep) throws Exception {
        // given an on-demand table throttled at its write maximum, and the raise offered for approval by its alarm
        var incident = ChaosIncident.of(aws, "od-max-" + fault.ordinal(), table -> aws.dynamoDb().createTable(b -> b
                        .tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .onDemandThroughput(o -> o.maxReadRequestUnits(-1L).maxWriteRequestUnits(1000L))))
                .env("LOCK_SECONDS", "2")
                .env("REVERT_AFTER_CALM_MINUTES", "1");
        aws.putDynamoDbMetric(incident.table, null, "WriteMaxOnDemandThroughputThrottleEvents", 300, 30, 0);
        aws.putDynamoDbMetric(incident.table, null, "WriteThrottleEvents", 300, 30, 0);
        Instant alarmAt = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode offered = incident.handle(incident.alarm(dir, alarmAt));
        assertEquals("AWAITING_APPROVAL", offered.path("outcome").asText(), offered.toString());
        JsonNode raise = offered.path("approval").path("actions").get(0);
        assertEquals("RaiseOnDemandMaximum", raise.path("type").asText(), offered.toString());
        assertEquals("MaxWriteRequestUnits 2000", raise.path("after").asText(), offered.toString());
        String planId = offered.path("approval").path("planId").asText();
        incident.published();
        aws.resetCalls();

        // when a person approves it under the fault
        String[] approve = {"approve", planId};
        FunctionProcess.Exit exit = switch (fault) {
            case KILLED_AFTER_AWS_APPLIED -> {
                aws.holdReply(UPDATE_TABLE, 1, LocalAws.UNTIL_RELEASED, LocalAws.literal("\"" + incident.table + "\""));
                yield incident.killedWhenHeld(UPDATE_TABLE, approve);
            }
            case JOURNAL_WRITE_FAILS -> {
                aws.failNext("dynamodb:PutItem", LocalAws.ALWAYS, 500, "InternalServerError",
                        "injected: the state table is unavailable", RAISE_JOURNAL_ITEM);
                yield incident.run(approve);
            }
            case KILLED_BEFORE_AWS_ASKED -> {
                aws.holdReply("dynamodb:PutItem", 1, LocalAws.UNTIL_RELEASED, RAISE_JOURNAL_ITEM);
                yield incident.killedWhenHeld("dynamodb:PutItem", approve);
            }
        };
        aws.clearFaults();
        aws.releaseHeldReplies();

        // then DynamoDB holds what the row says (the read maximum untouched), and so does the journal
        assertEquals(maximumAfterFault, writeMaximum(incident), exit.toString());
        assertEquals(-1L, readMaximum(incident), "the read maximum is left as it was");
        assertEquals(journalAfterFault, incident.journalStatuses().toString(), exit.toString());
        assertEquals(fault == KILLED_AFTER_AWS_APPLIED ? 1 : 0, aws.calls(UPDATE_TABLE), aws.calls().toString());
        if (fault == JOURNAL_WRITE_FAILS) {
            // nothing changed, and the approval failed saying why (exit 1), so that approving again retries it
            assertEquals(1, exit.code(), exit.toString());
            assertTrue(exit.stderr().contains("Could not write the intent of \"Raise the on-demand"
                    + " MaxWriteRequestUnits of table " + incident.table + "\""), exit.toString());
            assertTrue(exit.stderr().contains("Nothing was changed"), exit.toString());
            assertEquals(0, incident.published().size(), "nothing published");
        } else {
            assertEquals(137, exit.code(), exit.toString());
            assertEquals("", exit.stdout(), exit.toString());
        }

        // when the next step comes: the table's next alarm, or the person approving again, the dead one's lock expired
        incident.awaitLockFree(Duration.ofSeconds(10));
        FunctionProcess.Exit next = fault == KILLED_AFTER_AWS_APPLIED
                ? incident.run("invoke", incident.alarm(dir, alarmAt.plus(Duration.ofMinutes(1))).toString())
                : incident.run(approve);

        // then the half-done raise is settled from what DynamoDB holds, and the maximum was raised exactly once
        assertEquals(0, next.code(), next.toString());
        JsonNode finding = JSON.readTree(next.stdout());
        assertEquals(2000L, writeMaximum(incident), next.toString());
        assertEquals(-1L, readMaximum(incident));
        assertEquals(journalAfterNextStep, incident.journalStatuses().toString(), next.toString());
        assertEquals(1, aws.calls(UPDATE_TABLE), "raised once: " + aws.calls());
        if (said != null) {
            assertTrue(finding.toString().contains(said), said + " in " + finding);
        }
        if (fault == KILLED_AFTER_AWS_APPLIED) {
            // the adopted raise's cooldown holds: the next alarm offers no raise past it
            assertTrue(finding.path("approval").isMissingNode() || finding.path("approval").isNull(),
                    finding.toString());
            assertTrue(finding.path("skipped").toString().contains("Cooldown"), finding.toString());
        } else {
            assertEquals("APPLIED", finding.path("outcome").asText(), finding.toString());
        }

        // when the alarm goes OK, stays calm past REVERT_AFTER_CALM_MINUTES, and the revert check runs
        JsonNode ok = incident.handle(incident.ok(dir, alarmAt.plus(Duration.ofMinutes(5))));
        assertEquals("NOT_IN_ALARM", ok.path("outcome").asText(), ok.toString());
        incident.handle(ChaosIncident.task(dir, "revert-check"));

        // then the owner's maximum is back, and the journal says each change was reverted
        assertEquals(1000L, writeMaximum(incident));
        assertEquals(journalAfterNextStep.replace("ACTIVE", "REVERTED"), incident.journalStatuses().toString());
        assertEquals(2, aws.calls(UPDATE_TABLE), "raised once, restored once: " + aws.calls());
    }

    private long writeMaximum(ChaosIncident incident) {
        return aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().onDemandThroughput()
                .maxWriteRequestUnits();
    }

    private long readMaximum(ChaosIncident incident) {
        return aws.dynamoDb().describeTable(b -> b.tableName(incident.table)).table().onDemandThroughput()
                .maxReadRequestUnits();
    }
}
