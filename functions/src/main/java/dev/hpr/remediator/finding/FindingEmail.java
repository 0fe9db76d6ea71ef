package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.planning.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain-text email an on-call engineer reads in 30 seconds: what happened, what was changed, what was not and
 * why, what to do next; then the details, the caveats, and the finding's id. No markdown; lines wrap at 100.
 */
final class FindingEmail {

    static final List<String> SECTIONS = List.of("WHAT HAPPENED", "WHAT WAS CHANGED", "WHAT WAS NOT CHANGED AND WHY",
            "WHAT TO DO NEXT", "DETAILS", "CAVEATS");
    private static final int WIDTH = 100;
    private static final String IN = "  ";
    private static final String IN2 = "     ";

    private final FindingView view;
    private final Finding finding;
    private final List<String> lines = new ArrayList<>();

    private FindingEmail(FindingView view) {
        this.view = view;
        this.finding = view.finding();
    }

    static String render(FindingView view) {
        return new FindingEmail(view).write();
    }

    private String write() {
        whatHappened();
        whatWasChanged();
        whatWasNotChanged();
        whatToDoNext();
        details();
        caveats();
        lines.add("--");
        lines.add("Finding " + finding.id() + ", generated " + finding.generatedAt() + " in " + finding.location());
        lines.add("Schema " + Finding.SCHEMA);
        return String.join("\n", lines) + "\n";
    }

    private void whatHappened() {
        heading(SECTIONS.get(0));
        para(view.text(finding.headline()), IN, IN);
        String table = view.name(finding.tableName()) + " (" + finding.location()
                + view.table().map(t -> ", " + t.billingMode().name()
                + (t.isManagedByCloudFormation() ? ", managed by CloudFormation" : "")).orElse("") + ")";
        field("Table:", table);
        finding.alarm().ifPresent(a -> {
            field("Alarm:", view.name(a.name()) + " is " + a.state() + " since " + a.stateChangedAt());
            a.reason().ifPresent(r -> para(view.text(r), IN + pad(""), IN + pad("")));
        });
        view.diagnosis().map(Diagnosis::window).ifPresent(w -> field("Window:", w.start() + " to " + w.end() + " ("
                + w.periods() + " periods of " + w.periodSeconds() + " s)"));
        finding.plan().ifPresent(p -> field("Mode:", p.mode().word() + " (" + view.text(p.modeReason()) + ")"));
        view.diagnosis().map(d -> Sparkline.describe(d.pattern().perMinute())).filter(line -> !line.isEmpty())
                .ifPresent(line -> field("Throttled:", line));
        finding.approval().ifPresent(a -> field("Approval:", "plan " + a.planId() + a.decision().map(
                d -> " " + d.text()).orElse(" awaits approval until " + a.expiresAt())));
    }

    private void whatWasChanged() {
        heading(SECTIONS.get(1));
        RemediationMode mode = view.mode().orElse(null);
        if (mode == RemediationMode.DRY_RUN && !finding.results().isEmpty()) {
            para("Nothing: dry-run. These changes are planned, not applied:", IN, IN);
        }
        if (mode == RemediationMode.APPROVE && !finding.results().isEmpty()) {
            para("Nothing yet: these changes wait for a person to approve them (see what to do next):", IN, IN);
        }
        if (finding.results().isEmpty()) {
            para(mode == RemediationMode.OFF ? "Nothing: remediation is off for this table (" + view.text(
                    finding.plan().get().modeReason()) + ")." : "Nothing was changed.", IN, IN);
        }
        int n = 1;
        for (Finding.ActionResult result : view.results()) {
            para(n++ + ". [" + result.status() + "] " + view.text(result.action().description()), IN, IN2);
            para(view.text(result.action().before()) + " -> " + view.text(result.action().after()), IN2, IN2);
            result.error().ifPresent(e -> para("error: " + view.text(e), IN2, IN2));
        }
        more(finding.results().size() - view.results().size());
    }

    private void whatWasNotChanged() {
        heading(SECTIONS.get(2));
        if (finding.skipped().isEmpty()) {
            para("Nothing was held back.", IN, IN);
        }
        for (Skip skip : view.skipped()) {
            para("- " + view.text(skip.what()) + " (" + label(skip.resource().orElse(ResourceRef.table(
                    finding.tableName()))) + "): " + view.text(skip.reason()), IN, IN + "  ");
        }
        more(finding.skipped().size() - view.skipped().size());
    }

