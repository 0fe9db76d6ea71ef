package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Window;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.json.JsonTree;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one fleet sweep found, table by table: the sweep handler's output and its log line. Each remediated table's
 * own finding went to the findings topic; this is the roll-up.
 *
 * @param tables     one per table in {@code PROTECTED_TABLES} (tagged protection: per tagged table), in name order
 * @param incomplete tagged protection: what the region's throttling triage reported it left out (Metrics Insights
 *                   PartialData); empty when complete
 */
public record SweepSummary(String sweepId, Instant at, Window window, List<TableResult> tables,
                           List<String> incomplete) {

    public static final String SCHEMA = "hot-partition-remediator/sweep/v1";

    /** What became of one table. */
    public enum Status {
        /** Throttling below the detection rule: nothing read beyond its metrics, nothing published. */
        QUIET,
        /** The detection rule passed: diagnosed, remediated (or planned, or refused by tag) and its finding published. */
        REMEDIATED,
        /** The table does not exist (DescribeTable: ResourceNotFoundException). */
        MISSING,
        /** An AWS call failed for this table; the other tables were still checked. */
        FAILED
    }

    /**
     * @param detected       the detection rule passed for this table
     * @param throttleEvents the detection rule's throttled events in the window (0 when not read)
     * @param outcome        the finding's outcome when one was made (DIAGNOSED, or IN_PROGRESS under another's lock)
     * @param changesApplied actions applied for this table
     */
    public record TableResult(String table, Status status, boolean detected, double throttleEvents,
                              Optional<String> findingId, Optional<String> outcome, Optional<String> headline,
                              long changesApplied, Optional<String> error) {
        public TableResult {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(findingId, "findingId");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(headline, "headline");
            Objects.requireNonNull(error, "error");
        }

        public static TableResult quiet(String table, double throttleEvents) {
            return new TableResult(table, Status.QUIET, false, throttleEvents, Optional.empty(), Optional.empty(),
                    Optional.empty(), 0, Optional.empty());
        }

        static TableResult missing(String table, String reason) {
            return new TableResult(table, Status.MISSING, false, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                    Optional.of(reason));
        }

        static TableResult failed(String table, boolean detected, double throttleEvents, String error) {
            return new TableResult(table, Status.FAILED, detected, throttleEvents, Optional.empty(), Optional.empty(),
                    Optional.empty(), 0, Optional.of(error));
        }
    }

    public SweepSummary {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(window, "window");
        tables = List.copyOf(tables);
        incomplete = List.copyOf(incomplete);
    }

    public long count(Status status) {
        return tables.stream().filter(t -> t.status() == status).count();
    }

    /** Tables whose throttling passed the detection rule (remediated, or failed while being remediated). */
    public long detected() {
        return tables.stream().filter(TableResult::detected).count();
    }

    public long changesApplied() {
        return tables.stream().mapToLong(TableResult::changesApplied).sum();
    }

    public Optional<TableResult> table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst();
    }

    public String json() {
        ObjectNode root = JsonTree.NODES.objectNode();
        root.put("schema", SCHEMA);
        root.put("sweepId", sweepId);
        root.put("at", at.toString());
        ObjectNode w = root.putObject("window");
        w.put("start", window.start().toString());
        w.put("end", window.end().toString());
        w.put("periodSeconds", window.periodSeconds());
        root.put("tablesChecked", tables.size());
        root.put("quiet", count(Status.QUIET));
        root.put("detected", detected());
        root.put("remediated", count(Status.REMEDIATED));
        root.put("changesApplied", changesApplied());
        if (!incomplete.isEmpty()) {
            // Tagged protection: what the region's throttling triage could not see (Metrics Insights limits).
            var notes = root.putArray("triageIncomplete");
            incomplete.forEach(notes::add);
        }
        ArrayNode missing = root.putArray("missing");
        ArrayNode failed = root.putArray("failed");
        ArrayNode all = root.putArray("tables");
        for (TableResult t : tables) {
            if (t.status() == Status.MISSING) {
                missing.add(t.table());
            } else if (t.status() == Status.FAILED) {
                failed.add(t.table());
            }
            ObjectNode n = all.addObject();
            n.put("table", t.table());
            n.put("status", t.status().name());
            n.put("detected", t.detected());
            n.put("throttleEvents", t.throttleEvents());
            t.findingId().ifPresent(v -> n.put("findingId", v));
            t.outcome().ifPresent(v -> n.put("outcome", v));
            t.headline().ifPresent(v -> n.put("headline", v));
            if (t.changesApplied() > 0) {
                n.put("changesApplied", t.changesApplied());
            }
            t.error().ifPresent(v -> n.put("error", v));
        }
        return JsonTree.write(root);
    }
}
