"""Evaluating a parsed Metrics Insights query (metrics_insights_query.Query) over moto's stored datapoints.

What is emulated, and from which AWS source (CloudWatch User Guide: "Metrics Insights query components and syntax",
"Metrics Insights quotas", "Troubleshooting Metrics Insights"; CloudWatch alarm "Limits" page; CloudWatch API
Reference, GetMetricData):

* FROM "ns" matches every metric of that name in the namespace; SCHEMA("ns", k1, …) only metrics whose dimension
  names are exactly {k1, …} (order irrelevant); SCHEMA("ns") only dimensionless ones. WHERE `=` / `!=` on label
  values, all conditions ANDed (`!=` also matches a metric without that key: unconfirmed).
* SELECT FUNC aggregates, per period, every observation of every matched metric in a series: SUM, COUNT (samples),
  AVG (sum / samples), MIN, MAX; statistic sets count with their Sum, SampleCount, Minimum, Maximum. Periods start at
  StartTime (as moto's MetricStat does; AWS rounds StartTime down to the minute); periods without data are absent.
* GROUP BY k1, …: one series per combination of values; a metric without one of the keys is grouped under the value
  `Other` ("a null group named Other is returned"). Without GROUP BY there is one series.
* Order: with ORDER BY FUNC() [ASC|DESC] (ascending by default) by FUNC over the values of each series in the time
  range ("a single scalar value from each returned time series", e.g. MAX() = "the maximum data point observed
  within the time range"); without ORDER BY in alphabetical ascending order of the GROUP BY values, in GROUP BY
  order. Ties, and how "alphabetical" treats case: not documented; here by the values' code points.
* At most LIMIT series, and never more than 500 ("a query that does not specify a LIMIT can also return no more
  than 500 time series"; with ORDER BY the 500 first in sort order). More than 500 groups without a LIMIT flags
  `too_many_series` (conservative: with LIMIT n the caller asked for n, nothing is flagged).
* At most 10,000 metrics analysed: the matched metrics beyond the first 10,000 (here: in the order moto stored them;
  AWS: "the first 10,000 of these metrics that it finds", order unspecified) are ignored and `too_many_metrics` is
  flagged. Metrics count as matched whatever the time of their data (conservative).
* Only the most recent 3 hours (GetMetricData API reference: "Metrics Insights queries can query only the most
  recent three hours of metric data"): observations older than `now - 3 h` are left out, so the oldest period may
  hold only part of its observations ("Troubleshooting Metrics Insights"), and `window_clipped` is flagged. Newer
  User Guide pages say two weeks can be queried "for visualization" while alarms evaluate 3 hours: the 3-hour rule
  is kept as the conservative choice (code that works with it works with two weeks).
* Groups without any datapoint in the time range are not returned (unconfirmed).
"""

import datetime
from collections import namedtuple

MAX_METRICS = 10000
MAX_SERIES = 500
WINDOW_SECONDS = 3 * 3600
OTHER = "Other"

# key: tuple of GROUP BY values (() without GROUP BY); label: their values joined by one space (None without
# GROUP BY); stamps/values: per period, oldest first.
Series = namedtuple("Series", "key label stamps values")
Evaluation = namedtuple("Evaluation", "series too_many_metrics too_many_series window_clipped analysed")


def index_by_metric(data):
    """{(namespace, metric name): [datum]} in stored order: built once per request, so each query reads only its
    metric's datapoints."""
    index = {}
    for md in data:
        index.setdefault((md.namespace, md.name), []).append(md)
    return index


def datum_parts(md):
    """(sum, samples, min, max) of a single-value datum or a statistic set (moto: value / sum, sample_count, min,
    max)."""
    if hasattr(md, "value"):
        v = float(md.value)
        return v, 1.0, v, v
    return float(md.sum), float(md.sample_count), float(md.min), float(md.max)


def epoch(dt):
    """Epoch seconds of a stored timestamp; moto keeps them naive in UTC (not in the machine's time zone)."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=datetime.timezone.utc)).timestamp()


def matched_metrics(query, datums):
    """[(dims, [datum])]: the distinct metrics (dimension sets) FROM/SCHEMA/WHERE select, in the order first stored."""
    metrics, rejected = {}, set()
    for md in datums:
        dims = {d.name: d.value for d in md.dimensions}
        key = tuple(sorted(dims.items()))
        if key in rejected:
            continue
        entry = metrics.get(key)
        if entry is None:
            if query.schema is not None and set(dims) != query.schema or not all(
                    (dims.get(name) == value) == (op == "=") for name, op, value in query.conditions):
                rejected.add(key)
                continue
            entry = metrics[key] = (dims, [])
        entry[1].append(md)
    return list(metrics.values())


def fold(func, acc):
    """The value of FUNC from an accumulator [sum, samples, min, max]."""
    total, samples, low, high = acc
    return {"SUM": total, "COUNT": samples, "AVG": total / samples if samples else 0.0,
            "MIN": low, "MAX": high}[func]


def scalar(func, values):
    """FUNC over the values of a series: the number ORDER BY sorts by."""
    if func == "SUM":
        return sum(values)
    if func == "COUNT":
        return float(len(values))
    if func == "AVG":
        return sum(values) / len(values)
    return min(values) if func == "MIN" else max(values)


def evaluate(query, index, start, end, period, now):
    """Evaluation of `query` over `index` (index_by_metric) for periods of `period` s from `start` to `end`."""
    metrics = matched_metrics(query, index.get((query.namespace, query.metric), ()))
    too_many_metrics = len(metrics) > MAX_METRICS
    lower = max(start, now - WINDOW_SECONDS)
    groups = {}
    for dims, datums in metrics[:MAX_METRICS]:
        key = tuple(dims.get(k, OTHER) for k in query.group_by)
        buckets = groups.setdefault(key, {})
        for md in datums:
            ts = epoch(md.timestamp)
            if not lower <= ts < end:
                continue
            b = start + (int(ts - start) // period) * period
            s, n, lo, hi = datum_parts(md)
            acc = buckets.get(b)
            if acc is None:
                buckets[b] = [s, n, lo, hi]
            else:
                acc[0] += s
                acc[1] += n
                acc[2] = min(acc[2], lo)
                acc[3] = max(acc[3], hi)
    series = []
    for key, buckets in groups.items():
        if buckets:
            stamps = sorted(buckets)
            series.append(Series(key, " ".join(key) if query.group_by else None, stamps,
                                 [fold(query.func, buckets[b]) for b in stamps]))
    if query.order:
        func, descending = query.order
        sign = -1.0 if descending else 1.0
        series.sort(key=lambda s: (sign * scalar(func, s.values), s.key))
    else:
        series.sort(key=lambda s: s.key)
    limit = min(query.limit or MAX_SERIES, MAX_SERIES)
    too_many_series = query.limit is None and len(series) > MAX_SERIES
    return Evaluation(series[:limit], too_many_metrics, too_many_series, start < now - WINDOW_SECONDS,
                      min(len(metrics), MAX_METRICS))
