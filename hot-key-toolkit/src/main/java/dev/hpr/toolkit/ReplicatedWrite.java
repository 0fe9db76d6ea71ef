package dev.hpr.toolkit;

import java.util.List;

/**
 * The outcome of {@link ReadReplicas#put}: the primary holds {@code version}; the replicas listed in
 * {@code replicasNotUpdated} could not be written (each error is in {@code errors}, same order) and stay fenced
 * (never served) until {@link ReadReplicas#repair} or a later write updates them.
 */
public record ReplicatedWrite(long version, List<Integer> replicasNotUpdated, List<RuntimeException> errors) {
    public ReplicatedWrite {
        replicasNotUpdated = List.copyOf(replicasNotUpdated);
        errors = List.copyOf(errors);
    }

    public boolean complete() {
        return replicasNotUpdated.isEmpty();
    }
}
