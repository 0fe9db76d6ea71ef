package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.state.ChangeRecord;
import dev.hpr.remediator.core.state.Journal;
import dev.hpr.remediator.core.state.Reconciliation;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.core.action.Current;
import dev.hpr.remediator.logging.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles a table's journal entries that a gone invocation left unsettled, from what AWS holds now
 * ({@link Reconciliation}); run by every path that changes a table, right after it takes the table's lock and before
 * it plans: the alarm path, the sweep, an approval, the revert check and the forecast.
 */
public final class Reconciler {

    private final Journal journal;
    private final CurrentReader reader;
    private final Log log;

    public Reconciler(Journal journal, CurrentReader reader, Log log) {
        this.journal = journal;
        this.reader = reader;
        this.log = log;
    }

    /** The table's entries after settling, and what a finding says about each one settled. */
    public record Result(List<ChangeRecord> changes, List<String> said) {
    }

    /**
     * @param changes the table's entries as just read
     * @param owner   the caller's lock owner (its own entries are its to settle)
     */
    Result reconcile(TableDescription table, List<ChangeRecord> changes, String owner, ScalingPolicies policies) {
        List<ChangeRecord> unsettled = Reconciliation.toSettle(changes, owner);
        if (unsettled.isEmpty()) {
            return new Result(changes, List.of());
        }
        Current current;
        try {
            current = reader.read(table, Reconciliation.reads(unsettled), policies);
        } catch (AwsCallFailed e) {
            log.warn("could not read what AWS holds; unsettled journal entries are settled later", "table",
                    table.name(), "entries", unsettled.size(), "error", e.getMessage());
            return new Result(changes, List.of("Journal: " + unsettled.size() + " entr" + (unsettled.size() == 1
                    ? "y" : "ies") + " left unsettled by an earlier invocation could not be settled now ("
                    + e.getMessage() + "); they count for cooldowns and are settled at the next invocation."));
        }
        var said = new ArrayList<String>();
        var after = new ArrayList<>(changes);
        for (Reconciliation.Settled settled : Reconciliation.settle(unsettled, current)) {
            try {
                if (!journal.settle(settled.from(), settled.to())) {
                    continue;
                }
            } catch (AwsCallFailed e) {
                log.warn("could not settle a journal entry; settled later", "table", table.name(),
                        "change", settled.from().id(), "error", e.getMessage());
                continue;
            }
            log.info("journal entry settled by reconciliation", "table", table.name(), "change", settled.from().id(),
                    "from", settled.from().status().name(), "to", settled.to().status().name());
            after.replaceAll(c -> c.id().equals(settled.from().id()) ? settled.to() : c);
            said.add(settled.said());
        }
        return new Result(after, said);
    }
}
