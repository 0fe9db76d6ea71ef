package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.forecast.ScheduledMinCapacity;
import dev.hpr.remediator.core.state.ForecastNote;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.logging.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What one table's forecast run says, and whether it is news: the forecast publishes a finding when a schedule is
 * created, changed or removed, or when what it proposes (forecast only, a dry run) is new, changed or gone; not at
 * every daily run. A change offered for approval is offered once: while that plan waits for a person (or was
 * rejected), the same proposal is not offered again. It remembers through {@link StateStore#forecastNotes()}; without
 * a state table, or when the notes cannot be read, every proposal is news (said again rather than lost).
 *
 * <p>"The same proposal" allows for the forecast's own drift: its 14-day window slides a day at each run, so a peak's
 * height moves by a few percent when the day added or dropped is an extreme one. What was said is compared value by
 * value ({@link #sameProposal}): the same actions, and each raise within {@value #TOLERANCE_PERCENT}% of what was
 * announced; beyond that it is news.
 */
final class ForecastSpeech {

    static final int TOLERANCE_PERCENT = 10;

    /** A resource's and operation's proposal. */
    enum Topic {
        SCHEDULE("schedule"), MAX_CAPACITY("maxCapacity"), WARM_THROUGHPUT("warmThroughput"),
        /** The owner's own MinCapacity schedule, which the forecast does not interleave with. */
        OWNER("owner");

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
    private final Set<String> spoken = new TreeSet<>();
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

    /**
     * Reads what the forecast said of the table last time: nothing when there is no state table, and nothing (every
     * proposal news) when the item cannot be read or is malformed.
     */
    static ForecastSpeech read(Optional<StateStore> state, String table, Instant now, Log log) {
        Optional<Map<String, ForecastNote>> before = Optional.empty();
        if (state.isPresent()) {
            try {
                before = Optional.of(state.get().forecastNotes().notes(table));
            } catch (RuntimeException e) {
                log.warn("forecast could not read what it said last time: every proposal is published",
                        "table", table, "error", String.valueOf(e.getMessage()));
            }
        }
        return new ForecastSpeech(state, table, now, log, before);
    }

    static String key(String resourceLabel, String operation, Topic topic) {
        return ForecastNote.key(resourceLabel, operation, topic.word);
    }

    /**
     * A schedule as said: each action by name (its days and quarter hour), a raise with its MinCapacity as a value
     * ({@code name=715}, compared within the tolerance), a restore with its MinCapacity exact (the table's own).
     */
    static String saidOf(List<ScheduledMinCapacity> wanted) {
        return String.join("; ", wanted.stream().map(w -> w.step() == ScheduledMinCapacity.Step.RAISE
                ? valued(w.scheduledActionName(), w.minCapacity())
                : w.scheduledActionName() + " MinCapacity " + w.minCapacity()).toList());
    }

    /** One raise as said: {@code what=value}. */
    static String valued(String what, long value) {
        return what + "=" + value;
    }

    /** Changes as said when they are all there is (removals): what each does, to what. */
    static String said(List<Action> changes) {
        return String.join("; ", changes.stream().map(c -> c.type() + " " + c.description()).toList());
    }

    /**
     * Whether two things said are the same proposal: the same parts in the same order, each {@code what=value} part
     * within {@value #TOLERANCE_PERCENT}% of the other, every other part equal.
     */
    static boolean sameProposal(String a, String b) {
        String[] x = a.split("; ");
        String[] y = b.split("; ");
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            int ix = x[i].lastIndexOf('=');
            int iy = y[i].lastIndexOf('=');
            if (ix < 0 || iy < 0) {
                if (!x[i].equals(y[i])) {
                    return false;
                }
                continue;
            }
            if (!x[i].substring(0, ix).equals(y[i].substring(0, iy))) {
                return false;
            }
            try {
                double p = Double.parseDouble(x[i].substring(ix + 1));
                double q = Double.parseDouble(y[i].substring(iy + 1));
                if (Math.abs(p - q) > TOLERANCE_PERCENT / 100.0 * Math.max(Math.abs(p), Math.abs(q))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                if (!x[i].equals(y[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * AWS was asked to change (a schedule created, replaced or removed): always said.
     *
     * @param said    what now stands, empty when none does (removed, or the change failed: said again next run)
     * @param applied whether AWS applied at least one of the changes
     */
    void changed(String key, Optional<String> said, String section, boolean applied) {
        said.ifPresent(s -> after.put(key, new ForecastNote(s, Optional.empty(), now)));
        sections.add(section);
        spoken.add(key);
        changedAws |= applied;
    }

    /**
     * What stands already matches the forecast. Said only when no note says it was announced (a run that changed it
     * was stopped, or could not publish, before it kept its notes; or the schedule predates the notes).
     */
    void standing(String key, String said, Supplier<String> section) {
        Optional<ForecastNote> same = carried(key, said);
        after.put(key, same.orElse(new ForecastNote(said, Optional.empty(), now)));
        if (same.isEmpty() && before.isPresent()) {
            sections.add("Our schedule stands as the forecast wants it (not announced before):\n" + section.get());
            spoken.add(key);
        }
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
            spoken.add(key);
        }
    }

    /** Nothing could be offered this run (the plan not stored, the ceiling reached): what was said last stands. */
    void carry(String key) {
        before.flatMap(b -> Optional.ofNullable(b.get(key))).ifPresent(n -> after.put(key, n));
    }

    /**
     * The plan offered earlier for the same proposal and the same changes, if the forecast offered one: open while it
     * waits for a person or was approved (approving it again applies what is left), until it expires; a rejected
     * plan is closed while the proposal stays the same (as long as the state table keeps the plan: 30 days after it
     * expired). An offer that expired unanswered is made again.
     */
    Optional<EarlierOffer> earlierOffer(String key, String said, List<Action> changes) {
        Optional<ForecastNote> note = carried(key, said).filter(n -> n.planId().isPresent());
        if (note.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredPlan> plan = plan(note.get().planId().get());
        if (plan.isEmpty() || !plan.get().actions().stream().map(Action::description).toList()
                .equals(changes.stream().map(Action::description).toList())) {
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
        spoken.add(key);
        planIds.add(planId);
    }

    /**
     * Ends the table's run: what it said last time and no longer proposes gets a line of its own, so that a person
     * who read the earlier finding learns it is over; with what became of a plan it offered (an approved one is not
     * mentioned: its approval applied it and said so).
     */
    void finish() {
        before.ifPresent(b -> b.forEach((key, note) -> {
            if (after.containsKey(key) || spoken.contains(key)) {
                return;
            }
            String plan = "";
            if (note.planId().isPresent()) {
                Optional<StoredPlan> p = plan(note.planId().get());
                if (p.isPresent() && p.get().status() == StoredPlan.Status.APPROVED) {
                    return;
                }
                String id = note.planId().get();
                plan = p.isEmpty() ? "; plan " + id + " is no longer kept"
                        : p.get().status() == StoredPlan.Status.REJECTED ? "; plan " + id + " was rejected"
                        : !now.isBefore(p.get().expiresAt()) ? "; plan " + id + " expired unanswered"
                        : "; plan " + id + " is no longer needed: reject it or let it expire";
            }
            sections.add(key + ": no longer proposed (the forecast said on " + note.at() + ": " + note.said() + ")"
                    + plan);
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
        } catch (RuntimeException e) {
            log.warn("forecast could not keep what it said: the next run says it again", "table", table,
                    "error", String.valueOf(e.getMessage()));
        }
    }

    List<String> sections() {
        return List.copyOf(sections);
    }

    /** The plans offered for approval this run. */
    List<String> planIds() {
        return List.copyOf(planIds);
    }

    /** Whether AWS applied a change this run (a schedule created, replaced or removed). */
    boolean changedAws() {
        return changedAws;
    }

    private Optional<StoredPlan> plan(String planId) {
        try {
            return state.get().plans().plan(planId);
        } catch (RuntimeException e) {
            log.warn("forecast could not read a plan it offered earlier", "table", table, "planId", planId,
                    "error", String.valueOf(e.getMessage()));
            return Optional.empty();
        }
    }

    private Optional<ForecastNote> carried(String key, String said) {
        return before.flatMap(b -> Optional.ofNullable(b.get(key))).filter(n -> sameProposal(n.said(), said));
    }
}
