package dev.hpr.remediator.core.action;

import java.util.Objects;
import java.util.Optional;

/**
 * What undoing an applied change means now: {@link Kind#RESTORE} with the change that restores it, {@link Kind#LEFT}
 * (a person or another tool changed the setting since, or it is gone: never restored), or {@link Kind#DEFERRED}
 * (restoring now would force what the remediator never does: tried again at a later check).
 */
public record Undo(Kind kind, Optional<Action> restore, String reason) {

    public enum Kind { RESTORE, LEFT, DEFERRED }

    public Undo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(reason, "reason");
        if (restore.isPresent() != (kind == Kind.RESTORE)) {
            throw new IllegalArgumentException("a restore, and only a restore, carries the restoring change");
        }
    }

    public static Undo restore(Action restoring) {
        return new Undo(Kind.RESTORE, Optional.of(restoring), "");
    }

    public static Undo left(String reason) {
        return new Undo(Kind.LEFT, Optional.empty(), reason);
    }

    public static Undo deferred(String reason) {
        return new Undo(Kind.DEFERRED, Optional.empty(), reason);
    }
}