    private void whatToDoNext() {
        heading(SECTIONS.get(3));
        Optional<Finding.Approval> pending = finding.approval().filter(Finding.Approval::pending);
        if (finding.recommendations().isEmpty() && pending.isEmpty()) {
            para("Nothing: no action is needed from you.", IN, IN);
        }
        int n = 1;
        if (pending.isPresent()) {
            List<ApprovalText.Step> howTo = ApprovalText.howTo(pending.get(), finding.region());
            para(n++ + ". " + howTo.get(0).text(), IN, IN2);
            for (ApprovalText.Step step : howTo.subList(1, howTo.size())) {
                para(step.text(), IN2, IN2 + "  ");
                // A command stays whole on its line, so that it can be copied.
                step.command().ifPresent(command -> lines.add(IN2 + "  " + command));
            }
        }
        for (Recommendation r : view.recommendations()) {
            para(n++ + ". " + view.text(r.title()) + r.resource().map(x -> " (" + label(x) + ")").orElse(""), IN, IN2);
            para(view.text(r.detail()), IN2, IN2);
        }
        more(finding.recommendations().size() - view.recommendations().size());
    }

    private void details() {
        heading(SECTIONS.get(4));
        if (view.diagnosis().isEmpty()) {
            para(switch (finding.outcome()) {
                case REVERTED -> "No diagnosis: this is the revert check that runs once the table is calm again.";
                case APPLIED, REJECTED -> "No diagnosis: this finding reports a person's decision on a plan; the"
                        + " finding that offered the plan has the diagnosis.";
                default -> "No diagnosis: the function stopped before diagnosing (see the headline).";
            }, IN, IN);
            links();
            return;
        }
        Diagnosis d = view.diagnosis().get();
        field("Detection:", d.detection().summary());
        links();
        field("Pattern:", view.text(d.pattern().explanation()));
        if (!d.causes().isEmpty()) {
            para("Causes:", IN, IN);
            for (CauseFinding c : view.causes()) {
                para("- " + label(c.resource()) + ", " + c.operation().lower() + "s: " + c.cause().description()
                        + (c.fallback() ? " (inferred from utilisation)" : "") + ", "
                        + Texts.number(c.throttleEvents()) + " throttled events", IN + "  ", IN + "    ");
                para(view.text(c.evidence()), IN + "    ", IN + "    ");
            }
            more(d.causes().size() - view.causes().size());
        }
        for (HotKeys h : view.hotKeys()) {
            List<HotKeys.HotKey> keys = view.keys(h);
            para("Hot keys of " + label(h.resource()) + ": " + h.pattern().name() + ", " + keys.size() + " of "
                    + Texts.plural(h.keys().size(), "key", "keys") + " shown"
                    + (finding.redactKeys() ? ", redacted" : "") + " (rule " + view.name(h.ruleName()) + ")", IN, IN + "  ");
            for (HotKeys.HotKey k : keys) {
                lines.add(String.format(Locale.ROOT, "%s%7s  %s  (%s)", IN + "  ", Texts.percent(k.share()),
                        view.key(k.key()), Texts.number(k.value())));
            }
        }
        more(d.hotKeys().size() - view.hotKeys().size());
    }

    private void links() {
        List<ConsoleLinks.Link> links = ConsoleLinks.of(finding);
        if (!links.isEmpty()) {
            para("Console:", IN, IN);
            links.forEach(l -> para("- " + view.name(l.title()) + ": " + l.url(), IN + "  ", IN + "    "));
        }
    }

    private void caveats() {
        heading(SECTIONS.get(5));
        List<String> caveats = view.caveats();
        if (caveats.isEmpty()) {
            para("None.", IN, IN);
        }
        caveats.forEach(c -> para("- " + view.text(c), IN, IN + "  "));
    }

    private String label(ResourceRef resource) {
        return view.name(resource.label());
    }

    private void heading(String title) {
        if (!lines.isEmpty()) {
            lines.add("");
        }
        lines.add(title);
    }

    private void field(String name, String value) {
        para(value, IN + pad(name), IN + pad(""));
    }

    private static String pad(String name) {
        return String.format(Locale.ROOT, "%-11s", name);
    }

    private void para(String text, String first, String rest) {
        lines.addAll(Texts.wrap(text, first, rest, WIDTH));
    }

    private void more(int omitted) {
        if (omitted > 0) {
            para("(" + omitted + " more left out: see the caveats)", IN, IN);
        }
    }
}
