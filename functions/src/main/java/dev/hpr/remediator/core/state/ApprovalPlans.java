package dev.hpr.remediator.core.state;

import java.util.Optional;

/** The plans offered for approval, kept until decided or expired. */
public interface ApprovalPlans {

    /** Keeps a plan awaiting approval until it is decided or expires. */
    void savePlan(StoredPlan plan);

    Optional<StoredPlan> plan(String planId);

    /**
     * Decides a pending plan, once: only the first of any number of concurrent decisions succeeds, and none after
     * the plan expired.
     *
     * @return the plan as decided; empty when it was not pending and unexpired at {@code decision.at()} (the caller
     *         reads it again to say why)
     */
    Optional<StoredPlan> decide(StoredPlan.Decision decision);
}
