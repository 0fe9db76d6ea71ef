package dev.hpr.remediator.core;

import java.util.Objects;
import java.util.Optional;

/** Something the remediator considered and did not do, with the reason a person needs. */
public record Skip(Optional<ResourceRef> resource, String what, String reason) {

    public Skip {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(reason, "reason");
    }

    public static Skip of(ResourceRef resource, String what, String reason) {
        return new Skip(Optional.of(resource), what, reason);
    }

    public static Skip ofTable(String what, String reason) {
        return new Skip(Optional.empty(), what, reason);
    }
}
