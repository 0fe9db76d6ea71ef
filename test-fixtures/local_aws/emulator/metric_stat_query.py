"""CloudWatch `GetMetricData` (awsQuery) of MetricStat queries, with AWS's limits and paging; control `metrics/seed`.

moto 5.2.1 answers MetricStat queries by scanning every stored datapoint for every period (minutes for 14 days of
per-minute data), matches a dimensionless query against every dimension set, ignores the namespace when dimensions
are given, starts periods at the unrounded StartTime, and never pages (README.md "Corrections of moto", 7). A call
whose queries are all MetricStat is answered here from an index of moto's datapoints (metric_series.py, which
lists the semantics); calls with a math expression or a Metrics Insights query still go to moto /
metrics_insights.py.

AWS sources: CloudWatch API Reference, GetMetricData (botocore `cloudwatch/2010-08-01` service-2.json):
"as many as 500 MetricDataQuery structures", "a total of as many as 100,800 data points", `MaxDatapoints` "the
maximum number of data points the request should return before paginating. If you omit this, the default of
100,800 is used", `ScanBy` (default TimestampDescending; "paginates when the MaxDatapoints limit is reached"),
`StatusCode` "PartialData means that an incomplete set of data points were returned. You can use the NextToken",
error `InvalidNextToken`; MetricStat `Period` "must be a multiple of 60" (1, 5, 10, 20, 30 for high resolution).

Paging here: results in query order, each ordered by ScanBy; a page holds at most min(MaxDatapoints, 100,800)
datapoints; a query cut short is `PartialData`, and every query appears on every page (possibly empty). The token
names the request (all parameters but NextToken) and each query's offset: another request's token, or a made-up
one, is `InvalidNextToken`. Data added between pages may shift what later pages hold (AWS: unspecified).

Control `metrics/seed`: stores a metric's regularly spaced datapoints straight into moto's CloudWatch backend (as
moto's own PutMetricData stores them, without PutMetricData's two-week age limit): 14 days × 1,440 minutes in
well under a second instead of 20 PutMetricData calls.
"""

import base64
import datetime
import hashlib
import json
import re
import threading
import time

from .metric_series import SeriesIndex, aggregate, metric_key, rounded_start, valid_stat
from .moto_bridge import moto_backend
from .protocol import AwsError, parse_time
from .responses import CW_NS, fmt_double, request_id, xml_response, xml_text

MAX_QUERIES = 500
MAX_DATAPOINTS = 100800
HIGH_RESOLUTION_PERIODS = (1, 5, 10, 20, 30)
MEMBER = re.compile(r"^MetricDataQueries\.member\.(\d+)\.(.+)$")
DIM = re.compile(r"^MetricStat\.Metric\.Dimensions\.member\.(\d+)\.(Name|Value)$")

# One index per account and region, refreshed under the lock on each call (rebuilt when moto's reset replaced the
# backend's datum list).
INDEX_LOCK = threading.Lock()
INDEXES = {}


def invalid(message):
    return AwsError(400, "ValidationError", message)


def parse_queries(form):
    """The call's MetricDataQueries in member order: [{"Id", "Label", "ReturnData", "Expression", "Namespace",
    "MetricName", "Dimensions": [(name, value)], "Period", "Stat", "Unit"}]."""
    members = {}
    for key, value in form.items():
        m = MEMBER.match(key)
        if m:
            members.setdefault(int(m.group(1)), {})[m.group(2)] = value
    out = []
    for n in sorted(members):
        f = members[n]
        dims = {}
        for key, value in f.items():
            d = DIM.match(key)
            if d:
                dims.setdefault(int(d.group(1)), {})[d.group(2)] = value
        out.append({"Id": f.get("Id"), "Label": f.get("Label"), "ReturnData": f.get("ReturnData", "true") != "false",
                    "Expression": f.get("Expression"), "Namespace": f.get("MetricStat.Metric.Namespace"),
                    "MetricName": f.get("MetricStat.Metric.MetricName"),
                    "Dimensions": [(d.get("Name"), d.get("Value")) for _, d in sorted(dims.items())],
                    "Period": f.get("MetricStat.Period"), "Stat": f.get("MetricStat.Stat"),
                    "Unit": f.get("MetricStat.Unit")})
    return out


def check_queries(queries):
    if len(queries) > MAX_QUERIES:
        raise invalid("A GetMetricData call can include as many as %d MetricDataQuery structures; this one has %d"
                      % (MAX_QUERIES, len(queries)))
    for q in queries:
        if not q["Id"] or not q["Namespace"] or not q["MetricName"]:
            raise invalid("MetricDataQuery %s: Id, MetricStat.Metric.Namespace and MetricName are required" % q["Id"])
        try:
            period = int(q["Period"])
        except (TypeError, ValueError):
            raise invalid("MetricDataQuery %s: MetricStat.Period is required" % q["Id"])
        if period <= 0 or (period % 60 and period not in HIGH_RESOLUTION_PERIODS):
            raise invalid("MetricDataQuery %s: the period must be 1, 5, 10, 20, 30 or a multiple of 60, not %d"
                          % (q["Id"], period))
        if not valid_stat(q["Stat"]):
            raise invalid("MetricDataQuery %s: statistic %r is not emulated (Sum, Average, Minimum, Maximum, "
                          "SampleCount, pNN)" % (q["Id"], q["Stat"]))
        q["Period"] = period


def max_datapoints(form):
    try:
        n = int(form.get("MaxDatapoints") or MAX_DATAPOINTS)
    except ValueError:
        raise invalid("MaxDatapoints must be an integer")
    if n < 1:
        raise invalid("MaxDatapoints must be at least 1")
    return min(n, MAX_DATAPOINTS)


