package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.state.Deliveries;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.aws.FindingTopic;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.util.Optional;

/**
 * Publishes findings to the findings topic. For an alarm delivery (with a state table) the finding is kept in the
 * state table before it is published and marked published after, so that when Publish fails (the invocation then
 * fails and Lambda retries it) the retry publishes this same finding rather than remediating again.
 */
public final class FindingPublisher {

    private final FindingTopic topic;
    private final FindingRenderer renderer;
    private final Optional<StateStore> state;
    private final Clock clock;
    private final Log log;

    public FindingPublisher(FindingTopic topic, FindingRenderer renderer, Optional<StateStore> state, Clock clock, Log log) {
        this.topic = topic;
        this.renderer = renderer;
        this.state = state;
        this.clock = clock;
        this.log = log;
    }

    Finding publish(Finding finding, Optional<String> delivery) {
        String subject = renderer.subject(finding);
        String message = renderer.snsMessage(finding);
        delivery.ifPresent(key -> state.orElseThrow().deliveries().deliveryPending(key, subject, message, finding.id(), clock.instant()));
        String messageId = topic.publish(subject, message);
        delivery.ifPresent(key -> state.orElseThrow().deliveries().deliveryPublished(key, clock.instant()));
        log.info("finding published", "table", finding.tableName(), "outcome", finding.outcome().name(),
                "messageId", messageId, "findingId", finding.id());
        return finding;
    }

    Finding publish(Finding finding) {
        return publish(finding, Optional.empty());
    }

    /** A delivery seen before: nothing is done again; a finding whose publish failed is published now. */
    Finding redelivered(Deliveries.Delivery seen, FindingBuilder findings) {
        if (seen.published()) {
            log.info("alarm delivery already handled; nothing more to do", "delivery", seen.key(),
                    "findingId", seen.findingId());
            return findings.duplicate(seen.findingId(), false);
        }
        String messageId = topic.publish(seen.subject(), seen.message());
        state.orElseThrow().deliveries().deliveryPublished(seen.key(), clock.instant());
        log.info("alarm delivery handled before but its finding was not published: published it now",
                "delivery", seen.key(), "findingId", seen.findingId(), "messageId", messageId);
        return findings.duplicate(seen.findingId(), true);
    }
}
