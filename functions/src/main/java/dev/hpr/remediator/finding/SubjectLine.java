package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.model.RemediationMode;
import java.util.Optional;

/**
 * The one line a person sees first: the SNS Subject, and the chat title and summary. SNS wants a Subject under 100
 * characters, printable ASCII, no line breaks: {@code [HPR] orders: hot partition (write) - 2 changes applied}.
 */
final class SubjectLine {

    /** SNS: "must be less than 100 characters". */
    static final int MAX_SUBJECT_CHARS = 99;
    private static final int NAME_TAIL_CHARS = 8;

    private SubjectLine() {
    }

    static String subject(Finding finding) {
        String prefix = "[HPR" + finding.plan().map(p -> p.mode() == RemediationMode.APPLY ? "" : " " + p.mode().word())
                .orElse("") + "] ";
        String rest = ": " + Texts.ascii(state(finding) + " - " + changes(finding));
        String name = Texts.ascii(resourceName(finding));
        int room = MAX_SUBJECT_CHARS - prefix.length() - rest.length();
        return Texts.cut(prefix + shorten(name, Math.max(room, 12)) + rest, MAX_SUBJECT_CHARS);
    }

    /** The table, or {@code table/index} when the main cause is on a GSI. */
    static String resourceName(Finding finding) {
        return finding.diagnosis().flatMap(Diagnosis::primaryCause).map(c -> c.resource().shortName())
                .orElse(finding.tableName());
    }

    /** What state the table is in: {@code hot partition (write)}, {@code alarm OK}, {@code diagnosis FAILED}. */
    static String state(Finding finding) {
        return switch (finding.outcome()) {
            case NOT_IN_ALARM -> "alarm " + finding.alarm().map(Finding.AlarmRef::state).orElse("not in ALARM");
            case REFUSED -> "refused";
            case FAILED -> "diagnosis FAILED";
            case DUPLICATE -> "duplicate alarm delivery";
            case IN_PROGRESS -> "already being remediated";
            case REVERTED -> "calm again, revert";
            case DIAGNOSED, AWAITING_APPROVAL -> finding.diagnosis().map(SubjectLine::diagnosed).orElse("diagnosed");
            case APPLIED -> "plan approved";
            case REJECTED -> "plan rejected";
        };
    }

    private static String diagnosed(Diagnosis diagnosis) {
        if (!diagnosis.detection().detected()) {
            return "throttling below thresholds";
        }
        Optional<CauseFinding> primary = diagnosis.primaryCause();
        if (primary.isEmpty()) {
            return "high read load, no throttling";
        }
        int others = diagnosis.causes().size() - 1;
        return primary.get().cause().description() + " (" + primary.get().operation().lower() + ")"
                + (others > 0 ? " +" + others + " more" : "")
                + (diagnosis.pattern().selfHealed() ? ", self-healed" : "");
    }

    /** What the remediator did about it: {@code 2 changes applied}, {@code 3 changes planned}, {@code nothing to do}. */
    static String changes(Finding finding) {
        return switch (finding.outcome()) {
            case NOT_IN_ALARM -> "nothing to do";
            case REFUSED, FAILED, DUPLICATE, IN_PROGRESS, REJECTED -> "nothing changed";
            case REVERTED -> revertedChanges(finding);
            case DIAGNOSED, AWAITING_APPROVAL, APPLIED -> diagnosedChanges(finding);
        };
    }

    private static String revertedChanges(Finding finding) {
        long failed = count(finding, Finding.ActionResult.Status.FAILED);
        int total = finding.results().size();
        if (total == 0) {
            return "nothing restored";
        }
        return failed > 0 ? failed + " of " + Texts.plural(total, "restore", "restores") + " FAILED"
                : Texts.plural(total, "change", "changes") + " restored";
    }

    private static String diagnosedChanges(Finding finding) {
        long applied = count(finding, Finding.ActionResult.Status.APPLIED);
        long planned = count(finding, Finding.ActionResult.Status.PLANNED);
        long failed = count(finding, Finding.ActionResult.Status.FAILED);
        long awaiting = count(finding, Finding.ActionResult.Status.AWAITING_APPROVAL);
        int total = finding.results().size();
        if (awaiting > 0 && failed == 0) {
            return (applied > 0 ? applied + " applied, " : "") + Texts.plural((int) awaiting, "change", "changes")
                    + " await approval";
        }
        if (total == 0) {
            boolean off = finding.plan().map(p -> p.mode() == RemediationMode.OFF).orElse(false);
            return off ? "no change (mode off)"
                    : finding.recommendations().isEmpty() ? "nothing to do" : "no change, see next steps";
        }
        if (failed > 0) {
            return failed + " of " + Texts.plural(total, "change", "changes") + " FAILED";
        }
        if (planned == total) {
            return Texts.plural(total, "change", "changes") + " planned";
        }
        if (applied == total) {
            return Texts.plural(total, "change", "changes") + " applied";
        }
        return Texts.plural(total, "change", "changes") + ": " + applied + " applied, " + planned + " planned";
    }

    private static long count(Finding finding, Finding.ActionResult.Status status) {
        return finding.results().stream().filter(r -> r.status() == status).count();
    }

    /** Keeps the start and the last few characters, which tell apart names like {@code orders-eu-1}/{@code -eu-2}. */
    private static String shorten(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        int head = max - Texts.ELLIPSIS.length() - NAME_TAIL_CHARS;
        return name.substring(0, head) + Texts.ELLIPSIS + name.substring(name.length() - NAME_TAIL_CHARS);
    }
}
