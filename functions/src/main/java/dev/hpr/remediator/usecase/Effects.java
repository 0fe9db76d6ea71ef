package dev.hpr.remediator.usecase;

/** What the use cases change the world with: the journaled action runner, and the findings' publisher. */
public record Effects(ActionRunner runner, FindingPublisher publisher) {
}
