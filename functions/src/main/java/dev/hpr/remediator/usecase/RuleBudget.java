package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.planning.InsightsQuota;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.InsightRules;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The region's Contributor Insights rule room, read once ({@link InsightRules}, one DescribeInsightRules) and kept for
 * {@value #FRESH_SECONDS} seconds, the length of one invocation: a sweep remediating many tables reads it once, and
 * each plan's enables are taken from it, the most throttled tables first (the sweep remediates in that order).
 * Unreadable, the plan is left as it is and DynamoDB's own FAILED (LimitExceededException) is the backstop.
 */
public final class RuleBudget {

    static final long FRESH_SECONDS = 60;

    private final InsightRules rules;
    private final int quota;
    private final Clock clock;
    private final Log log;
    private Instant readAt;
    private int inUse;

    public RuleBudget(InsightRules rules, int quota, Clock clock, Log log) {
        this.rules = rules;
        this.quota = quota;
        this.clock = clock;
        this.log = log;
    }

    /** The plan within the room left; the room its enables take is counted as used. */
    synchronized Plan fit(Plan plan, Diagnosis diagnosis) {
        boolean enables = plan.actions().stream()
                .anyMatch(a -> a.insightRulesAdded(diagnosis.table().hasSortKey(a.resource())) > 0);
        if (!enables) {
            return plan;
        }
        Instant now = clock.instant();
        if (readAt == null || Duration.between(readAt, now).getSeconds() >= FRESH_SECONDS) {
            try {
                inUse = rules.count();
                readAt = now;
            } catch (AwsCallFailed e) {
                log.warn("could not count the region's Contributor Insights rules; enabling as planned",
                        "error", e.getMessage());
                return plan;
            }
        }
        InsightsQuota.Result result = InsightsQuota.fit(plan, diagnosis, Math.max(0, quota - inUse), inUse, quota);
        inUse += result.rulesTaken();
        return result.plan();
    }
}
