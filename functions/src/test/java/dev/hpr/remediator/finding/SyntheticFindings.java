package dev.hpr.remediator.finding;

import dev.hpr.remediator.core.diagnosis.Cause;
import dev.hpr.remediator.core.diagnosis.CauseFinding;
import dev.hpr.remediator.core.diagnosis.Detection;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.HotKeys;
import dev.hpr.remediator.core.diagnosis.KeyPattern;
import dev.hpr.remediator.core.diagnosis.Pattern;
import dev.hpr.remediator.core.diagnosis.PatternKind;
import dev.hpr.remediator.core.diagnosis.PeakRates;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.BillingMode;
import dev.hpr.remediator.core.model.Capacity;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.PolicyValues;
import dev.hpr.remediator.core.model.RemediationMode;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.Skip;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.planning.Plan;
import dev.hpr.remediator.core.planning.Recommendation;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.ContributorInsightsChange;
import dev.hpr.remediator.core.action.TargetTrackingChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Findings no recorded incident reaches: a table with many GSIs, hundreds of long hot keys and long texts, to push
 * the SNS size limit; built from the core's value types directly.
 */
final class SyntheticFindings {

    /** Text that is hard to carry: quotes, backslashes, a control character, non-ASCII, an emoji, Slack markup. */
    static final String HOSTILE = "\"quoted\" back\\slash \u0001ctl été 🔥 <!channel> &amp; `tick` ";

    private SyntheticFindings() {
    }

    /**
     * @param gsis         global secondary indexes; each, and the table, throttles reads and writes
     * @param keysPerRule  hot keys in each of the two rules (PKT, SKT) of every resource
     * @param keyChars     length of each key
     * @param items        skipped items, recommendations and caveats, each
     * @param textChars    length of each free text
     * @param filler       what texts and keys are made of
     */
    static Finding large(int gsis, int keysPerRule, int keyChars, int items, int textChars, String filler,
                         boolean redactKeys) {
        var indexes = new ArrayList<TableDescription.Index>();
        for (int i = 0; i < gsis; i++) {
            indexes.add(new TableDescription.Index(String.format("gsi-%02d", i), Optional.of(new Capacity(100, 100)),
                    Optional.empty(), true));
        }
        TableDescription table = new TableDescription("orders", "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                "ACTIVE", BillingMode.PROVISIONED, Optional.of(new Capacity(100, 100)), Optional.empty(), 0, true,
                indexes, Map.of("aws:cloudformation:stack-name", "OrdersStack"));
        var causes = new ArrayList<CauseFinding>();
        var hotKeys = new ArrayList<HotKeys>();
        var actions = new ArrayList<Action>();
        int n = 0;
        for (ResourceRef resource : table.resources()) {
            actions.add(ContributorInsightsChange.enable(resource, "THROTTLED_KEYS", "DISABLED"));
            for (OperationType op : OperationType.values()) {
                causes.add(new CauseFinding(resource, op, Cause.HOT_PARTITION, false, 1000,
                        Map.of(Cause.HOT_PARTITION, 900.0, Cause.UNDER_PROVISIONED, 100.0),
                        new PeakRates(900, true, 15), text(filler, textChars)));
                actions.add(TargetTrackingChange.retune(resource, op, resource.shortName() + "-" + op.lower(),
                        new PolicyValues(70, OptionalInt.of(300), OptionalInt.of(60)),
                        new PolicyValues(60, OptionalInt.of(60), OptionalInt.of(300))));
            }
            for (String rule : List.of("PKT", "SKT")) {
                var keys = new ArrayList<HotKeys.HotKey>();
                for (int k = 0; k < keysPerRule; k++) {
                    String key = "tenant#" + n++ + "#" + text(filler, Math.max(0, keyChars - 16));
                    keys.add(new HotKeys.HotKey(rule.equals("SKT") ? key + " | order#" + k : key, keysPerRule - k,
                            (keysPerRule - k) / (keysPerRule * (keysPerRule + 1) / 2.0)));
                }
                hotKeys.add(new HotKeys(resource, "DynamoDBContributorInsights-" + rule + "-" + resource.shortName()
                        .replace('/', '-') + "-1763866800000", keys, KeyPattern.SPREAD));
            }
        }
        Window window = Window.lastMinutes(RecordedFindings.NOW, 60);
        Diagnosis diagnosis = new Diagnosis(table, window, new Detection(true, 1_000_000, 50, 5_000, 1_000),
                new Pattern(PatternKind.CONSISTENT, 60, 60, 1, 50_000, OptionalInt.of(0), false), causes, hotKeys);
        var skipped = new ArrayList<Skip>();
        var recommendations = new ArrayList<Recommendation>();
        var caveats = new ArrayList<String>();
        String quotedKey = hotKeys.get(0).top().key();
        for (int i = 0; i < items; i++) {
            skipped.add(Skip.of(table.resources().get(i % table.resources().size()), "Retune write auto scaling",
                    Skip.Code.HOT_PARTITION, text(filler, textChars)));
            recommendations.add(Recommendation.about(table.resources().get(i % table.resources().size()),
                    "Write-shard the hot key", "Key '" + quotedKey + "' " + text(filler, textChars)));
            caveats.add(text(filler, textChars));
        }
        Plan plan = new Plan(RemediationMode.APPLY, "deployment mode apply", actions, skipped);
        var results = new ArrayList<Finding.ActionResult>();
        for (Action action : actions) {
            results.add(results.isEmpty() ? Finding.ActionResult.failed(action, text(filler, textChars))
                    : Finding.ActionResult.applied(action));
        }
        return new Finding("finding-large", RecordedFindings.NOW, "us-east-1",
                Optional.of(RecordedFindings.alarm("orders")), "orders", Finding.Outcome.DIAGNOSED,
                "orders: hot partition on writes. " + text(filler, textChars), Optional.of(diagnosis),
                Optional.of(plan), results, recommendations, caveats, redactKeys);
    }

    static String text(String filler, int chars) {
        var out = new StringBuilder();
        while (out.length() < chars) {
            out.append(filler);
        }
        return out.substring(0, out.offsetByCodePoints(0, Math.min(chars, out.codePointCount(0, chars))));
    }
}