def fingerprint(form):
    text = json.dumps(sorted((k, v) for k, v in form.items() if k != "NextToken"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def encode_token(fp, offsets):
    return base64.urlsafe_b64encode(json.dumps({"r": fp, "o": offsets}).encode("utf-8")).decode("ascii")


def decode_token(token, fp, count):
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8"))
        offsets = [int(o) for o in data["o"]]
        ok = data["r"] == fp and len(offsets) == count and all(o >= 0 for o in offsets)
    except (ValueError, KeyError, TypeError, UnicodeError):
        ok = False
    if not ok:
        raise AwsError(400, "InvalidNextToken", "The service couldn't process the NextToken: it was not returned "
                                                "by a GetMetricData call with these parameters")
    return offsets


def page(series, offsets, budget):
    """Cuts each query's (stamps, values) at its offset, within `budget` datapoints in all: ([(stamps, values,
    complete)], next offsets or None when nothing is left)."""
    out, nxt, left = [], [], budget
    for (stamps, values), off in zip(series, offsets):
        take = min(left, max(0, len(values) - off))
        left -= take
        out.append((stamps[off:off + take], values[off:off + take], off + take >= len(values)))
        nxt.append(off + take)
    return out, (nxt if not all(c for _, _, c in out) else None)


def series_of(q, index, extra, start, end, now, descending):
    key = metric_key(q["Namespace"], q["MetricName"], q["Dimensions"])
    rows = index.window(key, start, end) + extra.window(key, start, end)
    rows.sort(key=lambda r: r[0])
    stamps, values = aggregate(rows, start, end, q["Period"], q["Stat"], q["Unit"], now)
    return (stamps[::-1], values[::-1]) if descending else (stamps, values)


def answer_xml(queries, cut, token):
    members = []
    for q, (stamps, values, complete) in zip(queries, cut):
        members.append("<member><Id>%s</Id><Label>%s</Label><Timestamps>%s</Timestamps><Values>%s</Values>"
                       "<StatusCode>%s</StatusCode></member>"
                       % (xml_text(q["Id"]), xml_text(q["Label"] or "%s %s" % (q["MetricName"], q["Stat"])),
                          "".join("<member>%04d-%02d-%02dT%02d:%02d:%02dZ</member>" % time.gmtime(t)[:6]
                                  for t in stamps),
                          "".join("<member>%s</member>" % fmt_double(v) for v in values),
                          "Complete" if complete else "PartialData"))
    return ('<GetMetricDataResponse xmlns="%s"><GetMetricDataResult><MetricDataResults>%s</MetricDataResults>'
            "<Messages/>%s</GetMetricDataResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>"
            "</GetMetricDataResponse>" % (CW_NS, "".join(members),
                                          "<NextToken>%s</NextToken>" % token if token else "", request_id()))


def indexes(backend):
    """The account's and region's index, refreshed (call with INDEX_LOCK held), and one of moto's computed
    metrics (aws_metric_data, made afresh on every read)."""
    index = INDEXES.setdefault((backend.account_id, backend.region_name), SeriesIndex())
    index.refresh([backend.metric_data])
    return index, SeriesIndex().refresh([list(backend.aws_metric_data)])


def get_metric_data(app, req, start_response):
    """A call of MetricStat queries only: answered here; else None (Metrics Insights / math: elsewhere)."""
    form = req.form
    queries = parse_queries(form)
    if not queries or any(q["Expression"] for q in queries):
        return None
    check_queries(queries)
    try:
        start, end = parse_time(form.get("StartTime")), parse_time(form.get("EndTime"))
    except ValueError:
        start = end = None
    if start is None or end is None:
        raise AwsError(400, "MissingParameter", "StartTime and EndTime are required ISO 8601 timestamps")
    if start >= end:
        raise invalid("The parameter EndTime must be greater than StartTime.")
    now = time.time()
    start = rounded_start(start, now)
    descending = (form.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
    from moto.cloudwatch.models import cloudwatch_backends
    returned = [q for q in queries if q["ReturnData"]]
    fp = fingerprint(form)
    offsets = decode_token(form["NextToken"], fp, len(returned)) if form.get("NextToken") else [0] * len(returned)
    with INDEX_LOCK:  # a concurrent refresh appends to the series it reads
        index, extra = indexes(moto_backend(cloudwatch_backends, req))
        series = [series_of(q, index, extra, start, end, now, descending) for q in returned]
    cut, nxt = page(series, offsets, max_datapoints(form))
    return xml_response(start_response, 200, answer_xml(returned, cut, encode_token(fp, nxt) if nxt else None))


def control_seed(app, method, p):
    """`metrics/seed` {"namespace", "metricName", "dimensions": {name: value}, "start" (epoch s or ISO),
    "periodSeconds"? (60), "values": [n or null], "unit"?, "region"?}: stores values[i] at start + i × period."""
    from moto.cloudwatch.models import MetricDatum, cloudwatch_backends
    start = parse_time(p["start"])
    period = int(p.get("periodSeconds", 60))
    if period < 1:
        raise ValueError("periodSeconds must be at least 1")
    dims = [{"Name": k, "Value": str(v)} for k, v in dict(p.get("dimensions") or {}).items()]
    values = list(p["values"])
    backend = cloudwatch_backends["123456789012"][p.get("region") or "us-east-1"]
    stored = []
    for i, v in enumerate(values):
        if v is not None:
            at = datetime.datetime.fromtimestamp(start + i * period, tz=datetime.timezone.utc).replace(tzinfo=None)
            stored.append(MetricDatum(namespace=p["namespace"], name=p["metricName"], value=float(v),
                                      dimensions=dims, timestamp=at, unit=p.get("unit")))
    backend.metric_data.extend(stored)
    return {"stored": len(stored)}
