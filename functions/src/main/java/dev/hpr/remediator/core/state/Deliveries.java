package dev.hpr.remediator.core.state;

import java.time.Instant;
import java.util.Optional;

/** The alarm deliveries already answered: an alarm delivered twice is answered once. */
public interface Deliveries {

    /** A delivery of an alarm event: handled (published) or published-pending (the finding is kept to resend). */
    record Delivery(String key, boolean published, String subject, String message, String findingId) {
    }

    Optional<Delivery> delivery(String key);

    /** Keeps the finding about to be published, so that a retry after a failed publish resends it. */
    void deliveryPending(String key, String subject, String message, String findingId, Instant now);

    void deliveryPublished(String key, Instant now);
}
