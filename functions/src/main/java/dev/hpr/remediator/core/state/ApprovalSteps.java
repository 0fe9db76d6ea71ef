package dev.hpr.remediator.core.state;

import dev.hpr.remediator.core.model.Skip;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of an approved plan's actions are left to apply, read from the journal (each entry of an approved change
 * carries its plan and step): an action is applied at most once, ever. A step is left while it has no entry, or its
 * newest entry failed on a transient error or never took effect; it is closed once an entry is in force, unsettled,
 * reverted or left, or AWS refused it for good (a validation error).
 */
public final class ApprovalSteps {

    private ApprovalSteps() {
    }

    /** The indices of the steps left to apply; a skip (ALREADY_DONE) for each step closed, saying how. */
    public static List<Integer> left(StoredPlan plan, List<ChangeRecord> journal, List<Skip> skipped) {
        var left = new ArrayList<Integer>();
        for (int i = 0; i < plan.actions().size(); i++) {
            int step = i;
            Optional<ChangeRecord> newest = journal.stream().filter(c -> c.isStep(plan.planId(), step))
                    .max(Comparator.comparing(ChangeRecord::appliedAt).thenComparing(ChangeRecord::id));
            if (newest.isEmpty() || isLeft(newest.get())) {
                left.add(i);
                continue;
            }
            ChangeRecord entry = newest.get();
            skipped.add(Skip.of(entry.action().resource(), entry.action().description(), Skip.Code.ALREADY_DONE,
                    closed(entry)));
        }
        return left;
    }

    private static boolean isLeft(ChangeRecord entry) {
        return switch (entry.status()) {
            case FAILED -> entry.retryable();
            case NOT_APPLIED -> true;
            case PENDING, ACTIVE, REVERTING, REVERTED, LEFT -> false;
        };
    }

    private static String closed(ChangeRecord entry) {
        return switch (entry.status()) {
            case FAILED -> "AWS refused it for good when approved earlier (change " + entry.id() + "): "
                    + entry.note().orElse("") + " It is not tried again.";
            case PENDING, REVERTING -> "An earlier approval is applying it (change " + entry.id() + ", not settled"
                    + " yet); it is not applied twice.";
            case ACTIVE, REVERTED, LEFT -> "Applied by an earlier approval (change " + entry.id() + ", now "
                    + entry.status().name() + "); it is not applied twice.";
            case NOT_APPLIED -> throw new IllegalStateException("a step that never took effect is left to apply");
        };
    }
}
