package dev.hpr.remediator.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.config.Setting;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.model.ForecastMode;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.usecase.ForecastSummary.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How the forecast's changes are made: applied through the journal (apply mode and {@code FORECAST=on}), offered for
 * approval once (approve mode, a global table's capacity, or what only a person may approve), or only named
 * ({@code forecast-only}, a dry run, off); what each says goes to the table's {@link ForecastSpeech}.
 */
final class ForecastChanges {

    private final Settings settings;
    private final Optional<StateStore> state;
    private final Clock clock;
    private final Log log;
    private final ActionRunner runner;

    ForecastChanges(Settings settings, Optional<StateStore> state, Clock clock, Log log, ActionRunner runner) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
        this.log = log;
        this.runner = runner;
    }

    /** {@code FORECAST}, read from the catalog (checked at start against its values). */
    ForecastMode forecastMode() {
        return ForecastMode.parse(settings.text(Setting.FORECAST));
    }

    /**
     * Applies the changes (apply mode and FORECAST=on), offers them (approve mode, or anything that needs approval),
     * or only names them (forecast-only, dry run, off). What it says goes into the table's finding only when it is
     * news ({@link ForecastSpeech}): a change made, a proposal new or changed, a plan offered (once).
     *
     * @param key  the resource's, operation's and topic's note
     * @param said what the forecast proposes, canonically (the changes, when empty)
     */
    void act(TableDescription table, Planner.ModeDecision mode, List<List<Action>> steps,
             ScalingPolicies policies, String invocationId, ObjectNode node, ForecastSpeech speech,
             String key, Optional<String> said, Supplier<String> findingText) {
        List<Action> changes = steps.stream().flatMap(List::stream).toList();
        String proposal = said.orElse(ForecastSpeech.said(changes));
        ArrayNode list = node.putArray("changes");
        changes.forEach(c -> list.addObject().put("type", c.type()).put("description", c.description())
                .put("before", c.before()).put("after", c.after()));
        // Without the state table there is no journal to write each change down first, nor notes of what stands:
        // the forecast changes nothing then (the alarm path's unrecorded changes are its own).
        Optional<String> notApplied = forecastMode() != ForecastMode.ON
                ? Optional.of("FORECAST=" + forecastMode().word() + ": the forecast is published, nothing is changed")
                : mode.mode() == RemediationMode.OFF ? Optional.of(mode.reason() + ": remediation is off")
                : mode.mode() == RemediationMode.DRY_RUN ? Optional.of(mode.reason() + ": a dry run schedules nothing")
                : state.isEmpty() ? Optional.of("no state table (STATE_TABLE_NAME): the forecast changes nothing"
                        + " without its journal")
                : Optional.empty();
        if (notApplied.isPresent()) {
            node.put("outcome", Outcome.NOT_APPLIED.name()).put("reason", notApplied.get());
            speech.proposed(key, proposal, () -> findingText.get() + "\nNothing changed: " + notApplied.get() + ".");
            return;
        }
        boolean byApproval = mode.mode() == RemediationMode.APPROVE || changes.stream().anyMatch(Action::needsApproval)
                || (table.isGlobal() && changes.stream().anyMatch(Action::changesCapacity));
        String findingId = findingId(invocationId, table);
        if (byApproval) {
            offerOnce(table, invocationId, mode.mode(), changes, node, speech, key, proposal,
                    "offered for approval: approve PLAN_ID applies it", findingText);
            return;
        }
        // Step by step: a step runs only when every change of the steps before it was applied (a raise is put only
        // once its restore stands).
        ActionRunner.Run run = runner.runInSteps(steps, new ActionRunner.Writer(table.name(), findingId, "forecast",
                RemediationMode.APPLY, Optional.empty(), findingId), runner.ports(policies));
        ArrayNode results = node.putArray("results");
        List<String> journaled = run.journaled();
        boolean failed = false;
        boolean applied = false;
        for (Finding.ActionResult r : run.results()) {
            boolean notAttempted = r.error().filter(ActionRunner.NOT_ATTEMPTED::equals).isPresent();
            results.addObject().put("description", r.action().description())
                    .put("status", notAttempted ? "NOT_ATTEMPTED" : r.status().name())
                    .put("error", r.error().orElse(null));
            failed |= r.status() != Finding.ActionResult.Status.APPLIED;
            applied |= r.status() == Finding.ActionResult.Status.APPLIED;
        }
        if (!journaled.isEmpty()) {
            node.putArray("journal").addAll(journaled.stream().map(JsonTree.NODES::textNode).toList());
        }
        node.put("outcome", failed ? Outcome.FAILED.name() : Outcome.SCHEDULED.name())
                .put("reason", failed ? "a change failed (see results; the steps after it were not attempted, so"
                        + " that no raise stands without its restore); the next run tries again"
                        : node.has("deferred") ? "our scheduled actions brought in line with the forecast, but for "
                        + node.get("deferred").asText() : "our scheduled actions now match the forecast");
        var text = new StringBuilder(findingText.get());
        if (failed) {
            // The schedule above is what the forecast wants; say plainly what was not made of it.
            text.append("\nNot all of it was made:");
            results.forEach(r -> text.append("\n- ").append(r.path("description").asText()).append(": ")
                    .append(r.path("status").asText()).append(r.path("error").isNull() ? ""
                            : " (" + r.path("error").asText() + ")"));
            text.append("\nThe next run tries again.");
        }
        speech.changed(key, failed ? Optional.empty() : said, text.toString(), applied);
    }

    /**
     * Offers the changes for approval, once ({@link ForecastSpeech#earlierOffer}): a plan offered earlier for the
     * same proposal is named instead; a new one is stored and said, with its id under {@code approval.planId}.
     */
    void offerOnce(TableDescription table, String invocationId, RemediationMode mode, List<Action> changes,
                   ObjectNode node, ForecastSpeech speech, String key, String said, String offeredReason,
                   Supplier<String> findingText) {
        if (namedEarlierOffer(node, speech.earlierOffer(key, said, changes))) {
            return;
        }
        Optional<String> planId = offer(table.name(), findingId(invocationId, table), mode, changes);
        if (planId.isEmpty()) {
            node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", "only a person may approve it, and no"
                    + " plan could be stored (no state table, or storing failed): nothing offered");
            speech.carry(key);
            return;
        }
        node.put("outcome", Outcome.OFFERED.name()).put("reason", offeredReason).putObject("approval")
                .put("planId", planId.get());
        speech.offered(key, said, planId.get(), findingText.get() + "\nOffered for approval: plan " + planId.get()
                + ".");
    }

    /** The forecast finding's id for a table: what its journal entries and plans name. */
    private static String findingId(String invocationId, TableDescription table) {
        return "forecast-" + invocationId + "-" + table.name();
    }

    /**
     * How long a forecast's offer waits for a person: a week, or {@code APPROVAL_TTL_MINUTES} when longer. An alarm's
     * plan answers an incident and expires within the hour by default; a forecast's answers a peak that recurs daily,
     * arrives when the forecast runs (00:30 UTC by default), and would otherwise expire before anyone reads it and be
     * offered again at every run. Approving it later is safe: each change checks that what it expects still stands.
     */
    private Duration offerTtl() {
        return Duration.ofMinutes(Math.max(settings.approvalTtlMinutes(), FORECAST_OFFER_TTL.toMinutes()));
    }

    static final Duration FORECAST_OFFER_TTL = Duration.ofDays(7);

    private Optional<String> offer(String table, String findingId, RemediationMode mode, List<Action> changes) {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var stored = new StoredPlan(UUID.randomUUID().toString(), table, findingId, Optional.empty(), "forecast",
                mode == RemediationMode.APPROVE ? RemediationMode.APPROVE : RemediationMode.APPLY, now,
                now.plus(offerTtl()), changes, StoredPlan.Status.PENDING,
                Optional.empty());
        try {
            state.get().plans().savePlan(stored);
        } catch (AwsCallFailed e) {
            log.error("could not store the forecast's plan for approval; nothing offered", "table", table,
                    "error", e.getMessage());
            return Optional.empty();
        }
        log.info("forecast plan offered for approval", "table", table, "planId", stored.planId(),
                "actions", changes.size());
        return Optional.of(stored.planId());
    }

    /**
     * Names the plan offered earlier for the same proposal, if there is one: still open ({@code OFFERED}, its plan id),
     * or rejected ({@code LEFT_ALONE}); then nothing is offered again.
     */
    private static boolean namedEarlierOffer(ObjectNode node, Optional<ForecastSpeech.EarlierOffer> earlier) {
        earlier.ifPresent(e -> {
            node.put("outcome", e.open() ? Outcome.OFFERED.name() : Outcome.LEFT_ALONE.name()).put("reason", e.text());
            if (e.open()) {
                node.putObject("approval").put("planId", e.plan().planId());
            }
        });
        return earlier.isPresent();
    }
}
