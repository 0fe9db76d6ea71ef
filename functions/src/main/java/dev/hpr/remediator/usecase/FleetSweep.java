package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.core.diagnosis.FleetMetrics;
import dev.hpr.remediator.core.diagnosis.FleetTriage;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TableProtection;
import dev.hpr.remediator.core.model.TaggedTable;
import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.aws.FleetThrottling;
import dev.hpr.remediator.aws.TaggedTables;
import dev.hpr.remediator.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks every protected table in one pass, for a platform team with hundreds of them: one DescribeTable (and its
 * tags) per table, then one metrics read for all tables together (GetMetricData batches 500 queries per call, so
 * 200 tables with 2 GSIs each take 17 calls), the detection rule per table, and the alarm path's
 * {@link TableRemediation} only for the tables whose throttling passes it, with the diagnosis made here (once). A quiet table costs two DynamoDB
 * calls and its share of the batched metric reads, nothing more.
 *
 * <p>A missing table, or an AWS failure on one table, is reported in the {@link SweepSummary} and the sweep goes on.
 * A failed metrics read fails the sweep before anything was changed.
 */
public final class FleetSweep {

    private final Settings settings;
    private final DynamoDbTables tables;
    private final CloudWatchMetrics metrics;
    private final Diagnoser diagnoser;
    private final TableRemediation remediation;
    private final String region;
    private final Invocation invocation;
    private final Log log;
    private final TaggedTables taggedTables;
    private final FleetThrottling fleetThrottling;

    public FleetSweep(Settings settings, DynamoDbTables tables, CloudWatchMetrics metrics, Diagnoser diagnoser,
               TableRemediation remediation, String region, Invocation invocation, Log log, TaggedTables taggedTables,
               FleetThrottling fleetThrottling) {
        this.taggedTables = taggedTables;
        this.fleetThrottling = fleetThrottling;
        this.settings = settings;
        this.tables = tables;
        this.metrics = metrics;
        this.diagnoser = diagnoser;
        this.remediation = remediation;
        this.region = region;
        this.invocation = invocation;
        this.log = log;
    }

