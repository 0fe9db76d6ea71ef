package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raises an on-demand table's (or GSI's) maximum throughput, {@code OnDemandThroughput.Max<Read|Write>RequestUnits}.
 * That maximum is a cost limit its owner chose, so a raise is only ever offered for approval ({@link #needsApproval});
 * the revert restores the owner's value once the table is calm.
 *
 * <p>UpdateTable is sent with this operation's maximum only: the other is left as it is ("If you use this
 * parameter, you must specify MaxReadRequestUnits, MaxWriteRequestUnits, or both", DynamoDB API Reference,
 * UpdateTable), so a read and a write raise of one plan do not overwrite each other. {@value #NO_MAXIMUM} is AWS's
 * "no maximum" ({@code OnDemandThroughput}: "To remove the maximum ... set the value ... to -1").
 *
 * @param maximumBefore the maximum when planned ({@value #NO_MAXIMUM}: none)
 * @param maximumAfter  the maximum it sets
 */
public record OnDemandMaximumChange(ResourceRef resource, OperationType operation, long maximumBefore,
                                    long maximumAfter, Optional<String> restores) implements Action {

    /** AWS's value for "no maximum". */
    public static final long NO_MAXIMUM = -1;

    /** UpdateTable with OnDemandThroughput, for the table or in a GlobalSecondaryIndexUpdates entry. */
    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:UpdateTable"));

    public OnDemandMaximumChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(restores, "restores");
        maximumBefore = normalise(maximumBefore);
        maximumAfter = normalise(maximumAfter);
        if (restores.isEmpty() && (maximumBefore == NO_MAXIMUM || maximumAfter <= maximumBefore)) {
            throw new IllegalArgumentException("an on-demand maximum may only be raised from a set value: "
                    + maximumBefore + " -> " + maximumAfter);
        }
    }

    /** Raises a set maximum. */
    public static OnDemandMaximumChange raise(ResourceRef resource, OperationType operation, long before, long after) {
        return new OnDemandMaximumChange(resource, operation, before, after, Optional.empty());
    }

    /** A resource's maximum for an operation as read, {@value #NO_MAXIMUM} when none. */
    static long maximumOf(TableDescription table, ResourceRef resource, OperationType operation) {
        return table.onDemandMaximumFor(resource).map(c -> normalise(c.of(operation))).orElse(NO_MAXIMUM);
    }

    private static long normalise(long value) {
        return value <= 0 ? NO_MAXIMUM : value;
    }

    private String field() {
        return "Max" + operation.word() + "RequestUnits";
    }

    private String text(long value) {
        return field() + " " + (value == NO_MAXIMUM ? "none (-1)" : Long.toString(value));
    }

    @Override
    public String type() {
        return restores.isEmpty() ? "RaiseOnDemandMaximum" : "RestoreOnDemandMaximum";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|on-demand-maximum:" + operation.lower();
    }

    @Override
    public String description() {
        return restores.map(change -> "Restore the on-demand " + field() + " of " + resource.label() + " (change "
                + change + ")").orElse("Raise the on-demand " + field() + " of " + resource.label());
    }

    @Override
    public String before() {
        return text(maximumBefore);
    }

    @Override
    public String after() {
        return text(maximumAfter);
    }

    @Override
    public Reads reads() {
        return Reads.TABLE;
    }

    @Override
    public boolean changesAutoScaling() {
        return false;
    }

    /** A raise overrides a cost limit its owner chose: only a person decides it. Its restore needs no one. */
    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return Optional.of("The revert restores the on-demand maximum its owner had set.");
    }

    @Override
    public boolean changesCapacity() {
        return true;
    }

    @Override
    public boolean needsApproval() {
        return restores.isEmpty();
    }

    @Override
    public void apply(ActionPorts ports) {
        ports.tables().updateOnDemandMaximum(resource, operation, maximumAfter);
    }

    /** Restored while the maximum still holds what this remediator set. */
    @Override
    public Undo undo(Current now, String changeId) {
        if (!now.table().isOnDemand()) {
            return Undo.left(resource.label() + " is no longer on-demand; nothing to restore.");
        }
        long current = maximumOf(now.table(), resource, operation);
        if (current != maximumAfter) {
            return Undo.left("Changed since by a person or another tool: " + text(current) + ", not the "
                    + maximumAfter + " this remediator set; left as it is.");
        }
        return Undo.restore(new OnDemandMaximumChange(resource, operation, maximumAfter, maximumBefore,
                Optional.of(changeId)));
    }

    @Override
    public Optional<String> stale(Current now) {
        if (!now.table().isOnDemand()) {
            return Optional.of(resource.label() + " is no longer on-demand");
        }
        if (resource.isIndex() && now.table().index(resource.indexName().get()).isEmpty()) {
            return Optional.of(resource.label() + " no longer exists");
        }
        long current = maximumOf(now.table(), resource, operation);
        return current == maximumBefore ? Optional.empty()
                : Optional.of(field() + " is now " + (current == NO_MAXIMUM ? "none" : current) + ", not the "
                        + maximumBefore + " the plan saw");
    }

    @Override
    public Holds holds(Current now) {
        if (!now.table().isOnDemand()) {
            return Holds.neither(resource.label() + " is no longer on-demand");
        }
        if (resource.isIndex() && now.table().index(resource.indexName().get()).isEmpty()) {
            return Holds.neither(resource.label() + " no longer exists");
        }
        long current = maximumOf(now.table(), resource, operation);
        return Holds.of(current, maximumBefore, maximumAfter, text(current));
    }

    @Override
    public Current project(Current now) {
        return now.withOnDemandMaximum(resource, operation, maximumAfter);
    }
}
