package dev.hpr.remediator.usecase;

import static dev.hpr.remediator.usecase.ForecastSummary.describe;
import static dev.hpr.remediator.usecase.ForecastSummary.left;
import static dev.hpr.remediator.usecase.ForecastSummary.reasonOf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpr.remediator.aws.CapacityHistory;
import dev.hpr.remediator.aws.ScalingPolicies;
import dev.hpr.remediator.core.action.Action;
import dev.hpr.remediator.core.action.WarmThroughputChange;
import dev.hpr.remediator.core.forecast.Forecast;
import dev.hpr.remediator.core.forecast.ForecastSettings;
import dev.hpr.remediator.core.forecast.History;
import dev.hpr.remediator.core.forecast.PeakForecaster;
import dev.hpr.remediator.core.forecast.Proposal;
import dev.hpr.remediator.core.forecast.Serving;
import dev.hpr.remediator.core.model.OperationType;
import dev.hpr.remediator.core.model.ResourceRef;
import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.WarmThroughputLevel;
import dev.hpr.remediator.core.planning.Planner;
import dev.hpr.remediator.finding.ForecastText;
import dev.hpr.remediator.usecase.ForecastSummary.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The forecast of an on-demand table: a recurring peak past its (or a GSI's) {@code WarmThroughput} is offered for
 * approval as a raise, never applied without one (warm throughput cannot be lowered, and raising it is charged).
 */
final class WarmThroughputForecast {

    private final Reads reads;
    private final Supplier<ScalingPolicies> scalingPolicies;
    private final CapacityHistory history;
    private final PeakForecaster forecaster;
    private final ForecastSettings forecastSettings;
    private final ForecastChanges acting;

    WarmThroughputForecast(Reads reads, CapacityHistory history, PeakForecaster forecaster,
                           ForecastSettings forecastSettings, ForecastChanges acting) {
        this.reads = reads;
        this.scalingPolicies = reads.scalingPolicies();
        this.history = history;
        this.forecaster = forecaster;
        this.forecastSettings = forecastSettings;
        this.acting = acting;
    }

    /** On-demand: a peak past the warm throughput is offered for approval, never applied without it. */
    void forecast(TableDescription table, List<CapacityHistory.Hourly> coarse, Planner.ModeDecision mode,
                          String invocationId, Instant now, ArrayNode out, ForecastSpeech speech) {
        List<WarmThroughputLevel> warm = reads.tables().warmThroughput(table.name());
        for (CapacityHistory.Hourly hourly : coarse) {
            ResourceRef resource = hourly.resource();
            OperationType op = hourly.operation();
            ObjectNode node = out.addObject().put("resource", resource.label()).put("operation", op.lower());
            Optional<WarmThroughputLevel> level = warm.stream().filter(w -> w.resource().equals(resource)).findFirst();
            if (level.isEmpty()) {
                left(node, "DynamoDB reports no warm throughput for it");
                continue;
            }
            long units = level.get().of(op);
            node.put("warmThroughputUnitsPerSecond", units);
            // A peak of minPeakMinutes at or above the warm throughput lifts its hour's average at least this high.
            double floor = units * forecastSettings.minPeakMinutes() / 60.0;
            if (!hourly.throttled() && hourly.highestHourlyAverage() < floor) {
                left(node, String.format(Locale.ROOT, "checked hourly over 14 days: no throttle events and no hour"
                        + " averaging %.0f units/s or more (what a %d-minute peak at the warm throughput would show);"
                        + " per-minute history not read", floor, forecastSettings.minPeakMinutes()));
                continue;
            }
            History minutes = history.perMinute(resource, op, true, now);
            Forecast forecast = forecaster.forecast(minutes, new Serving.WarmThroughput(units), now);
            describe(node, forecast, now);
            if (!(forecast.proposal() instanceof Proposal.WarmThroughputRaise raise)) {
                node.put("outcome", Outcome.LEFT_ALONE.name()).put("reason", reasonOf(forecast));
                continue;
            }
            Optional<String> region = ForecastText.regionOf(table.arn());
            String cost = ForecastText.warmThroughputCost(region, op, raise.currentUnitsPerSecond(),
                    raise.proposedUnitsPerSecond());
            node.put("cost", "Warm throughput cannot be lowered once raised, and raising it is charged: a person"
                    + " decides. " + cost);
            node.putObject("price").put("region", region.orElse(null)).putNull("oneTimeUsd")
                    .put("published", false).put("pricingPage", ForecastText.WARM_THROUGHPUT_PRICING_PAGE)
                    .put("source", ForecastText.WARM_THROUGHPUT_GUIDE);
            Action change = WarmThroughputChange.raise(level.get(), op, raise.proposedUnitsPerSecond());
            acting.act(table, mode, List.of(List.of(change)), scalingPolicies.get(), invocationId, node, speech,
                    ForecastSpeech.key(resource.label(), op.lower(), ForecastSpeech.Topic.WARM_THROUGHPUT),
                    Optional.of(ForecastSpeech.valued("WarmThroughput of " + resource.label() + " " + op.lower(),
                            raise.proposedUnitsPerSecond())), () -> "Warm throughput of "
                    + resource.label() + " (" + op.lower() + ") " + raise.currentUnitsPerSecond() + " → "
                    + raise.proposedUnitsPerSecond() + " units/s, for approval only, ahead of the recurring peak "
                    + raise.peak().describe() + ".\n" + ForecastText.typicalDay(minutes) + "\n"
                    + WarmThroughputChange.CANNOT_BE_LOWERED + "\n" + cost);
        }
    }
}