    /**
     * @throws IllegalStateException when {@code PROTECTED_TABLES} is empty: a sweep checks only the tables it lists
     * @throws AwsCallFailed         when the metrics could not be read (nothing was changed)
     */
    public SweepSummary sweep(String sweepId, Instant now) {
        if (settings.tagged()) {
            return taggedSweep(sweepId, now);
        }
        List<String> names = settings.protectedTables().stream().sorted().toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("PROTECTED_TABLES is empty: a fleet sweep checks the tables it lists;"
                    + " set it to the comma-separated names of the tables to sweep");
        }
        var results = new ArrayList<SweepSummary.TableResult>();
        var described = new ArrayList<TableDescription>();
        for (String name : names) {
            try {
                described.add(tables.describe(name));
            } catch (TableNotFound e) {
                log.warn("sweep: table not found", "table", name);
                results.add(SweepSummary.TableResult.missing(name, e.getMessage()));
            } catch (AwsCallFailed e) {
                log.error("sweep: could not describe table", "table", name, "error", e.getMessage());
                results.add(SweepSummary.TableResult.failed(name, false, 0, e.getMessage()));
            }
        }
        Window window = Window.lastMinutes(now, settings.windowMinutes());
        var fleet = new FleetMetrics(metrics.read(FleetMetrics.keysFor(described), window));
        for (TableDescription table : described) {
            results.add(check(sweepId, now, table, fleet.forTable(table), settings.redactKeys()));
        }
        results.sort((a, b) -> a.table().compareTo(b.table()));
        var summary = new SweepSummary(sweepId, now, window, results, List.of());
        log.info("sweep done", "sweepId", sweepId, "tables", summary.tables().size(),
                "detected", summary.detected(), "remediated", summary.count(SweepSummary.Status.REMEDIATED),
                "missing", summary.count(SweepSummary.Status.MISSING), "failed", summary.count(SweepSummary.Status.FAILED),
                "changesApplied", summary.changesApplied());
        return summary;
    }

    /**
     * Tagged protection: the protected tables from the Resource Groups Tagging API (one call per 100, tags
     * included), the whole region's throttling from one Metrics Insights query ({@link FleetThrottling}), and only
     * the protected tables that throttled are described (DescribeTable, tags already known) and read in full (14
     * metrics per table and GSI, batched). A quiet table costs its share of the tag listing and no metric of its own.
     * The most throttled tables are remediated first (they get Contributor Insights rules first when the region's
     * quota runs short).
     */
    private SweepSummary taggedSweep(String sweepId, Instant now) {
        Window window = Window.lastMinutes(now, settings.windowMinutes());
        var results = new ArrayList<SweepSummary.TableResult>();
        var protectedTables = new java.util.LinkedHashMap<String, TaggedTable>();
        for (TaggedTable t : taggedTables.list()) {
            if (TableProtection.protectingTags(t.tags())) {
                protectedTables.put(t.name(), t);
            }
        }
        FleetTriage triage = fleetThrottling.triage(now, java.time.Duration.ofMinutes(settings.windowMinutes()));
        triage.incomplete().forEach(note -> log.warn("sweep: the region's throttling triage is incomplete", "note", note));
        var described = new ArrayList<TableDescription>();
        for (String name : triage.throttledRequests().keySet()) {
            TaggedTable tagged = protectedTables.get(name);
            if (tagged == null) {
                continue; // not tagged for protection: never read
            }
            try {
                described.add(tables.describe(name, tagged.tags()));
            } catch (TableNotFound e) {
                results.add(SweepSummary.TableResult.missing(name, e.getMessage()));
            } catch (AwsCallFailed e) {
                log.error("sweep: could not describe table", "table", name, "error", e.getMessage());
                results.add(SweepSummary.TableResult.failed(name, false, 0, e.getMessage()));
            }
        }
        var fleet = new FleetMetrics(described.isEmpty() ? new dev.hpr.remediator.core.diagnosis.MetricsSnapshot(window,
                java.util.Map.of()) : metrics.read(FleetMetrics.keysFor(described), window));
        var checked = new java.util.HashSet<String>();
        for (TableDescription table : described) {
            checked.add(table.name());
            results.add(check(sweepId, now, table, fleet.forTable(table), settings.redactKeys()));
        }
        for (String name : protectedTables.keySet()) {
            if (!checked.contains(name) && results.stream().noneMatch(r -> r.table().equals(name))) {
                results.add(SweepSummary.TableResult.quiet(name, triage.of(name)));
            }
        }
        results.sort((a, b) -> a.table().compareTo(b.table()));
        var summary = new SweepSummary(sweepId, now, window, results, triage.incomplete());
        log.info("sweep done", "sweepId", sweepId, "protection", "tagged", "tables", summary.tables().size(),
                "throttlingInRegion", triage.throttledRequests().size(), "readInFull", described.size(),
                "detected", summary.detected(), "remediated", summary.count(SweepSummary.Status.REMEDIATED),
                "changesApplied", summary.changesApplied());
        return summary;
    }

    private SweepSummary.TableResult check(String sweepId, Instant now, TableDescription table, MetricsSnapshot read,
                                           boolean redactKeys) {
        Diagnosis diagnosis = diagnoser.diagnose(table, read, List.of());
        double throttles = diagnosis.detection().throttleEvents();
        if (!diagnosis.detection().detected()) {
            return SweepSummary.TableResult.quiet(table.name(), throttles);
        }
        log.info("sweep: throttling detected; remediating", "table", table.name(),
                "detection", diagnosis.detection().summary());
        String findingId = sweepId + "/" + table.name();
        try {
            Finding finding = remediation.remediate(table, read, diagnosis,
                    FindingBuilder.forTable(findingId, now, region, invocation.account(), table.name(), redactKeys), Optional.empty(),
                    TableRemediation.Publish.WHEN_SOMETHING_CHANGED);
            long applied = finding.results().stream()
                    .filter(r -> r.status() == Finding.ActionResult.Status.APPLIED).count();
            return new SweepSummary.TableResult(table.name(), SweepSummary.Status.REMEDIATED, true, throttles,
                    Optional.of(finding.id()), Optional.of(finding.outcome().name()), Optional.of(finding.headline()),
                    applied, Optional.empty());
        } catch (JournalUnavailable e) {
            // The journal cannot take an intent: nothing was changed for this table, and no other table may be
            // changed unrecorded either. The sweep fails, so that Lambda retries it; tables changed before are
            // journaled, and their cooldowns hold on the retry.
            log.error("sweep: the journal cannot be written; sweep stopped, nothing more changed", "table",
                    table.name(), "error", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // One table's failure (an AWS call, the state table's reads) must not stop the rest of the fleet.
            String error = e instanceof AwsCallFailed ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("sweep: remediation failed", "table", table.name(), "error", error);
            return SweepSummary.TableResult.failed(table.name(), true, throttles, error);
        }
    }
}
