/**
 * Forecasting a table's recurring peaks from its history, and what to schedule ahead of them. Pure: no AWS SDK,
 * time passed in as {@code now}; the adapters that read CloudWatch and write scheduled actions live elsewhere.
 *
 * <h2>The method: "same time, most days, past capacity"</h2>
 * For one table or GSI and one operation, from up to 14 days of per-minute history ({@link
 * dev.hpr.remediator.core.forecast.History}: consumed units and throttle events per second):
 * <ol>
 * <li><b>Enough history.</b> Under 24 hours: no forecast ({@code INSUFFICIENT_HISTORY}). Older than 14 days is
 *     ignored.</li>
 * <li><b>Demand and baseline.</b> Each minute's demand is consumed + throttled units per second (one unit per
 *     throttled request: throttled requests are what the table did not serve). The baseline is the median minute's
 *     demand.</li>
 * <li><b>Peaks.</b> A minute is elevated when its demand is above 1.5 x the baseline (and 1 unit/s above it) or it
 *     throttled. Elevated minutes at most 5 minutes apart form one run; runs of at least 3 minutes are peaks. None:
 *     {@code NO_PEAK} (a flat table).</li>
 * <li><b>Recurrence.</b> Peaks are grouped by their UTC start time of day: a group spans at most 30 minutes
 *     (+-15 minutes around its centre, across midnight too), one occurrence per UTC day. A group is a
 *     <em>weekday</em> peak when it is seen on at least 70% of the Monday-to-Friday days whose history covers its
 *     time of day (at least twice) and on at most 30% of the Saturdays and Sundays (at least one must be in the
 *     history); otherwise a <em>daily</em> peak when seen on at least 70% of all such days (at least twice); and in
 *     both cases on at least one of the last two such days (a peak that stopped is dropped). A group that passes
 *     neither over the whole history is tried over the days since its first occurrence, seen at least 4 times: a
 *     peak that began or moved during the history is scheduled from its fourth day. No group recurs:
 *     {@code NOT_RECURRING} (one-off spikes, events of 2 or 3 days).</li>
 * <li><b>Estimates.</b> Start: the 10th percentile of the occurrences' starts; end: the 90th percentile of their
 *     ends; height: the 90th percentile of their highest minute's demand (nearest rank). Peaks whose
 *     raise-to-restore windows overlap are merged, the day's last with the next day's first too (a merge across
 *     midnight is daily).</li>
 * <li><b>Past capacity?</b> A provisioned table's peak reaches past what it serves when throttle events were recorded
 *     in at least half of its occurrences or its height exceeds the capacity target tracking keeps ahead of it,
 *     {@code max(MinCapacity, baseline / target)}; an on-demand table's when its height exceeds
 *     {@code WarmThroughput}. None: {@code WITHIN_CAPACITY}, and the peaks are still named.</li>
 * <li><b>Proposal.</b> Provisioned with target tracking: per peak, a scheduled action raising {@code MinCapacity}
 *     15 minutes before the estimated start to {@code ceil(height / target)} (capped at {@code MaxCapacity}; more
 *     is offered for approval), and one restoring the previous {@code MinCapacity} at the estimated end;
 *     {@code cron(...)} in UTC, named {@code hpr-forecast-...}. On-demand: a {@code WarmThroughput} raise to
 *     the height + 10%, for approval.</li>
 * </ol>
 * Why 15 minutes of lead: DynamoDB's guide says an auto scaling update "can take several minutes" and that requests
 * beyond the previous capacity are throttled meanwhile; the lead covers the scheduled action's own start plus
 * several minutes of {@code UpdateTable}. Why restore at the end, not after it: lowering {@code MinCapacity} lowers
 * no capacity by itself, and target tracking scales in only after 15 low datapoints, so a peak that runs late keeps
 * its capacity; a later restore only makes that first scale-in land on the raised minimum and the next one wait 15
 * more datapoints ({@link dev.hpr.remediator.core.forecast.ForecastSettings#RESTORE_AFTER_END}). No extra margin on a
 * provisioned raise: the policy's target utilization (70% leaves 43% headroom) is the margin, and target tracking
 * keeps scaling above the raised minimum.
 *
 * <p>{@link dev.hpr.remediator.core.forecast.TargetTrackingModel} and {@link
 * dev.hpr.remediator.core.forecast.Backtest} replay demand through target tracking as AWS documents it, reactive only
 * and with the forecast's schedule. docs/forecast.md has the details, sources and the backtest table.
 */
package dev.hpr.remediator.core.forecast;
