package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SNS Subject: under 100 printable ASCII characters on one line, saying table, state and what was done. */
class FindingSubjectTest {

    private final FindingRenderer renderer = new FindingRenderer();

    static Stream<Arguments> everyScenarioInEveryMode() {
        var arguments = new ArrayList<Arguments>();
        for (String name : RecordedFindings.names()) {
            for (RemediationMode mode : RemediationMode.values()) {
                arguments.add(Arguments.of(name, mode));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyScenarioInEveryMode")
    void subject_isUnder100PrintableAsciiCharactersOnOneLine_forEveryScenarioAndMode(String scenario,
                                                                                    RemediationMode mode) {
        // given
        Finding finding = RecordedFindings.finding(scenario, RecordedFindings.Options.defaults().mode(mode));

        // when
        String subject = renderer.subject(finding);

        // then
        assertSnsSubject(subject);
        RemediationMode effective = finding.plan().orElseThrow().mode();
        assertTrue(subject.startsWith(effective == RemediationMode.APPLY ? "[HPR] " : "[HPR " + effective.word() + "] "),
                subject);
    }

    @Test
    void subject_countsAppliedChanges_whenUnderProvisionedTableWasRetuned() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read");

        // when / then
        assertEquals("[HPR] orders: under-provisioned (read) - 3 changes applied", renderer.subject(finding));
    }

    @Test
    void subject_saysDryRunAndPlanned_whenModeIsDryRun() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().mode(RemediationMode.DRY_RUN));

        // when / then
        assertEquals("[HPR dry-run] orders: under-provisioned (read) - 3 changes planned", renderer.subject(finding));
    }

    @Test
    void subject_saysFailed_whenAnActionFailed() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().failingFirstAction());

        // when / then
        assertEquals("[HPR] orders: under-provisioned (read) - 1 of 3 changes FAILED", renderer.subject(finding));
    }

    @Test
    void subject_pointsToNextSteps_whenHotKeyNeedsAPersonNotCapacity() {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant");

        // when / then
        assertEquals("[HPR] orders: hot partition (write) - no change, see next steps", renderer.subject(finding));
    }

    @Test
    void subject_namesTheGsi_whenTheMainCauseIsOnAnIndex() {
        // given
        Finding finding = RecordedFindings.finding("gsi-hot-partition-spread");

        // when / then
        assertTrue(renderer.subject(finding).startsWith("[HPR] orders/byStatus: hot partition (write) - "),
                renderer.subject(finding));
    }

    @Test
    void subject_saysSelfHealed_whenThrottlingStoppedOnItsOwn() {
        // given
        Finding finding = RecordedFindings.finding("burst-self-healed");

        // when / then
        assertTrue(renderer.subject(finding).contains(", self-healed - "), renderer.subject(finding));
    }

    @Test
    void subject_saysModeOff_whenTheTableIsTaggedOff() {
        // given
        Finding finding = RecordedFindings.finding("tag-off");

        // when / then
        assertEquals("[HPR off] ledger: under-provisioned (write) - no change (mode off)", renderer.subject(finding));
    }

    @Test
    void subject_saysNothingToDo_whenAlarmIsOk() {
        // given
        Finding finding = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "orders", "OK",
                "orders: alarm orders-throttles is OK; nothing to do.");

        // when / then
        assertEquals("[HPR] orders: alarm OK - nothing to do", renderer.subject(finding));
    }

    @Test
    void subject_saysRefusedOrFailed_andNothingChanged_forTheOtherOutcomes() {
        // given
        Finding refused = RecordedFindings.undiagnosed(Finding.Outcome.REFUSED, "orders", "ALARM",
                "orders: not remediated. The table is not in the protected list.");
        Finding failed = RecordedFindings.undiagnosed(Finding.Outcome.FAILED, "orders", "ALARM",
                "orders: diagnosis failed (ThrottlingException); nothing was changed.");

        // when / then
        assertEquals("[HPR] orders: refused - nothing changed", renderer.subject(refused));
        assertEquals("[HPR] orders: diagnosis FAILED - nothing changed", renderer.subject(failed));
    }

    @Test
    void subject_saysNothingChanged_whenTheDeliveryIsADuplicateOrAnotherInvocationIsAtWork() {
        // given
        Finding duplicate = RecordedFindings.undiagnosed(Finding.Outcome.DUPLICATE, "orders", "ALARM",
                "orders: this alarm delivery was already handled.");
        Finding inProgress = RecordedFindings.undiagnosed(Finding.Outcome.IN_PROGRESS, "orders", "ALARM",
                "orders: another invocation is remediating this table now.");

        // when / then
        assertEquals("[HPR] orders: duplicate alarm delivery - nothing changed", renderer.subject(duplicate));
        assertEquals("[HPR] orders: already being remediated - nothing changed", renderer.subject(inProgress));
    }

    @Test
    void subject_countsRestores_whenTheRevertCheckRestoredChanges() {
        // when / then
        assertEquals("[HPR] orders: calm again, revert - 3 changes restored",
                renderer.subject(RecordedFindings.reverted(false)));
        assertEquals("[HPR] orders: calm again, revert - 1 of 3 restores FAILED",
                renderer.subject(RecordedFindings.reverted(true)));
    }

    @Test
    void subject_staysUnder100Characters_andKeepsBothEndsOfTheName_whenTableNameHas255Characters() {
        // given
        String table = "orders-" + "x".repeat(239) + "-eu-west1";
        assertEquals(255, table.length());
        Finding finding = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, table, "OK", "ok");

        // when
        String subject = renderer.subject(finding);

        // then
        assertSnsSubject(subject);
        assertTrue(subject.startsWith("[HPR] orders-xxx"), subject);
        assertTrue(subject.contains("...eu-west1: alarm OK - nothing to do"), subject);
    }

    @Test
    void subject_isAsciiOnly_whenNamesCarryLineBreaksOrNonAsciiCharacters() {
        // given
        Finding finding = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "commandes-été\nnext", "OK", "ok");

        // when
        String subject = renderer.subject(finding);

        // then
        assertSnsSubject(subject);
        assertEquals("[HPR] commandes-?t? next: alarm OK - nothing to do", subject);
    }

    static void assertSnsSubject(String subject) {
        assertTrue(subject.length() < 100, "subject has " + subject.length() + " characters: " + subject);
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "subject is not printable ASCII: " + subject);
        assertTrue(Character.isLetterOrDigit(subject.charAt(0)) || List.of('[', '(').contains(subject.charAt(0)),
                subject);
    }
}
