package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.ResourceRef;
import java.util.Optional;

/**
 * A change to one setting of one table or GSI, as one unit: what it changes ({@link #before}, {@link #after}), how it
 * is applied (through the {@link ActionPorts} the adapters implement), how it is undone ({@link #undo}), whether the
 * world still matches it ({@link #stale}), how it reads in a finding and which IAM actions it needs (each type's
 * {@code PERMISSIONS}). It is a value (a record of plain components) that the state table's adapter stores as it is:
 * a plan computed now can be stored and applied later, and the journal keeps exactly it.
 *
 * <p>The same type makes a change and, with {@link #restores()} set, restores what an earlier change of its kind
 * set: a revert is not a second type. The "never lower capacity" rule holds in each type's constructor for every
 * change that restores nothing.
 *
 * <p>Sealed: a new kind of change is a new permitted record, and the compiler asks for every method below.
 */
public sealed interface Action
        permits ContributorInsightsChange, TargetTrackingChange, MaxCapacityChange, OnDemandMaximumChange,
        ForecastScheduleChange, WarmThroughputChange {

    ResourceRef resource();

    /** The id of the audit-trail change this one restores; empty for a remediation. */
    Optional<String> restores();

    /** Its name in findings and the audit trail: {@code RetuneTargetTracking}, {@code RestoreTargetTracking}, ... */
    String type();

    /** Which setting it changes: changes to one setting share a cooldown, and a revert takes them newest first. */
    String setting();

    /** What it does, for a person. */
    String description();

    String before();

    String after();

    /** What must be read to undo it, or to see whether it is stale. */
    Reads reads();

    /**
     * Whether it changes a table's or GSI's capacity settings (auto scaling or an on-demand maximum): on a global
     * table those are shared with the other replicas, so only a person may decide it there.
     */
    boolean changesCapacity();

    /**
     * How many CloudWatch Contributor Insights rules it adds in the region (they count against the region's quota):
     * what the rule budget holds it to. Zero for a change that adds none.
     *
     * @param hasSortKey whether its resource has a sort key (DynamoDB adds a sort-key rule beside each partition-key
     *                   rule)
     */
    int insightRulesAdded(boolean hasSortKey);

    /**
     * What a person approving it should know of its revert, if anything beyond "restored once the table is calm":
     * a sentence a finding adds.
     */
    Optional<String> revertCaveat();

    /** Whether it changes auto scaling, which drifts from a CloudFormation template that manages the table. */
    boolean changesAutoScaling();

    /**
     * Whether only a person may decide it: such a change is offered for approval and never applied automatically,
     * whatever the mode ({@link dev.hpr.remediator.core.planning.Plan} refuses it among the actions applied without one).
     * Restores never need approval: they put back what was there before the remediator.
     */
    boolean needsApproval();

    /**
     * Makes the change through the adapters.
     *
     * @throws ActionFailedException when AWS refused it or reported it failed
     */
    void apply(ActionPorts ports);

    /** What restoring it means now: restore (the change that does), leave it (changed since), or wait. */
    Undo undo(Current now, String changeId);

    /** Why its "before" no longer holds, if it does not (the setting changed since it was planned). */
    Optional<String> stale(Current now);

    /**
     * Which of its values the setting holds now: how the journal settles this change when its invocation died (or its
     * record failed) between AWS's answer and the record. Every kind of change answers it, so reconciliation needs no
     * list of its own.
     */
    Holds holds(Current now);

    /** The world after it: what {@link #undo} of an older change of the same setting compares with. */
    Current project(Current now);

    /** What must be read from AWS about a resource before an action of this kind can be judged. */
    enum Reads {
        /** Application Auto Scaling targets and policies. */
        AUTO_SCALING,
        /** DescribeContributorInsights. */
        CONTRIBUTOR_INSIGHTS,
        /** DescribeTable, which every judgement reads anyway. */
        TABLE,
        /** Application Auto Scaling targets and their scheduled actions (DescribeScheduledActions). */
        SCHEDULED_ACTIONS,
        /** The table's and GSIs' WarmThroughput (DescribeTable). */
        WARM_THROUGHPUT
    }
}
