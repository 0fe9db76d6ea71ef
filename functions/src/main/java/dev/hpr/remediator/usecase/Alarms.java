package dev.hpr.remediator.usecase;

import dev.hpr.remediator.core.diagnosis.Diagnoser;
import dev.hpr.remediator.core.diagnosis.MetricKey;
import dev.hpr.remediator.core.diagnosis.MetricsSnapshot;
import dev.hpr.remediator.core.diagnosis.Window;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.state.AlarmState;
import dev.hpr.remediator.core.state.Deliveries;
import dev.hpr.remediator.core.state.StateStore;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.CloudWatchMetrics;
import dev.hpr.remediator.aws.DynamoDbTables;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.config.Settings;
import dev.hpr.remediator.event.AlarmEvent;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One alarm event, end to end: refuses a table the deployment does not protect, records the alarm's state (it drives
 * the revert), recognises a delivery already handled, reads the table and its metrics, and hands the table to
 * {@link TableRemediation}. Every outcome is a finding; an ALARM's is published.
 */
public final class Alarms {

    private final Settings settings;
    private final Optional<StateStore> state;
    private final Clock clock;
    private final Log log;
    private final Context context;
    private final DynamoDbTables tables;
    private final CloudWatchMetrics metrics;
    private final Diagnoser diagnoser;
    private final TableRemediation remediation;
    private final FindingPublisher publisher;

    public Alarms(Context context, Optional<StateStore> state, Reads reads, Diagnoser diagnoser,
                  TableRemediation remediation, FindingPublisher publisher) {
        this.settings = context.settings();
        this.state = state;
        this.clock = context.clock();
        this.log = context.log();
        this.context = context;
        this.tables = reads.tables();
        this.metrics = reads.metrics();
        this.diagnoser = diagnoser;
        this.remediation = remediation;
        this.publisher = publisher;
    }

    /**
     * Handles one alarm event and returns the finding; publishes it unless the alarm is not in ALARM. With a state
     * table: a delivery already handled is recognised and does nothing more (a delivery whose publish failed is
     * published again, unchanged), and the table's alarm state is recorded for the revert.
     */
    public Finding handle(AlarmEvent event, String findingId) {
        Instant now = clock.instant();
        var findings = FindingBuilder.forAlarm(findingId, now, context.region(), context.invocation().account(), event,
                settings.redactKeys());
        String table = event.tableName();
        Optional<String> byName = settings.tableProtection().refusalByName(table);
        if (byName.isPresent()) {
            log.warn("table is not protected by this deployment; refusing", "table", table);
            if (!event.isAlarm()) {
                return findings.notInAlarm();
            }
            return publisher.publish(findings.refused(byName.get()));
        }
        // Tagged mode: the OK that starts a table's calm period is recorded without reading the table (an OK of an
        // untagged table records one item of the remediator's own and touches nothing of the table).
        state.ifPresent(s -> s.alarms().recordAlarmState(table, new AlarmState(event.state(), event.stateChangedAt())));
        if (!event.isAlarm()) {
            log.info("alarm not in ALARM; nothing to do", "alarm", event.alarmName(), "state", event.state(), "table", table);
            return findings.notInAlarm();
        }
        Optional<TableDescription> tagged = Optional.empty();
        if (settings.tagged()) {
            // The tag decides before anything else of the table is read; the fleet alarm names every throttling
            // table of the region, so a refusal is logged and counted, not published.
            try {
                TableDescription description = tables.describe(table);
                Optional<String> refusal = settings.tableProtection().refusalByTags(table, description.tags());
                if (refusal.isPresent()) {
                    log.info("table not tagged for protection; refusing, nothing changed", "table", table,
                            "tag", description.modeTag().orElse("(none)"));
                    return findings.refused(refusal.get());
                }
                tagged = Optional.of(description);
            } catch (TableNotFound e) {
                log.warn("table not found; refusing", "table", table);
                return findings.refused(e.getMessage() + "; nothing was changed.");
            } catch (AwsCallFailed e) {
                if (e.errorCode().contains("AccessDenied")) {
                    // ABAC: the role may read only tagged tables.
                    log.info("table not readable (not tagged for protection); refusing", "table", table);
                    return findings.refused("Table '" + table + "' could not be read (" + e.errorCode() + "): the role"
                            + " may read only tables tagged " + TableDescription.MODE_TAG + "; nothing was changed.");
                }
                log.error("diagnosis failed", "table", table, "error", e.getMessage());
                return publisher.publish(findings.failed(e.getMessage()));
            }
        }
        Optional<String> delivery = state.map(s -> event.dedupeKey());
        if (delivery.isPresent()) {
            Optional<Deliveries.Delivery> seen = state.get().deliveries().delivery(delivery.get());
            if (seen.isPresent()) {
                return publisher.redelivered(seen.get(), findings);
            }
        }
        TableDescription description;
        MetricsSnapshot read;
        try {
            description = tagged.isPresent() ? tagged.get() : tables.describe(table);
            read = metrics.read(MetricKey.allFor(description.resources()), Window.lastMinutes(now, settings.windowMinutes()));
        } catch (TableNotFound e) {
            log.warn("table not found; refusing", "table", table);
            return publisher.publish(findings.refused(e.getMessage() + "; nothing was changed."), delivery);
        } catch (AwsCallFailed e) {
            log.error("diagnosis failed", "table", table, "error", e.getMessage());
            return publisher.publish(findings.failed(e.getMessage()), delivery);
        }
        return remediation.remediate(description, read, diagnoser.diagnose(description, read, java.util.List.of()),
                findings, delivery, TableRemediation.Publish.ALWAYS);
    }
}
