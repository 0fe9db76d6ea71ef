package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.planning.Recommender;

/** The pure decisions a remediation takes, configured once: the diagnosis, the plan, the recommendations. */
public record Deciders(Diagnoser diagnoser, Planner planner, Recommender recommender) {
}
