package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The email: what happened, what changed, what did not and why, what to do; then details; plain text. */
class FindingEmailTest {

    private static final List<String> SECTIONS = List.of("WHAT HAPPENED", "WHAT WAS CHANGED",
            "WHAT WAS NOT CHANGED AND WHY", "WHAT TO DO NEXT", "DETAILS", "CAVEATS");

    private final FindingRenderer renderer = new FindingRenderer();

    static List<String> scenarios() {
        return RecordedFindings.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void email_hasItsSectionsInOrder_shortLines_andNoMarkdown_forEveryRecordedScenario(String scenario) {
        // given
        Finding finding = RecordedFindings.finding(scenario);

        // when
        String email = renderer.email(finding);
        List<String> lines = email.lines().toList();

        // then
        assertEquals("WHAT HAPPENED", lines.get(0));
        assertEquals(finding.headline(), lines.get(1).strip());
        int previous = -1;
        for (String section : SECTIONS) {
            int at = lines.indexOf(section);
            assertTrue(at > previous, section + " out of order in\n" + email);
            previous = at;
        }
        for (String line : lines) {
            assertTrue(line.length() <= 100 || !line.strip().contains(" "), "long line: " + line);
        }
        assertFalse(email.contains("**") || email.contains("`") || email.contains("\n#"), email);
        assertTrue(email.endsWith("Finding " + finding.id() + ", generated 2026-11-23T03:00:20Z in us-east-1\nSchema "
                + Finding.SCHEMA + "\n"), email);
    }

    @Test
    void email_saysWhatHappenedFirst_withTableAlarmAndWindow() {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant");

        // when
        List<String> firstLines = renderer.email(finding).lines().limit(8).toList();

        // then
        String top = String.join("\n", firstLines);
        assertTrue(top.contains("Table:     orders (us-east-1, PROVISIONED)"), top);
        assertTrue(top.contains("Alarm:     orders-throttles is ALARM since 2026-11-23T02:59:40Z"), top);
        assertTrue(top.contains("Window:    2026-11-23T02:00:00Z to 2026-11-23T03:00:00Z"), top);
    }

    @Test
    void email_saysTheAccountWithTheRegion_whenTheFunctionKnowsIt() {
        // given: a member of an organisation, as its finding reaches the hub's email subscribers
        Finding finding = RecordedFindings.finding("hot-key-write-dominant").inAccount(java.util.Optional.of("111122223333"));

        // when
        String email = renderer.email(finding);

        // then
        assertTrue(email.contains("Table:     orders (us-east-1, account 111122223333, PROVISIONED)"), email);
        assertTrue(email.endsWith("generated 2026-11-23T03:00:20Z in us-east-1, account 111122223333\nSchema "
                + Finding.SCHEMA + "\n"), email);
    }

    @Test
    void email_namesTheKeyWithItsShare_andTheResource_whenOneKeyDominates() {
        // given
        Finding finding = RecordedFindings.finding("hot-key-write-dominant");

        // when
        String email = renderer.email(finding);

        // then
        String next = section(email, "WHAT TO DO NEXT");
        assertTrue(next.contains("1. Write-shard the hot key (table orders)"), next);
        assertTrue(next.contains("customer#celebrity-42"), next);
        String details = section(email, "DETAILS");
        assertTrue(details.contains("Hot keys of table orders: DOMINANT, 3 of 3 keys shown"), details);
        assertTrue(details.contains("94.0%  customer#celebrity-42  (3,300)"), details);
        assertTrue(details.contains("table orders, writes: hot partition, 3,600 throttled events"), details);
        String notChanged = section(email, "WHAT WAS NOT CHANGED AND WHY");
        assertTrue(notChanged.contains("- Retune write auto scaling (table orders): A hot partition throttles"),
                notChanged);
    }

    @Test
    void email_listsEachChangeWithBeforeAfterAndStatus_whenChangesWereApplied() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read");

        // when
        String changed = section(renderer.email(finding), "WHAT WAS CHANGED");

        // then
        assertTrue(changed.contains("1. [APPLIED] Enable Contributor Insights (THROTTLED_KEYS) on table orders"), changed);
        assertTrue(changed.contains("DISABLED -> ENABLED (THROTTLED_KEYS)"), changed);
        assertTrue(changed.contains("3. [APPLIED] Raise read MaxCapacity of table orders"), changed);
        assertTrue(changed.contains("MaxCapacity 1000 -> MaxCapacity 2000"), changed);
    }

    @Test
    void email_saysNothingWasApplied_whenDryRun() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().mode(RemediationMode.DRY_RUN));

        // when
        String changed = section(renderer.email(finding), "WHAT WAS CHANGED");

        // then
        assertTrue(changed.contains("Nothing: dry-run. These changes are planned, not applied:"), changed);
        assertTrue(changed.contains("1. [PLANNED] Enable Contributor Insights"), changed);
    }

    @Test
    void email_showsTheError_whenAChangeFailed() {
        // given
        Finding finding = RecordedFindings.finding("under-provisioned-read",
                RecordedFindings.Options.defaults().failingFirstAction());

        // when
        String changed = section(renderer.email(finding), "WHAT WAS CHANGED");

        // then
        assertTrue(changed.contains("1. [FAILED] Enable Contributor Insights"), changed);
        assertTrue(changed.contains("error: AccessDeniedException"), changed);
    }

    @Test
    void email_saysRemediationIsOff_whenTheTableIsTaggedOff() {
        // given
        Finding finding = RecordedFindings.finding("tag-off");

        // when
        String changed = section(renderer.email(finding), "WHAT WAS CHANGED");

        // then
        assertTrue(changed.contains("Nothing: remediation is off for this table (tag hot-partition-remediator=off)"),
                changed);
    }

    @Test
    void email_keepsItsSections_whenTheAlarmIsOk() {
        // given
        Finding finding = RecordedFindings.undiagnosed(Finding.Outcome.NOT_IN_ALARM, "orders", "OK",
                "orders: alarm orders-throttles is OK; nothing to do.");

        // when
        String email = renderer.email(finding);

        // then
        SECTIONS.forEach(s -> assertTrue(email.lines().anyMatch(s::equals), s));
        assertTrue(email.contains("Alarm:     orders-throttles is OK since"), email);
        assertTrue(section(email, "DETAILS").contains("No diagnosis"), email);
    }

    @Test
    void email_listsTheRestores_whenTheRevertCheckRestoredChanges() {
        // given
        Finding finding = RecordedFindings.reverted(true);

        // when
        String email = renderer.email(finding);

        // then
        String changed = section(email, "WHAT WAS CHANGED");
        assertTrue(changed.contains("1. [APPLIED] Restore read target tracking of table orders (policy orders-read,"
                + " change chg-1)"), changed);
        assertTrue(changed.contains("2. [FAILED] Restore read MaxCapacity of table orders (change chg-2)"), changed);
        assertTrue(changed.contains("error: ValidationException"), changed);
        assertTrue(section(email, "DETAILS").contains("revert check"), email);
    }

    /** The lines from a section's heading to the next blank line. */
    static String section(String email, String heading) {
        int start = email.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " missing in\n" + email);
        int end = email.indexOf("\n\n", start + 1);
        return email.substring(start + 1, end < 0 ? email.length() : end);
    }
}
