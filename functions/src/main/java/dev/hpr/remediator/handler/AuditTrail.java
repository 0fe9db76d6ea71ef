package dev.hpr.remediator.handler;

import dev.hpr.remediator.core.ChangeRecord;
import dev.hpr.remediator.core.RemediationMode;
import dev.hpr.remediator.core.StateStore;
import dev.hpr.remediator.core.StoredPlan;
import dev.hpr.remediator.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit trail's one way to record what a finding applied: each APPLIED result as an ACTIVE change. */
final class AuditTrail {

    private AuditTrail() {
    }

    /**
     * Records each applied result of {@code findingId} on {@code table}, numbered in the order applied; returns their
     * IDs ({@code CHANGE#<at>#<finding>#<n>}: the state table lists a table's changes by that prefix).
     *
     * @param approval the decision that allowed them; empty for a remediation's own changes
     */
    static List<String> recordApplied(StateStore state, String table, Instant at, String trigger, String findingId,
                                      RemediationMode mode, List<Finding.ActionResult> results,
                                      Optional<StoredPlan.Decision> approval) {
        var ids = new ArrayList<String>();
        for (Finding.ActionResult result : results) {
            if (result.status() != Finding.ActionResult.Status.APPLIED) {
                continue;
            }
            String id = "CHANGE#" + at + "#" + findingId + "#" + ids.size();
            state.recordChange(new ChangeRecord(table, id, at, trigger, findingId, mode, result.action(),
                    ChangeRecord.Status.ACTIVE, Optional.empty(), approval), at);
            ids.add(id);
        }
        return ids;
    }
}
