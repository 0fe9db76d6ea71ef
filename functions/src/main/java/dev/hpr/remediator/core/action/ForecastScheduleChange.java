package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.ScheduledCapacity;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts, replaces or removes one of the forecast's own Application Auto Scaling scheduled actions (a name with
 * {@link ScheduledMinCapacity#NAME_PREFIX}): it only ever sets {@code ScalableTargetAction.MinCapacity}, never a
 * scheduled MaxCapacity (a scheduled maximum below the current capacity scales in and spends one of the table's
 * daily capacity decreases). Its undo removes what it put, or puts back what it replaced or removed.
 *
 * <p>PutScheduledAction and DeleteScheduledAction act on a scalable target (botocore
 * {@code application-autoscaling/2016-02-06}: ServiceNamespace, ResourceId, ScalableDimension,
 * ScheduledActionName); the adapter refuses any name that is not ours.
 *
 * @param was     the action as it was (empty: it did not exist)
 * @param becomes the action as this change leaves it (empty: removed)
 */
public record ForecastScheduleChange(ResourceRef resource, OperationType operation, String name,
                                     Optional<Entry> was, Optional<Entry> becomes, Optional<String> restores)
        implements Action {

    /** A scheduled MinCapacity: the {@code Schedule} expression and the MinCapacity it sets. */
    public record Entry(String schedule, int minCapacity) {
        public Entry {
            Objects.requireNonNull(schedule, "schedule");
            if (minCapacity < 1) {
                throw new IllegalArgumentException("MinCapacity must be >= 1, was " + minCapacity);
            }
        }

        String text() {
            return schedule + " MinCapacity " + minCapacity;
        }

        /** How far a standing raise may be from a new forecast's and stay: its minute, and its MinCapacity. */
        public static final int MINUTES_TOLERANCE = 5;
        public static final double CAPACITY_TOLERANCE = 0.10;

        /**
         * Whether this standing entry may stay where the forecast now wants {@code wanted}, so that the forecast does
         * not replace (journal, publish) a schedule every day as its 14-day window slides: the same days, at most
         * {@value #MINUTES_TOLERANCE} minutes apart, and, for a raise ({@code raise}), a MinCapacity within 10% of the
         * wanted one (the wanted height is a 90th percentile, and target tracking scales on above the floor). A
         * restore's MinCapacity is the table's own and must be exact: a restore to an old minimum would lower the
         * table's new one.
         */
        public boolean closeEnough(Entry wanted, boolean raise) {
            if (minCapacity != wanted.minCapacity && (!raise || Math.abs(minCapacity - wanted.minCapacity)
                    > CAPACITY_TOLERANCE * Math.max(minCapacity, wanted.minCapacity))) {
                return false;
            }
            if (schedule.equals(wanted.schedule)) {
                return true;
            }
            String[] mine = cronFields(schedule);
            String[] theirs = cronFields(wanted.schedule);
            if (mine == null || theirs == null || !String.join(" ", java.util.Arrays.copyOfRange(mine, 2, 6))
                    .equals(String.join(" ", java.util.Arrays.copyOfRange(theirs, 2, 6)))) {
                return false;
            }
            try {
                int a = Integer.parseInt(mine[1]) * 60 + Integer.parseInt(mine[0]);
                int b = Integer.parseInt(theirs[1]) * 60 + Integer.parseInt(theirs[0]);
                // Within a day: a raise moved across midnight also moves its days, and then the days differ above.
                return Math.abs(a - b) <= MINUTES_TOLERANCE;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The minute of the day (UTC) a {@code cron(M H ...)} schedule runs at; empty for another schedule. */
        public static java.util.OptionalInt minuteOfDay(String schedule) {
            String[] fields = cronFields(schedule);
            try {
                return fields == null ? java.util.OptionalInt.empty()
                        : java.util.OptionalInt.of(Integer.parseInt(fields[1]) * 60 + Integer.parseInt(fields[0]));
            } catch (NumberFormatException e) {
                return java.util.OptionalInt.empty();
            }
        }

        /** The six fields of {@code cron(M H DOM MON DOW Y)}, or null. */
        private static String[] cronFields(String schedule) {
            if (!schedule.startsWith("cron(") || !schedule.endsWith(")")) {
                return null;
            }
            String[] fields = schedule.substring(5, schedule.length() - 1).split(" ");
            return fields.length == 6 ? fields : null;
        }
    }

    /**
     * Scheduled actions on DynamoDB scalable targets: resource {@code *} conditioned on the service namespace, as
     * for RegisterScalableTarget (scalable-target ARNs are opaque IDs). Application Auto Scaling validates the
     * target service's permissions for PutScalingPolicy and RegisterScalableTarget only (Application Auto Scaling
     * User Guide, "Permissions validation for API calls on target resources"), not for scheduled actions.
     */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("application-autoscaling:PutScheduledAction",
                    IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS),
            new IamPermission("application-autoscaling:DeleteScheduledAction",
                    IamPermission.Scope.DYNAMODB_SCALABLE_TARGETS));

    public ForecastScheduleChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(was, "was");
        Objects.requireNonNull(becomes, "becomes");
        Objects.requireNonNull(restores, "restores");
        if (!ScheduledMinCapacity.isOurs(name)) {
            throw new IllegalArgumentException("the forecast touches only its own scheduled actions ("
                    + ScheduledMinCapacity.NAME_PREFIX + "...), not '" + name + "'");
        }
        if (was.equals(becomes)) {
            throw new IllegalArgumentException("a change of scheduled action " + name + " must change it");
        }
    }

    public static ForecastScheduleChange put(ResourceRef resource, OperationType operation, String name,
                                             Optional<Entry> before, Entry after) {
        return new ForecastScheduleChange(resource, operation, name, before, Optional.of(after), Optional.empty());
    }

    public static ForecastScheduleChange remove(ResourceRef resource, OperationType operation, String name,
                                                Entry before) {
        return new ForecastScheduleChange(resource, operation, name, Optional.of(before), Optional.empty(),
                Optional.empty());
    }

    /** What DescribeScheduledActions returned, as an entry: only a MinCapacity-only action of ours is one. */
    public static Optional<Entry> entryOf(ScheduledCapacity found) {
        return found.minCapacity().isPresent() && found.maxCapacity().isEmpty()
                ? Optional.of(new Entry(found.schedule(), found.minCapacity().getAsInt())) : Optional.empty();
    }

    @Override
    public String type() {
        if (restores.isPresent()) {
            return "RestoreScheduledMinCapacity";
        }
        return becomes.isEmpty() ? "RemoveScheduledMinCapacity" : was.isEmpty() ? "ScheduleMinCapacity"
                : "ReplaceScheduledMinCapacity";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|scheduled-action:" + operation.lower() + ":" + name;
    }

    @Override
    public String description() {
        String what = becomes.isEmpty() ? "Remove" : was.isEmpty() ? "Schedule" : "Replace";
        return restores.map(c -> "Restore scheduled action " + name + " of " + resource.label() + " (change " + c
                + ")").orElse(what + " " + operation.lower() + " scheduled action " + name + " of " + resource.label());
    }

    @Override
    public String before() {
        return was.map(Entry::text).orElse("no scheduled action " + name);
    }

    @Override
    public String after() {
        return becomes.map(Entry::text).orElse("no scheduled action " + name);
    }

    @Override
    public Reads reads() {
        return Reads.SCHEDULED_ACTIONS;
    }

    @Override
    public boolean changesCapacity() {
        return true;
    }

    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return Optional.of("A forecast schedule stands until the next forecast changes or removes it; the revert"
                + " check after an alarm leaves it.");
    }

    @Override
    public boolean changesAutoScaling() {
        return true;
    }

    @Override
    public boolean needsApproval() {
        return false;
    }

    @Override
    public void apply(ActionPorts ports) {
        if (becomes.isPresent()) {
            ports.autoScaling().putScheduledMinCapacity(resource, operation, name, becomes.get().schedule(),
                    becomes.get().minCapacity());
        } else {
            ports.autoScaling().deleteScheduledAction(resource, operation, name);
        }
    }

    /** Restored while the action is as this change left it; left when someone changed it since. */
    @Override
    public Undo undo(Current now, String changeId) {
        Optional<Entry> found = found(now);
        if (!found.equals(becomes)) {
            return Undo.left("Scheduled action " + name + " is now " + found.map(Entry::text).orElse("absent")
                    + ", not the " + after() + " this remediator left; left as it is.");
        }
        return Undo.restore(new ForecastScheduleChange(resource, operation, name, becomes, was,
                Optional.of(changeId)));
    }

    /** Puts (creates or replaces) one of our raises. */
    public boolean putsRaise() {
        return ScheduledMinCapacity.isRaise(name) && becomes.isPresent();
    }

    /** Removes one of our restores. */
    public boolean removesRestore() {
        return ScheduledMinCapacity.isRestore(name) && becomes.isEmpty();
    }

    @Override
    public Optional<String> stale(Current now) {
        Optional<Entry> found = found(now);
        if (!found.equals(was)) {
            return Optional.of("scheduled action " + name + " is now " + found.map(Entry::text).orElse("absent")
                    + ", not the " + before() + " the plan saw");
        }
        // A restore sets back the table's own MinCapacity as it was when offered: should the minimum be another now
        // (an owner's change since), and not a raise of ours in force, the restore would lower the owner's.
        if (ScheduledMinCapacity.isRestore(name) && becomes.isPresent()) {
            OptionalInt min = now.scaling().target(resource, operation)
                    .map(t -> OptionalInt.of(t.minCapacity())).orElse(OptionalInt.empty());
            if (min.isPresent() && min.getAsInt() != becomes.get().minCapacity() && now.scheduled().stream()
                    .noneMatch(a -> a.resource().equals(resource) && a.operation() == operation
                            && ScheduledMinCapacity.isRaise(a.name())
                            && a.minCapacity().equals(min))) {
                return Optional.of("MinCapacity is " + min.getAsInt() + " now, not the "
                        + becomes.get().minCapacity() + " this restore would set back (changed since the plan)");
            }
        }
        return Optional.empty();
    }

    @Override
    public Holds holds(Current now) {
        Optional<Entry> found = found(now);
        String text = found.map(Entry::text).orElse("no scheduled action " + name);
        return Holds.of(found, was, becomes, text);
    }

    @Override
    public Current project(Current now) {
        return now.withScheduled(resource, operation, name, becomes.map(e -> new ScheduledCapacity(resource, operation,
                name, e.schedule(), OptionalInt.of(e.minCapacity()), OptionalInt.empty())));
    }

    /** What DescribeScheduledActions returned for the name (an action of ours with a MaxCapacity is "neither"). */
    private Optional<Entry> found(Current now) {
        return now.scheduledAction(resource, operation, name).map(a -> entryOf(a)
                .orElse(new Entry(a.text(), a.minCapacity().orElse(1))));
    }
}
