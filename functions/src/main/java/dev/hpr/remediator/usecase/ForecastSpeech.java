package dev.hpr.remediator.usecase;

import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.state.ForecastNote;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.logging.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What one table's forecast run says, and whether it is news: the forecast publishes a finding when a schedule is
 * created, changed or removed, or when what it proposes (forecast only, a dry run) is new, changed or gone; not at
 * every daily run. A change offered for approval is offered once: while that plan waits for a person (or was
 * rejected), the same proposal is not offered again. It remembers through {@link StateStore#forecastNotes()}; without
 * a state table, or when the notes cannot be read, every proposal is news (said again rather than lost).
 */
final class ForecastSpeech {

    /** A resource's and operation's proposal. */
    enum Topic {
        SCHEDULE("schedule"), MAX_CAPACITY("maxCapacity"), WARM_THROUGHPUT("warmThroughput");

        private final String word;

        Topic(String word) {
            this.word = word;
        }
    }

    /** A plan offered earlier for the same proposal. */
    record EarlierOffer(StoredPlan plan, boolean open, String text) {
    }

    private final Optional<StateStore> state;
    private final String table;
    private final Instant now;
    private final Log log;
    private final Optional<Map<String, ForecastNote>> before;
    private final Map<String, ForecastNote> after = new TreeMap<>();
    private final List<String> sections = new ArrayList<>();
    private final java.util.Set<String> spoken = new java.util.TreeSet<>();
    private final List<String> planIds = new ArrayList<>();
    private boolean changedAws;

    private ForecastSpeech(Optional<StateStore> state, String table, Instant now, Log log,
                           Optional<Map<String, ForecastNote>> before) {
        this.state = state;
        this.table = table;
        this.now = now;
        this.log = log;
        this.before = before;
    }

    /** Reads what the forecast said of the table last time (nothing, when there is no state table or it fails). */
    static ForecastSpeech read(Optional<StateStore> state, String table, Instant now, Log log) {
        Optional<Map<String, ForecastNote>> before = Optional.empty();
        if (state.isPresent()) {
            try {
                before = Optional.of(state.get().forecastNotes().notes(table));
            } catch (AwsCallFailed e) {
                log.warn("forecast could not read what it said last time: every proposal is published",
                        "table", table, "error", e.getMessage());
            }
        }
        return new ForecastSpeech(state, table, now, log, before);
    }

    static String key(String resourceLabel, String operation, Topic topic) {
        return ForecastNote.key(resourceLabel, operation, topic.word);
    }

    /** The changes as they are offered or named, canonically: two runs that propose the same say the same. */
    static String said(List<Action> changes) {
        return String.join("; ", changes.stream().map(c -> c.type() + " " + c.description() + ": " + c.before()
                + " -> " + c.after()).toList());
    }

    /** AWS was changed (a schedule created, replaced or removed): always said; {@code said} empty when none stands. */
    void changed(String key, Optional<String> said, String section) {
        said.ifPresent(s -> after.put(key, new ForecastNote(s, Optional.empty(), now)));
        sections.add(section);
        spoken.add(key);
        changedAws = true;
    }

    /** What stands already matches: nothing to say, remembered as said. */
    void standing(String key, String said) {
        after.put(key, carried(key, said).orElse(new ForecastNote(said, Optional.empty(), now)));
    }

    /** Journal entries a gone run left unsettled, settled now from what AWS holds: always said. */
    void settled(List<String> said) {
        sections.addAll(said);
    }

    /** Proposed but not applied (forecast only, a dry run, nothing offered): said when new, changed, or unknown. */
    void proposed(String key, String said, Supplier<String> section) {
        Optional<ForecastNote> same = carried(key, said);
        after.put(key, same.orElse(new ForecastNote(said, Optional.empty(), now)));
        if (same.isEmpty()) {
            sections.add(section.get());
        }
    }

    /**
     * The plan offered earlier for the same proposal and the same changes, if the forecast offered one: open while it
     * waits for a person or was approved (approving it again applies what is left), until it expires; a rejected
     * plan is closed for good while the proposal stays the same.
     */
    Optional<EarlierOffer> earlierOffer(String key, String said, List<Action> changes) {
        Optional<ForecastNote> note = carried(key, said).filter(n -> n.planId().isPresent());
        if (note.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredPlan> plan;
        try {
            plan = state.get().plans().plan(note.get().planId().get());
        } catch (AwsCallFailed e) {
            log.warn("forecast could not read the plan it offered earlier: offered again", "table", table,
                    "planId", note.get().planId().get(), "error", e.getMessage());
            return Optional.empty();
        }
        if (plan.isEmpty() || !plan.get().actions().equals(changes)) {
            return Optional.empty();
        }
        StoredPlan p = plan.get();
        boolean rejected = p.decision().isPresent() && !p.decision().get().approved();
        if (!rejected && !now.isBefore(p.expiresAt())) {
            return Optional.empty();
        }
        after.put(key, note.get());
        return Optional.of(new EarlierOffer(p, !rejected, rejected
                ? "offered at " + p.createdAt() + " as plan " + p.planId() + " and " + p.decision().get().text()
                        + ": not offered again while the forecast proposes the same"
                : "offered at " + p.createdAt() + " as plan " + p.planId() + ", "
                        + (p.status() == StoredPlan.Status.PENDING ? "still awaiting approval" : "approved")
                        + " until " + p.expiresAt() + ": not offered again"));
    }

    /** Offered for approval now, as {@code planId}. */
    void offered(String key, String said, String planId, String section) {
        after.put(key, new ForecastNote(said, Optional.of(planId), now));
        sections.add(section);
        planIds.add(planId);
    }

    /**
     * Ends the table's run: what it said last time and no longer proposes gets a line of its own, so that a person
     * who read the earlier finding learns it is over.
     */
    void finish() {
        before.ifPresent(b -> b.forEach((key, note) -> {
            if (!after.containsKey(key) && !spoken.contains(key)) {
                sections.add(key + ": no longer proposed (the forecast said on " + note.at() + ": " + note.said()
                        + ")" + note.planId().map(p -> "; plan " + p + " is no longer needed: reject it or let it"
                        + " expire").orElse(""));
            }
        }));
    }

    /**
     * Keeps what this run said, once it is published (a publish that failed is said again by the next run). A failure
     * to keep it is logged: the next run then says it again.
     */
    void keep() {
        if (state.isEmpty() || before.equals(Optional.of(after))) {
            return;
        }
        try {
            state.get().forecastNotes().keepNotes(table, after);
        } catch (AwsCallFailed e) {
            log.warn("forecast could not keep what it said: the next run says it again", "table", table,
                    "error", e.getMessage());
        }
    }

    List<String> sections() {
        return List.copyOf(sections);
    }

    /** The plans offered for approval this run. */
    List<String> planIds() {
        return List.copyOf(planIds);
    }

    /** Whether AWS was changed this run (a schedule created, replaced or removed). */
    boolean changedAws() {
        return changedAws;
    }

    private Optional<ForecastNote> carried(String key, String said) {
        return before.flatMap(b -> Optional.ofNullable(b.get(key))).filter(n -> n.said().equals(said));
    }
}
