package dev.hpr.remediator.core;

import java.util.Objects;
import java.util.Optional;

/** Something a person should do, naming the resource and, where known, the key. */
public record Recommendation(Optional<ResourceRef> resource, String title, String detail) {

    public Recommendation {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
    }

    public static Recommendation about(ResourceRef resource, String title, String detail) {
        return new Recommendation(Optional.of(resource), title, detail);
    }
}
