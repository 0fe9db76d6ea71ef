"""CloudWatch `ListMetrics` (awsQuery, as the Java SDK 2.40.2 sends it) over the metrics moto stored.

moto 5.2.1 answers ListMetrics by comparing every stored datum with every metric already found (quadratic: 14 days
of per-minute history is 20,160 datums a metric), lists metrics whatever the age of their data, ignores
`RecentlyActive` and checks none of the request's constraints. Here the call is answered from the same index of
moto's datapoints that GetMetricData reads (metric_series.SeriesIndex), one entry per metric (namespace, name,
exact dimension set).

AWS rules kept (CloudWatch API Reference, ListMetrics; botocore `cloudwatch/2010-08-01` service-2.json, the same
text):

* "Up to 500 results are returned for any one call. To retrieve additional results, use the returned token";
  `ListMetrics` "doesn't return information about metrics if those metrics haven't reported data in the past two
  weeks": a metric is listed when one of its datapoints is at most 14 days old.
* `Namespace`, `MetricName`: "Only the ... that matches exactly will be returned". `Dimensions` (DimensionFilters):
  "If you specify one dimension name and a metric has that dimension and also other dimensions, it will be
  returned": each filter needs a dimension of that name (and, when its `Value` is given, that value).
* `RecentlyActive`: `PT3H` is "the only valid value": only metrics with data in the past three hours (AWS: "an
  approximation ... as much as 50 minutes more"; here exactly 3 hours).
* The model's constraints, each a 400 `ValidationError` (the text is ours, in AWS's "1 validation error detected"
  form): `Namespace` 1-255 characters not starting with ':', `MetricName` 1-255, `Dimensions` at most 10 filters,
  a filter's `Name` required and 1-255, its `Value` 1-1024, `RecentlyActive` in its enum, `OwningAccount` 1-255,
  `IncludeLinkedAccounts` a boolean. A `NextToken` that is not this request's: 400 `InvalidParameterValue` (the only
  client error the model declares for ListMetrics; moto answers the same code). The token names the request (all
  parameters but NextToken) and an offset; metrics that appear between pages may shift what later pages hold (AWS:
  unspecified). Order: by namespace, name and dimensions (AWS: unspecified).

Cross-account observability (`IncludeLinkedAccounts`, `OwningAccount`) is accepted and has no effect: one account.
"""

import base64
import bisect
import hashlib
import json
import re
import time

from .metric_stat_query import INDEX_LOCK, indexes
from .moto_bridge import moto_backend
from .protocol import AwsError
from .responses import CW_NS, request_id, xml_response, xml_text

PAGE = 500
MAX_FILTERS = 10
TWO_WEEKS = 14 * 86400
RECENTLY_ACTIVE = {"PT3H": 3 * 3600}
FILTER = re.compile(r"^Dimensions\.member\.(\d+)\.(Name|Value)$")


