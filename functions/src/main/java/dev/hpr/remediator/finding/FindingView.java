package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finding as the three renderings see it at one {@link Detail}: lists capped, free text scrubbed of hot keys and
 * cut, keys shown or redacted. Every rendering reads the finding through this, so all three agree.
 */
record FindingView(Finding finding, Detail detail, KeyText keyText) {

    static FindingView of(Finding finding, Detail detail, KeyText keyText) {
        return new FindingView(finding, detail, keyText);
    }

    /** Free text: hot keys redacted (when the finding redacts them), then cut to the level's length. */
    String text(String text) {
        return detail.text(keyText.text(text));
    }

    /** A name (table, index, rule, ARN, alarm): never scrubbed, cut only at the lowest levels. */
    String name(String name) {
        return detail.name(name);
    }

    String key(String key) {
        return keyText.key(key);
    }

    Optional<Diagnosis> diagnosis() {
        return finding.diagnosis();
    }

    Optional<RemediationMode> mode() {
        return finding.plan().map(Plan::mode);
    }

    Optional<TableDescription> table() {
        return finding.diagnosis().map(Diagnosis::table);
    }

    List<Finding.ActionResult> results() {
        return detail.cap(finding.results());
    }

    List<Skip> skipped() {
        return detail.cap(finding.skipped());
    }

    List<Recommendation> recommendations() {
        return detail.cap(finding.recommendations());
    }

    List<CauseFinding> causes() {
        return detail.cap(finding.diagnosis().map(Diagnosis::causes).orElse(List.of()));
    }

    List<HotKeys> hotKeys() {
        return detail.cap(finding.diagnosis().map(Diagnosis::hotKeys).orElse(List.of()));
    }

    List<HotKeys.HotKey> keys(HotKeys hotKeys) {
        return hotKeys.keys().subList(0, Math.min(detail.keysPerRule, hotKeys.keys().size()));
    }

    List<String> indexNames() {
        return detail.cap(table().map(t -> t.globalSecondaryIndexes().stream().map(TableDescription.Index::name)
                .toList()).orElse(List.of()));
    }

    /** The finding's caveats, led by the one saying the finding was shortened when it was. */
    List<String> caveats() {
        var caveats = new ArrayList<String>();
        if (detail != Detail.FULL) {
            caveats.add(detail.shortenedCaveat(omittedItems()));
        }
        caveats.addAll(finding.caveats());
        return detail.cap(caveats);
    }

    private int omittedItems() {
        List<HotKeys> allHotKeys = finding.diagnosis().map(Diagnosis::hotKeys).orElse(List.of());
        int keys = allHotKeys.stream().mapToInt(h -> h.keys().size()).sum()
                - hotKeys().stream().mapToInt(h -> keys(h).size()).sum();
        return keys + detail.omitted(finding.results()) + detail.omitted(finding.skipped())
                + detail.omitted(finding.recommendations())
                + Math.max(0, finding.caveats().size() + 1 - detail.itemsPerList)
                + detail.omitted(finding.diagnosis().map(Diagnosis::causes).orElse(List.of()))
                + detail.omitted(table().map(TableDescription::globalSecondaryIndexes).orElse(List.of()));
    }
}
