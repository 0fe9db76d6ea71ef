package dev.hpr.remediator.core.action;

import dev.hpr.remediator.core.model.InsightsStatus;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Enables Contributor Insights on a table or GSI in a mode, to name its throttled keys; restoring disables it again.
 *
 * @param mode          THROTTLED_KEYS or ACCESSED_AND_THROTTLED_KEYS: always passed (ENABLE without a mode means
 *                      ACCESSED_AND_THROTTLED_KEYS)
 * @param statusBefore  the status when planned (DISABLED, ...); for a restore, the status it had when restored
 * @param enable        enables (a remediation) or disables (the restore of an enable)
 */
public record ContributorInsightsChange(ResourceRef resource, String mode, String statusBefore, boolean enable,
                                        Optional<String> restores) implements Action {

    /** UpdateContributorInsights, and the service-linked role its first ENABLE in an account creates. */
    public static final List<IamPermission> PERMISSIONS = List.of(
            IamPermission.onProtectedTablesAndIndexes("dynamodb:UpdateContributorInsights"),
            new IamPermission("iam:CreateServiceLinkedRole", IamPermission.Scope.CONTRIBUTOR_INSIGHTS_SERVICE_LINKED_ROLE));

    public ContributorInsightsChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(statusBefore, "statusBefore");
        Objects.requireNonNull(restores, "restores");
        if (!enable && restores.isEmpty()) {
            throw new IllegalArgumentException("Contributor Insights is only disabled to restore an enable");
        }
    }

    /** Enables it on a resource whose status is {@code statusBefore}. */
    public static ContributorInsightsChange enable(ResourceRef resource, String mode, String statusBefore) {
        return new ContributorInsightsChange(resource, mode, statusBefore, true, Optional.empty());
    }

    @Override
    public String type() {
        return enable ? "EnableContributorInsights" : "DisableContributorInsights";
    }

    @Override
    public String setting() {
        return resource.shortName() + "|contributor-insights";
    }

    @Override
    public String description() {
        return enable ? "Enable Contributor Insights (" + mode + ") on " + resource.label()
                : "Disable Contributor Insights on " + resource.label() + " (change " + restores.orElseThrow() + ")";
    }

    @Override
    public String before() {
        return statusBefore;
    }

    @Override
    public String after() {
        return enable ? "ENABLED (" + mode + ")" : "DISABLED";
    }

    @Override
    public Reads reads() {
        return Reads.CONTRIBUTOR_INSIGHTS;
    }

    /**
     * Rules one enable creates (DynamoDB Developer Guide, Contributor Insights): THROTTLED_KEYS a PKT rule (+ SKT with
     * a sort key); ACCESSED_AND_THROTTLED_KEYS also PKC (+ SKC).
     */
    public static int rulesFor(String mode, boolean hasSortKey) {
        int perKey = "THROTTLED_KEYS".equals(mode) ? 1 : 2;
        return hasSortKey ? 2 * perKey : perKey;
    }

    @Override
    public int insightRulesAdded(boolean hasSortKey) {
        return enable ? rulesFor(mode, hasSortKey) : 0;
    }

    @Override
    public Optional<String> revertCaveat() {
        return restores.isPresent() ? Optional.empty() : Optional.of("The revert disables the Contributor Insights it enabled, which frees the region's rules.");
    }

    @Override
    public boolean changesCapacity() {
        return false;
    }

    @Override
    public boolean needsApproval() {
        return false;
    }

    @Override
    public boolean changesAutoScaling() {
        return false;
    }

    @Override
    public void apply(ActionPorts ports) {
        if (!enable) {
            ports.contributorInsights().disable(resource);
            return;
        }
        if ("FAILED".equals(ports.contributorInsights().enable(resource, mode))) {
            throw new ActionFailedException("Contributor Insights reported FAILED, most often the account's"
                    + " Contributor Insights rule limit (LimitExceededException)");
        }
    }

    /** Disabled again while it is still on in the mode this remediator set. */
    @Override
    public Undo undo(Current now, String changeId) {
        Optional<InsightsStatus> status = now.insightsOf(resource);
        if (!enable || status.isEmpty() || !ours(status.get())) {
            return Undo.left("Contributor Insights on " + resource.label() + " is now " + status.map(s -> s.status()
                    + s.mode().map(m -> " (" + m + ")").orElse("")).orElse("unknown") + ", not the " + after()
                    + " this remediator set; left as it is.");
        }
        return Undo.restore(new ContributorInsightsChange(resource, mode, status.get().status() + " (" + mode + ")",
                false, Optional.of(changeId)));
    }

    @Override
    public Optional<String> stale(Current now) {
        Optional<InsightsStatus> status = now.insightsOf(resource);
        if (status.isEmpty()) {
            return Optional.of("Contributor Insights on " + resource.label() + " could not be read");
        }
        boolean holdsBefore = enable ? !status.get().isOn() : ours(status.get());
        return holdsBefore ? Optional.empty() : Optional.of("Contributor Insights on " + resource.label() + " is now "
                + status.get().status() + ", not the " + statusBefore + " the plan saw");
    }

    /** Enabling: ours (on, in its mode) is AFTER, off is BEFORE. Disabling (a restore): the other way round. */
    @Override
    public Holds holds(Current now) {
        Optional<InsightsStatus> status = now.insightsOf(resource);
        if (status.isEmpty()) {
            return Holds.neither("Contributor Insights on " + resource.label() + " could not be read");
        }
        String found = status.get().status() + status.get().mode().map(m -> " (" + m + ")").orElse("");
        boolean on = ours(status.get());
        boolean off = !status.get().isOn();
        if (on == enable && (on || off)) {
            return Holds.after(found);
        }
        return (enable ? off : on) ? Holds.before(found) : Holds.neither(found);
    }

    @Override
    public Current project(Current now) {
        return now.withInsights(new InsightsStatus(resource, enable ? "ENABLED" : "DISABLED", Optional.of(mode),
                List.of(), Optional.empty()));
    }

    private boolean ours(InsightsStatus status) {
        return status.isOn() && status.mode().map(mode::equals).orElse(false);
    }
}
