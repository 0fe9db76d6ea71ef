"""CloudWatch MetricStat queries over moto's stored datapoints, fast enough for 14 days of per-minute data.

Pure (no moto import): an index of moto's datums by metric (namespace, name, exact dimension set), each series
sorted by time, and the aggregation of one MetricStat query over [start, end) in periods. moto 5.2.1 scans every
stored datapoint for every period of every query (README.md "moto 5.2.1 findings"): 14 days at Period 60 is 20,160
periods × every datapoint, minutes per query; here each query reads only its own series, with two bisections.

AWS rules kept (CloudWatch API Reference, GetMetricData and MetricStat; botocore `cloudwatch/2010-08-01`
service-2.json, the same text):

* Dimensions match exactly; a query without dimensions matches only dimensionless data; the namespace must match.
* StartTime "is rounded down" to the whole minute (less than 15 days ago), the 5-minute clock interval (15 to 63
  days) or the hour (older); periods start there. EndTime is exclusive. Periods without data are absent.
* Resolution: "If the StartTime parameter specifies a time stamp that is greater than 3 hours ago, you must specify
  the period as follows or no data points in that time range is returned: 3 hours to 15 days ago - a multiple of
  60 seconds; 15 to 63 days ago - a multiple of 300; greater than 63 days ago - a multiple of 3600", matching the
  retention of 1-minute data for 15 days and 5-minute data for 63 days (CloudWatch User Guide, "Metrics retention").
  Applied per period: a period older than what its Period may read returns no datapoint.
* Statistics: Sum, Average, Minimum, Maximum, SampleCount over single values and statistic sets; pNN.N (nearest
  rank) over single values only (periods holding only statistic sets give no percentile value).
"""

import bisect
import datetime
import math
import re

MINUTE, FIVE_MINUTES, HOUR, DAY = 60, 300, 3600, 86400
PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?|100)$")
SIMPLE_STATS = ("Sum", "Average", "Minimum", "Maximum", "SampleCount")


def epoch(dt):
    """Epoch seconds of a stored timestamp (moto keeps naive UTC datetimes)."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=datetime.timezone.utc)).timestamp()


def metric_key(namespace, name, dimensions):
    """(namespace, name, frozenset of (dimension name, value)): AWS's identity of a metric."""
    return namespace, name, frozenset((d[0], d[1]) for d in dimensions)


def parts(md):
    """(sum, samples, min, max, single value or None) of a moto datum (MetricDatum or MetricAggregatedDatum)."""
    if hasattr(md, "value"):
        v = float(md.value)
        return v, 1.0, v, v, v
    return float(md.sum), float(md.sample_count), float(md.min), float(md.max), None


class SeriesIndex:
    """{metric key: ([epoch seconds], [(parts, unit)])} sorted by time, kept up to date incrementally: moto only
    appends to its datum lists (a reset replaces the lists, which rebuilds the index)."""

    def __init__(self):
        self.sources = ()
        self.seen = ()
        self.series = {}

    def refresh(self, lists):
        """Adds what moto appended to `lists` (its metric_data and aws_metric_data) since the last refresh."""
        if len(lists) != len(self.sources) or any(a is not b for a, b in zip(lists, self.sources)):
            self.sources, self.seen, self.series = tuple(lists), tuple(0 for _ in lists), {}
        touched = set()
        for i, data in enumerate(lists):
            for md in data[self.seen[i]:]:
                key = metric_key(md.namespace, md.name, [(d.name, d.value) for d in md.dimensions])
                stamps, rows = self.series.setdefault(key, ([], []))
                t = epoch(md.timestamp)
                if stamps and t < stamps[-1]:
                    touched.add(key)
                stamps.append(t)
                rows.append((parts(md), md.unit))
        self.seen = tuple(len(d) for d in lists)
        for key in touched:
            stamps, rows = self.series[key]
            order = sorted(range(len(stamps)), key=stamps.__getitem__)
            self.series[key] = ([stamps[j] for j in order], [rows[j] for j in order])
        return self

    def window(self, key, start, end):
        """The (epoch, parts, unit) of one metric with start <= t < end, oldest first."""
        stamps, rows = self.series.get(key, ((), ()))
        lo, hi = bisect.bisect_left(stamps, start), bisect.bisect_left(stamps, end)
        return [(stamps[j],) + rows[j] for j in range(lo, hi)]


def rounded_start(start, now):
    """StartTime rounded down as CloudWatch documents it (by its age at `now`)."""
    age = now - start
    step = MINUTE if age < 15 * DAY else FIVE_MINUTES if age < 63 * DAY else HOUR
    return math.floor(start / step) * step


def readable(period_start, period, now):
    """Whether data of a period starting then can be read at that Period (the resolution rule above)."""
    age = now - period_start
    if age > 455 * DAY:
        return False
    if age > 63 * DAY:
        return period % HOUR == 0
    if age > 15 * DAY:
        return period % FIVE_MINUTES == 0
    if age > 3 * HOUR:
        return period % MINUTE == 0
    return True


def valid_stat(stat):
    return stat in SIMPLE_STATS or bool(PERCENTILE.match(stat or ""))


def statistic(stat, rows):
    """One statistic over the (epoch, parts, unit) rows of a period; None when it has no value."""
    total = sum(r[1][0] for r in rows)
    count = sum(r[1][1] for r in rows)
    if stat == "Sum":
        return total
    if stat == "SampleCount":
        return count
    if stat == "Average":
        return total / count if count else None
    if stat == "Minimum":
        return min(r[1][2] for r in rows)
    if stat == "Maximum":
        return max(r[1][3] for r in rows)
    values = sorted(r[1][4] for r in rows if r[1][4] is not None)
    if not values:
        return None
    rank = max(1, math.ceil(float(stat[1:]) / 100.0 * len(values)))
    return values[rank - 1]


def aggregate(rows, start, end, period, stat, unit, now):
    """([period start epoch], [value]) oldest first: the periods of [start, end) with data, at `period` seconds."""
    buckets = {}
    for row in rows:
        if unit and row[2] != unit:
            continue
        if start <= row[0] < end:
            buckets.setdefault(int((row[0] - start) // period), []).append(row)
    stamps, values = [], []
    for b in sorted(buckets):
        at = start + b * period
        if not readable(at, period, now):
            continue
        v = statistic(stat, buckets[b])
        if v is not None:
            stamps.append(at)
            values.append(v)
    return stamps, values
