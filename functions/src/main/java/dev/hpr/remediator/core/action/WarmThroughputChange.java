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
 * <p>A change concerns only the operation it raises: its staleness, whether it holds, what it applies and what it
 * projects all read and touch that operation's units alone. The other operation's units are recorded as the plan saw
 * them (plans stored by earlier versions carry both, so the record keeps both components) and are neither compared
 * nor sent: a read raise and a write raise offered on the same day are approved and applied independently, and
 * applying one never rewrites or lowers the other.
 *
 * @param operation which unit the forecast raised; the other is recorded as it was and left to AWS
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
        long before = operation == OperationType.READ ? readBefore : writeBefore;
        long after = operation == OperationType.READ ? readAfter : writeAfter;
        if (after <= before) {
            throw new IllegalArgumentException("warm throughput may only go up: " + operation.lower() + " " + before
                    + " -> " + after + " units/s");
        }
        boolean otherKept = operation == OperationType.READ ? writeAfter == writeBefore : readAfter == readBefore;
        if (!otherKept) {
            throw new IllegalArgumentException("a warm throughput change raises one operation, " + operation.lower()
                    + ", and keeps the other: " + readBefore + "/" + writeBefore + " -> " + readAfter + "/"
                    + writeAfter);
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

    /** Per operation: a read raise and a write raise are two settings (and two cooldowns), as AWS keeps them. */
    @Override
    public String setting() {
        return resource.shortName() + "|warm-throughput:" + operation.lower();
    }

    @Override
    public String description() {
        return "Raise " + operation.lower() + " warm throughput of " + resource.label() + " (cannot be lowered,"
                + " charged)";
    }

    @Override
    public String before() {
        return "WarmThroughput " + beforeUnits() + " " + operation.lower() + " units/s";
    }

    @Override
    public String after() {
        return "WarmThroughput " + afterUnits() + " " + operation.lower() + " units/s";
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
        ports.tables().raiseWarmThroughput(resource, operation, afterUnits());
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
        long units = level.get().of(operation);
        return units == beforeUnits() ? Optional.empty() : Optional.of("warm throughput is now " + units + " "
                + operation.lower() + " units/s, not the " + beforeUnits() + " the plan saw");
    }

    /** AFTER when the raised operation is at the raise, BEFORE when at what the plan saw; the other is not read. */
    @Override
    public Holds holds(Current now) {
        return now.warmThroughputOf(resource).map(l -> {
            long units = l.of(operation);
            String text = units + " " + operation.lower() + " units/s";
            if (units == afterUnits()) {
                return Holds.after(text);
            }
            return units == beforeUnits() ? Holds.before(text) : Holds.neither(text);
        }).orElseGet(() -> Holds.neither("no warm throughput reported for " + resource.label()));
    }

    /** The raised operation at its raise; the other as DynamoDB reports it now (as the plan saw it if none). */
    @Override
    public Current project(Current now) {
        WarmThroughputLevel level = now.warmThroughputOf(resource)
                .orElseGet(() -> new WarmThroughputLevel(resource, readBefore, writeBefore));
        return now.withWarmThroughput(operation == OperationType.READ
                ? new WarmThroughputLevel(resource, afterUnits(), level.writeUnitsPerSecond())
                : new WarmThroughputLevel(resource, level.readUnitsPerSecond(), afterUnits()));
    }

    private long beforeUnits() {
        return operation == OperationType.READ ? readBefore : writeBefore;
    }

    private long afterUnits() {
        return operation == OperationType.READ ? readAfter : writeAfter;
    }
}
