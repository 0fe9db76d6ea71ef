package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.state.StoredPlan;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Assembles a {@link Finding} for one table, triggered by an alarm or by a fleet sweep: the headline a person reads
 * first, and the caveats.
 */
public final class FindingBuilder {

    private final String id;
    private final Instant now;
    private final String region;
    private final Optional<String> account;
    private final String tableName;
    private final Optional<Finding.AlarmRef> alarm;
    private final boolean redactKeys;

    private FindingBuilder(String id, Instant now, String region, Optional<String> account, String tableName,
                           Optional<Finding.AlarmRef> alarm, boolean redactKeys) {
        this.id = id;
        this.now = now;
        this.region = region;
        this.account = account;
        this.tableName = tableName;
        this.alarm = alarm;
        this.redactKeys = redactKeys;
    }

    /**
     * @param region  the region the function runs in
     * @param account the account it runs in, when known ({@code Invocation.account()})
     */
    public static FindingBuilder forAlarm(String id, Instant now, String region, Optional<String> account,
                                          AlarmEvent event, boolean redactKeys) {
        return new FindingBuilder(id, now, region, account, event.tableName(), Optional.of(new Finding.AlarmRef(event.alarmName(),
                event.alarmArn(), event.state(), event.reason(), event.stateChangedAt())), redactKeys);
    }

    /** A finding without an alarm: a fleet sweep's, or a scheduled revert's. */
    public static FindingBuilder forTable(String id, Instant now, String region, Optional<String> account,
                                          String tableName, boolean redactKeys) {
        return new FindingBuilder(id, now, region, account, tableName, Optional.empty(), redactKeys);
    }

    public String id() {
        return id;
    }

    public String tableName() {
        return tableName;
    }

    /** The alarm's name, when an alarm triggered the finding. */
    public Optional<String> alarmName() {
        return alarm.map(Finding.AlarmRef::name);
    }

    /** What triggered the finding, as the audit trail records it: the alarm's name, or the fleet sweep. */
    public String trigger() {
        return alarm.map(Finding.AlarmRef::name).orElse("fleet-sweep");
    }

