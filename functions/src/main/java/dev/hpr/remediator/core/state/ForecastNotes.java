package dev.hpr.remediator.core.state;

import java.util.Map;

/**
 * What the forecast last said of each table, per resource and operation: the forecast publishes a finding when what
 * it proposes changes, not at every daily run, and offers a change for approval once, not again while that offer
 * waits for a person.
 */
public interface ForecastNotes {

    /** The table's notes, by {@link ForecastNote#key}; empty when the forecast never said anything of it. */
    Map<String, ForecastNote> notes(String table);

    /** Replaces the table's notes with these (an empty map forgets them). */
    void keepNotes(String table, Map<String, ForecastNote> notes);
}
