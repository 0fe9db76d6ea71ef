package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raises an on-demand table's or GSI's {@code WarmThroughput} (UpdateTable) ahead of a forecast peak. Always for a
 * person to approve: "Once increased, warm throughput values can't be decreased" and the raise is charged
 * (DynamoDB Developer Guide, "Understanding DynamoDB warm throughput"). So it is never lowered, and its undo is
 * always left.
 *
 * @param operation which unit the forecast raised; the other is sent as it was
 */
public record WarmThroughputChange(ResourceRef resource, OperationType operation, long readBefore, long writeBefore,
                                   long readAfter, long writeAfter, Optional<String> restores) implements Action {

    /** UpdateTable on the protected tables (a GSI's warm throughput is set through its table's UpdateTable). */
    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTables("dynamodb:UpdateTable"));

    /** What the finding and the undo say. */
    public static final String CANNOT_BE_LOWERED = "Warm throughput cannot be lowered once raised (DynamoDB Developer"
            + " Guide, \"Understanding DynamoDB warm throughput\"), and raising it is charged: it is left as it is.";

    public WarmThroughputChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(restores, "restores");
        if (restores.isPresent()) {
            throw new IllegalArgumentException("warm throughput cannot be lowered: there is no restore of a raise");
        }
        if (readAfter < readBefore || writeAfter < writeBefore || (readAfter == readBefore
                && writeAfter == writeBefore)) {
            throw new IllegalArgumentException("warm throughput may only go up: " + readBefore + "/" + writeBefore
                    + " -> " + readAfter + "/" + writeAfter);
        }
    }

    /** A raise of one operation's units, the other kept. */
    public static WarmThroughputChange raise(WarmThroughputLevel current, OperationType operation, long to) {
        return operation == OperationType.READ
                ? new WarmThroughputChange(current.resource(), operation, current.readUnitsPerSecond(),
                        current.writeUnitsPerSecond(), to, current.writeUnitsPerSecond(), Optional.empty())
                : new WarmThroughputChange(current.resource(), operation, current.readUnitsPerSecond(),
                        current.writeUnitsPerSecond(), current.readUnitsPerSecond(), to, Optional.empty());
    }

    @Override
    public String type() {
        return "RaiseWarmThroughput";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|warm-throughput";
    }

    @Override
    public String description() {
        return "Raise " + operation.lower() + " warm throughput of " + resource.label() + " (cannot be lowered,"
                + " charged)";
    }

    @Override
    public String before() {
        return "WarmThroughput " + readBefore + " read / " + writeBefore + " write units/s";
    }

    @Override
    public String after() {
        return "WarmThroughput " + readAfter + " read / " + writeAfter + " write units/s";
    }

    @Override
    public Reads reads() {
        return Reads.WARM_THROUGHPUT;
    }

    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return Optional.of(CANNOT_BE_LOWERED);
    }

    @Override
    public boolean changesCapacity() {
        return true;
    }

    @Override
    public boolean changesAutoScaling() {
        return false;
    }

    @Override
    public boolean needsApproval() {
        return true;
    }

    @Override
    public void apply(ActionPorts ports) {
        ports.tables().raiseWarmThroughput(resource, readAfter, writeAfter);
    }

    @Override
    public Undo undo(Current now, String changeId) {
        return Undo.left(CANNOT_BE_LOWERED);
    }

    @Override
    public Optional<String> stale(Current now) {
        Optional<WarmThroughputLevel> level = now.warmThroughputOf(resource);
        if (level.isEmpty()) {
            return Optional.of("DynamoDB reports no warm throughput for " + resource.label());
        }
        return level.get().readUnitsPerSecond() == readBefore && level.get().writeUnitsPerSecond() == writeBefore
                ? Optional.empty() : Optional.of("warm throughput is now " + text(level.get()) + ", not the "
                        + readBefore + " read / " + writeBefore + " write units/s the plan saw");
    }

    @Override
    public Holds holds(Current now) {
        return now.warmThroughputOf(resource).map(l -> {
            String text = text(l);
            if (l.readUnitsPerSecond() >= readAfter && l.writeUnitsPerSecond() >= writeAfter) {
                return l.readUnitsPerSecond() == readAfter && l.writeUnitsPerSecond() == writeAfter
                        ? Holds.after(text) : Holds.neither(text);
            }
            return l.readUnitsPerSecond() == readBefore && l.writeUnitsPerSecond() == writeBefore
                    ? Holds.before(text) : Holds.neither(text);
        }).orElseGet(() -> Holds.neither("no warm throughput reported for " + resource.label()));
    }

    @Override
    public Current project(Current now) {
        return now.withWarmThroughput(new WarmThroughputLevel(resource, readAfter, writeAfter));
    }

    private static String text(WarmThroughputLevel l) {
        return l.readUnitsPerSecond() + " read / " + l.writeUnitsPerSecond() + " write units/s";
    }
}