    Finding duplicate(String firstFindingId, boolean republished) {
        return finding(Finding.Outcome.DUPLICATE, tableName + ": this alarm delivery was already handled (finding "
                + firstFindingId + ")" + (republished ? "; its finding had not been published and was published now."
                : "; nothing more was done."), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }

    /** The revert check's finding: what was restored, and what was left or deferred. */
    Finding reverted(List<Finding.ActionResult> results, List<dev.hpr.remediator.core.model.Skip> skipped) {
        long restored = results.stream().filter(r -> r.status() == Finding.ActionResult.Status.APPLIED).count();
        long failed = results.size() - restored;
        String headline = tableName + ": calm again; restored " + restored + " change(s) this remediator made"
                + (failed > 0 ? ", " + failed + " failed (tried again at the next check)" : "")
                + (skipped.isEmpty() ? "." : "; " + skipped.size() + " left or deferred (see why).");
        var plan = new Plan(RemediationMode.APPLY, "revert check",
                results.stream().<Action>map(Finding.ActionResult::action).toList(), skipped);
        return finding(Finding.Outcome.REVERTED, headline, Optional.empty(), Optional.of(plan), results, List.of(),
                List.of("Restored values are the ones recorded in the audit trail before this remediator changed them."));
    }

    Finding inProgress() {
        return finding(Finding.Outcome.IN_PROGRESS, tableName + ": another invocation is remediating this table now;"
                + " this one changed nothing.", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }

    Finding notInAlarm() {
        String state = alarm.map(Finding.AlarmRef::state).orElse("not in alarm");
        return finding(Finding.Outcome.NOT_IN_ALARM, tableName + ": alarm " + alarm.map(Finding.AlarmRef::name).orElse("")
                + " is " + state + "; nothing to do.", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }

    Finding refused(String reason) {
        return finding(Finding.Outcome.REFUSED, tableName + ": not remediated. " + reason, Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of());
    }

    Finding failed(String error) {
        String retry = alarm.isPresent() ? " The alarm's next state change, or the next fleet sweep, will try again."
                : " The next fleet sweep will try again.";
        return finding(Finding.Outcome.FAILED, tableName + ": diagnosis failed (" + error + "); nothing was changed."
                + retry, Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }

    /**
     * @param approval the plan offered for approval, stored; empty when the plan offers nothing (or could not)
     */
    public Finding diagnosed(Diagnosis diagnosis, Plan plan, List<Finding.ActionResult> results,
                      List<Recommendation> recommendations, List<String> extraCaveats, String insightsMode,
                      Optional<Finding.Approval> approval) {
        var caveats = new ArrayList<String>(extraCaveats);
        boolean enabledInsights = results.stream().anyMatch(r -> r.action().insightRulesAdded(false) > 0
                && r.status() == Finding.ActionResult.Status.APPLIED);
        if (enabledInsights) {
            caveats.add("Contributor Insights was enabled at " + now + ": its data starts now and names only keys"
                    + " throttled from then on" + ("THROTTLED_KEYS".equals(insightsMode)
                    ? " (THROTTLED_KEYS mode records keys only while throttling happens)." : "."));
        }
        boolean touchesScaling = results.stream().anyMatch(r -> r.action().changesAutoScaling()
                && r.status() != Finding.ActionResult.Status.FAILED);
        if (touchesScaling && diagnosis.table().isManagedByCloudFormation()) {
            caveats.add("Table " + diagnosis.table().name() + " belongs to CloudFormation stack '"
                    + diagnosis.table().tags().get("aws:cloudformation:stack-name") + "': these auto scaling changes"
                    + " drift from its template and its next deploy may revert them. Carry them into the template.");
        }
        if (plan.mode() == RemediationMode.DRY_RUN && !plan.actions().isEmpty()) {
            caveats.add("Dry run (" + plan.modeReason() + "): nothing was changed; the actions are the plan.");
        }
        if (diagnosis.causes().stream().anyMatch(CauseFinding::fallback)) {
            caveats.add("Some causes were inferred from utilisation because no per-cause throttle metric had data.");
        }
        approval.ifPresent(a -> caveats.add("Approval: " + a.actions().size() + " change(s) of plan " + a.planId()
                + " wait for a person until " + a.expiresAt() + "; each is applied only if its setting still holds"
                + " the value shown as before, and nothing is applied after that time."));
        String headline = headline(diagnosis, plan, results) + approval.map(a -> " Plan " + a.planId()
                + " awaits approval until " + a.expiresAt() + ".").orElse("");
        return new Finding(id, now, region, alarm, tableName, approval.isPresent() ? Finding.Outcome.AWAITING_APPROVAL
                : Finding.Outcome.DIAGNOSED, headline, Optional.of(diagnosis), Optional.of(plan), results,
                recommendations, caveats, redactKeys, approval, account);
    }

    /** A person approved a stored plan: what was applied, and what was not (stale, cooldown) and why. */
    Finding approved(StoredPlan plan, Finding.Approval approval, List<Finding.ActionResult> results,
                     List<Skip> skipped, List<String> notes) {
        long applied = results.stream().filter(r -> r.status() == Finding.ActionResult.Status.APPLIED).count();
        long failed = results.size() - applied;
        StoredPlan.Decision decision = approval.decision().orElseThrow();
        String headline = tableName + ": plan " + plan.planId() + " " + decision.text() + "; " + applied + " of "
                + plan.actions().size() + " change(s) applied" + (failed > 0 ? ", " + failed + " failed" : "")
                + (skipped.isEmpty() ? "." : ", " + skipped.size() + " not applied (see why).");
        // The approved changes stay what they were, changes offered for approval: the plan the finding reports.
        var applying = new Plan(RemediationMode.APPLY, "approved plan " + plan.planId() + " (made in mode "
                + plan.mode().word() + ")", List.of(), skipped, plan.actions());
        var caveats = new ArrayList<>(notes);
        caveats.add("Each change is written to the journal before it is made, with this approval, and is reverted"
                + " like any other once the table is calm.");
        plan.actions().stream().map(Action::revertCaveat).flatMap(Optional::stream).distinct().forEach(caveats::add);
        if (decision.approver().isEmpty()) {
            caveats.add("Who approved is not known to the function: a Lambda invoke (the chat button, the AWS CLI)"
                    + " does not carry the caller's identity. CloudTrail data events for Lambda record the caller,"
                    + " where the account logs them.");
        }
        return new Finding(id, now, region, alarm, tableName, Finding.Outcome.APPLIED, headline, Optional.empty(),
                Optional.of(applying), results, List.of(), caveats, redactKeys, Optional.of(approval), account);
    }

    /** A person rejected a stored plan: nothing changed. */
    Finding rejected(StoredPlan plan, Finding.Approval approval) {
        String headline = tableName + ": plan " + plan.planId() + " " + approval.decision().orElseThrow().text()
                + "; nothing was changed.";
        return new Finding(id, now, region, alarm, tableName, Finding.Outcome.REJECTED, headline, Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of(), redactKeys, Optional.of(approval), account);
    }

    private String headline(Diagnosis diagnosis, Plan plan, List<Finding.ActionResult> results) {
        String table = diagnosis.table().name();
        if (!diagnosis.detection().detected()) {
            return String.format(Locale.ROOT, "%s: throttling below the detection thresholds (%.0f events in %d min);"
                    + " nothing changed.", table, diagnosis.detection().throttleEvents(), diagnosis.window().periods());
        }
        String what = diagnosis.primaryCause().map(c -> c.cause().description() + " on " + c.operation().lower()
                + "s of " + c.resource().label() + key(diagnosis, c)).orElse("high consumed read capacity, no throttling");
        long applied = results.stream().filter(r -> r.status() == Finding.ActionResult.Status.APPLIED).count();
        long failed = results.stream().filter(r -> r.status() == Finding.ActionResult.Status.FAILED).count();
        String done = switch (plan.mode()) {
            case APPLY -> applied + " change(s) applied" + (failed > 0 ? ", " + failed + " failed" : "")
                    + (plan.awaitsApproval() ? ", " + plan.forApproval().size() + " offered for approval" : "");
            case APPROVE -> plan.forApproval().size() + " change(s) offered for approval, none applied";
            case DRY_RUN -> plan.actions().size() + " change(s) planned, none applied (dry run)";
            case OFF -> "no change (remediation off by tag)";
        };
        return table + ": " + what + ". " + diagnosis.pattern().kind().name().toLowerCase(Locale.ROOT) + " pattern; "
                + done + ".";
    }

    private String key(Diagnosis diagnosis, CauseFinding cause) {
        Optional<HotKeys> keys = diagnosis.hotKeysOf(cause.resource());
        return keys.map(k -> String.format(Locale.ROOT, " (key '%s', %.0f%% of throttled requests)",
                redactKeys ? FindingRenderer.redact(k.top().key()) : k.top().key(), k.top().share() * 100)).orElse("");
    }

    private Finding finding(Finding.Outcome outcome, String headline, Optional<Diagnosis> diagnosis,
                            Optional<Plan> plan, List<Finding.ActionResult> results,
                            List<Recommendation> recommendations, List<String> caveats) {
        return new Finding(id, now, region, alarm, tableName, outcome, headline, diagnosis, plan,
                results, recommendations, caveats, redactKeys, Optional.empty(), account);
    }
}
