package dev.hpr.remediator.core.planning;

import dev.hpr.remediator.core.diagnosis.CodeFix;
import dev.hpr.remediator.core.model.ResourceRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a person should do, naming the resource and, where known, the key.
 *
 * @param codeFix  for a hot key: the toolkit classes to use and their computed shard or replica count
 */
public record Recommendation(Optional<ResourceRef> resource, String title, String detail, Optional<CodeFix> codeFix) {

    public Recommendation {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(codeFix, "codeFix");
    }

    /** A step that is not about one resource. */
    public static Recommendation general(String title, String detail) {
        return new Recommendation(Optional.empty(), title, detail, Optional.empty());
    }

    public static Recommendation about(ResourceRef resource, String title, String detail) {
        return new Recommendation(Optional.of(resource), title, detail, Optional.empty());
    }

    /** A change to the application's code with the toolkit. */
    public static Recommendation codeFix(ResourceRef resource, String title, String detail, CodeFix codeFix) {
        return new Recommendation(Optional.of(resource), title, detail, Optional.of(codeFix));
    }
}
