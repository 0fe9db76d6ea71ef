package dev.hpr.remediator.core.action;

import java.util.Objects;

/**
 * Which of an action's two values its setting holds now, read from AWS: what settles a journal entry whose outcome was
 * never recorded (the invocation died, or the record failed, between AWS's answer and the journal). {@link Kind#AFTER}:
 * the change is in force; {@link Kind#BEFORE}: it never took effect; {@link Kind#NEITHER}: someone else changed the
 * setting, or it is gone ({@code found} says what is there).
 */
public record Holds(Kind kind, String found) {

    public enum Kind { AFTER, BEFORE, NEITHER }

    public Holds {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(found, "found");
    }

    public static Holds after(String found) {
        return new Holds(Kind.AFTER, found);
    }

    public static Holds before(String found) {
        return new Holds(Kind.BEFORE, found);
    }

    public static Holds neither(String found) {
        return new Holds(Kind.NEITHER, found);
    }

    /** AFTER when {@code found} is the action's after value, BEFORE when its before value, else NEITHER. */
    static <T> Holds of(T found, T before, T after, String text) {
        if (found.equals(after)) {
            return after(text);
        }
        return found.equals(before) ? before(text) : neither(text);
    }
}