def violation(value, member, constraint):
    return AwsError(400, "ValidationError", "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                                            "constraint: %s" % (value, member, constraint))


def check_length(form, key, member, low, high):
    value = form.get(key)
    if value is not None and not low <= len(value) <= high:
        raise violation(value, member, "Member must have length between %d and %d" % (low, high))
    return value


def parse_request(form):
    """The checked request: {"Namespace", "MetricName", "Dimensions": [(name, value or None)], "RecentlyActive"}."""
    namespace = check_length(form, "Namespace", "namespace", 1, 255)
    if namespace is not None and namespace.startswith(":"):
        raise violation(namespace, "namespace", "Member must satisfy regular expression pattern: [^:].*")
    name = check_length(form, "MetricName", "metricName", 1, 255)
    members = {}
    for key, value in form.items():
        m = FILTER.match(key)
        if m:
            members.setdefault(int(m.group(1)), {})[m.group(2)] = value
    if len(members) > MAX_FILTERS:
        raise violation("[%d filters]" % len(members), "dimensions",
                        "Member must have length less than or equal to %d" % MAX_FILTERS)
    filters = []
    for n in sorted(members):
        f = members[n]
        where = "dimensions.%d.member" % n
        if f.get("Name") is None:
            raise violation("null", where + ".name", "Member must not be null")
        check_length(f, "Name", where + ".name", 1, 255)
        check_length(f, "Value", where + ".value", 1, 1024)
        filters.append((f["Name"], f.get("Value")))
    recent = form.get("RecentlyActive")
    if recent is not None and recent not in RECENTLY_ACTIVE:
        raise violation(recent, "recentlyActive", "Member must satisfy enum value set: [%s]"
                        % ", ".join(RECENTLY_ACTIVE))
    check_length(form, "OwningAccount", "owningAccount", 1, 255)
    if form.get("IncludeLinkedAccounts") not in (None, "true", "false"):
        raise violation(form["IncludeLinkedAccounts"], "includeLinkedAccounts", "Member must be a boolean")
    return {"Namespace": namespace, "MetricName": name, "Dimensions": filters, "RecentlyActive": recent}


def matches(key, request):
    """Whether a metric key (namespace, name, frozenset of (name, value)) is one the request asks for."""
    namespace, name, dims = key
    if request["Namespace"] is not None and namespace != request["Namespace"]:
        return False
    if request["MetricName"] is not None and name != request["MetricName"]:
        return False
    for want, value in request["Dimensions"]:
        if not any(d == want and (value is None or v == value) for d, v in dims):
            return False
    return True


def listed(series, request, now):
    """The metric keys of `series` ({key: (stamps, rows)}, stamps sorted) the request lists, in a stable order: each
    with a datapoint at most two weeks old (or 3 hours with RecentlyActive=PT3H), not after `now`."""
    since = now - RECENTLY_ACTIVE.get(request["RecentlyActive"], TWO_WEEKS)
    out = []
    for key, (stamps, _) in series.items():
        i = bisect.bisect_left(stamps, since)
        if i < len(stamps) and stamps[i] <= now and matches(key, request):
            out.append(key)
    return sorted(set(out), key=lambda k: (k[0], k[1], sorted(k[2])))


def fingerprint(form):
    text = json.dumps(sorted((k, v) for k, v in form.items() if k != "NextToken"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def encode_token(fp, offset):
    return base64.urlsafe_b64encode(json.dumps({"r": fp, "o": offset}).encode("utf-8")).decode("ascii")


def decode_token(token, fp):
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8"))
        offset = int(data["o"])
        ok = data["r"] == fp and offset > 0
    except (ValueError, KeyError, TypeError, UnicodeError):
        ok = False
    if not ok:
        raise AwsError(400, "InvalidParameterValue", "Request parameter NextToken is invalid: it was not returned by "
                                                     "a ListMetrics call with these parameters")
    return offset


def page(keys, offset, fp):
    """The page of `keys` from `offset`, and the token of the next page (None on the last)."""
    return keys[offset:offset + PAGE], encode_token(fp, offset + PAGE) if offset + PAGE < len(keys) else None


def answer_xml(keys, token):
    members = []
    for namespace, name, dims in keys:
        members.append("<member><Namespace>%s</Namespace><MetricName>%s</MetricName><Dimensions>%s</Dimensions>"
                       "</member>" % (xml_text(namespace), xml_text(name), "".join(
                           "<member><Name>%s</Name><Value>%s</Value></member>" % (xml_text(d), xml_text(v))
                           for d, v in sorted(dims))))
    return ('<ListMetricsResponse xmlns="%s"><ListMetricsResult><Metrics>%s</Metrics>%s</ListMetricsResult>'
            "<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></ListMetricsResponse>"
            % (CW_NS, "".join(members), "<NextToken>%s</NextToken>" % token if token else "", request_id()))


def list_metrics(app, req, start_response):
    form = req.form
    request = parse_request(form)
    fp = fingerprint(form)
    offset = decode_token(form["NextToken"], fp) if form.get("NextToken") else 0
    from moto.cloudwatch.models import cloudwatch_backends
    with INDEX_LOCK:  # a concurrent refresh appends to the series it reads
        index, extra = indexes(moto_backend(cloudwatch_backends, req))
        series = dict(extra.series)
        for key, value in index.series.items():
            if key in series:  # in both of moto's lists: the stamps of both count
                value = (sorted(series[key][0] + value[0]), ())
            series[key] = value
        keys = listed(series, request, time.time())
    return xml_response(start_response, 200, answer_xml(*page(keys, offset, fp)))
