"""CloudWatch Metrics Insights queries in GetMetricData (awsQuery, as the Java SDK 2.40.2 sends it).

moto 5.2.1 answers *any* `SELECT ...` expression with the sum of every datapoint of every metric in each period
(README.md "Corrections of moto", 4). Here the query is parsed (metrics_insights_query.py) and evaluated over moto's
stored datapoints (metrics_insights_eval.py, which lists the semantics and their AWS sources); the other queries of
the call (MetricStat, math) are still answered by moto, asked without the SELECT query, and the results are put
together in one answer.

The answer, per AWS's GetMetricData API reference and CloudWatch User Guide:

* One `MetricDataResult` per returned time series, all with the query's `Id`: a GROUP BY query gives several
  members with the same Id, in the query's order (ORDER BY, else alphabetical). `Label` is the series' GROUP BY
  values joined by one space (`orders`, `orders gsi1`; single key as documented for GROUP BY, the separator for
  several keys is unconfirmed); without GROUP BY, the query's Label or else its Id (as before). A caller's `Label`
  on a GROUP BY query (dynamic labels) is not emulated: 400. `ReturnData=false` returns nothing for the query.
  Series without data in the time range are not returned (unconfirmed), so a GROUP BY with no data has no member.
* `StatusCode` is `Complete`, or `PartialData` on every series of the query when a limit was hit; the answer then
  carries a response-level `Messages` entry per limit: `MaxMatchingResultsExceeded` (more than 10,000 metrics
  matched), `MaxQueryResultsExceeded` (more than 500 series without LIMIT), `MaxQueryTimeRangeExceeded` (StartTime
  older than 3 hours). The codes are those the Grafana CloudWatch data source reads from GetMetricData's
  `Messages` (public source code; AWS documents only PARTIAL_DATA for alarms at the first two limits): code
  reading them should treat any message or PartialData as "incomplete", not as a failure. Texts are the emulator's.
* "If you include a Metrics Insights query, each GetMetricData operation can include only one query": a second
  SELECT in the call answers 400 ValidationError (AWS's exact answer is not documented; refusing is conservative).
* Not emulated (400 "local AWS: … not emulated"): a math expression using the query's Id, a Period that is not a
  multiple of 60, more datapoints than MaxDatapoints (no NextToken paging), and the query shapes listed in
  metrics_insights_query.py.
"""

import re
import time

from .metrics_insights_eval import MAX_METRICS, MAX_SERIES, evaluate, index_by_metric
from .metrics_insights_query import parse
from .moto_bridge import answer_with_body, moto_backend
from .protocol import AwsError, parse_time
from .responses import CW_NS, fmt_double, iso, request_id, xml_response, xml_text

MEMBER = re.compile(r"^MetricDataQueries\.member\.(\d+)\.(.+)$")


def not_emulated(what):
    return AwsError(400, "ValidationError", "local AWS: %s is not emulated with Metrics Insights" % what)


def query_members(form):
    """{member number: {field: value}} of the MetricDataQueries of an awsQuery GetMetricData form."""
    members = {}
    for key, value in form.items():
        m = MEMBER.match(key)
        if m:
            members.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return members


def queries(form):
    """The SELECT queries of the form, in member order: [{"Id", "Expression", "Period", "Label", "ReturnData",
    "member"}]."""
    out = []
    for n, fields in sorted(query_members(form).items()):
        expr = fields.get("Expression")
        if expr and expr.strip().upper().startswith("SELECT"):
            out.append({"Id": fields.get("Id"), "Expression": expr, "Period": int(fields.get("Period") or 60),
                        "Label": fields.get("Label"), "ReturnData": fields.get("ReturnData", "true") != "false",
                        "member": n})
    return out


def check_call(form, insights):
    """AWS's one-query-per-call rule, and no math over a query's results (not emulated)."""
    if len(insights) > 1:
        raise AwsError(400, "ValidationError",
                       "Only one Metrics Insights query is allowed per GetMetricData call (AWS: \"each GetMetricData "
                       "operation can include only one query\"); this call has %d" % len(insights))
    ids = {q["Id"] for q in insights}
    for fields in query_members(form).values():
        expr = fields.get("Expression") or ""
        if expr and not expr.strip().upper().startswith("SELECT") and ids & set(re.findall(r"\w+", expr)):
            raise not_emulated("a math expression over a Metrics Insights query's results (%s)" % expr)


def form_without(form, member):
    """The form without MetricDataQueries member `member`, the others renumbered from 1."""
    members = query_members(form)
    out = {k: v for k, v in form.items() if not MEMBER.match(k)}
    for new, old in enumerate(n for n in sorted(members) if n != member):
        for field, value in members[old].items():
            out["MetricDataQueries.member.%d.%s" % (new + 1, field)] = value
    return out


def result_members(q, ev, descending):
    """The MetricDataResults members (XML) of one evaluated query."""
    status = "PartialData" if ev.too_many_metrics or ev.too_many_series or ev.window_clipped else "Complete"
    out = []
    for s in ev.series:
        stamps, values = (s.stamps[::-1], s.values[::-1]) if descending else (s.stamps, s.values)
        label = s.label if s.label is not None else (q["Label"] or q["Id"])
        out.append("<member><Id>%s</Id><Label>%s</Label><Timestamps>%s</Timestamps><Values>%s</Values>"
                   "<StatusCode>%s</StatusCode></member>"
                   % (xml_text(q["Id"]), xml_text(label),
                      "".join("<member>%s</member>" % iso(t).replace(".000Z", "Z") for t in stamps),
                      "".join("<member>%s</member>" % fmt_double(v) for v in values), status))
    return "".join(out)


def limit_messages(ev, now):
    """The response-level Messages (XML) for the limits the evaluation hit."""
    found = []
    if ev.too_many_metrics:
        found.append(("MaxMatchingResultsExceeded", "local AWS: the query matched more than %d metrics; only the "
                                                    "first %d were analysed" % (MAX_METRICS, MAX_METRICS)))
    if ev.too_many_series:
        found.append(("MaxQueryResultsExceeded", "local AWS: the query found more than %d time series; only %d "
                                                 "were returned" % (MAX_SERIES, MAX_SERIES)))
    if ev.window_clipped:
        found.append(("MaxQueryTimeRangeExceeded", "local AWS: Metrics Insights reads only the most recent 3 hours; "
                                                   "data before %s was left out" % iso(now - 3 * 3600)))
    if not found:
        return ""
    return "<Messages>%s</Messages>" % "".join(
        "<member><Code>%s</Code><Value>%s</Value></member>" % (c, xml_text(v)) for c, v in found)


def merge(text, members, messages):
    """moto's GetMetricData XML with `members` added to its MetricDataResults and `messages` after them."""
    if "<MetricDataResults/>" in text:
        text = text.replace("<MetricDataResults/>", "<MetricDataResults></MetricDataResults>", 1)
    if "</MetricDataResults>" not in text:
        text = text.replace("<GetMetricDataResult>", "<GetMetricDataResult><MetricDataResults></MetricDataResults>", 1)
    return text.replace("</MetricDataResults>", members + "</MetricDataResults>" + messages, 1)


def whole_answer(members, messages):
    return ('<GetMetricDataResponse xmlns="%s"><GetMetricDataResult><MetricDataResults>%s</MetricDataResults>%s'
            "</GetMetricDataResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>"
            "</GetMetricDataResponse>" % (CW_NS, members, messages, request_id()))


def stored_metrics(req):
    """Every datum moto's CloudWatch holds for the caller's account and region."""
    from moto.cloudwatch.models import cloudwatch_backends
    return moto_backend(cloudwatch_backends, req).get_all_metrics()


def time_range(form):
    try:
        start, end = int(parse_time(form.get("StartTime"))), int(parse_time(form.get("EndTime")))
    except (TypeError, ValueError):
        raise AwsError(400, "MissingParameter", "StartTime and EndTime are required ISO 8601 timestamps")
    if start >= end:
        raise AwsError(400, "ValidationError", "The parameter EndTime must be greater than StartTime.")
    return start, end


def get_metric_data(app, req, start_response):
    """awsQuery GetMetricData with a SELECT query: evaluated here, the rest by moto; None (moto answers) without."""
    form = req.form
    insights = queries(form)
    # What a GetMetricData asks of CloudWatch's bill: one metric per MetricStat query; a Metrics Insights query's
    # metrics analysed are added below (CloudWatch pricing bills GetMetricData per metric requested).
    stats = sum(1 for m in query_members(form).values() if "MetricStat.Metric.MetricName" in m)
    app.state.count_metrics("metricStat", stats, req.environ.get("HTTP_USER_AGENT", ""))
    if not insights:
        return None
    check_call(form, insights)
    q = insights[0]
    start, end = time_range(form)
    query = parse(q["Expression"])
    if query.group_by and q["Label"]:
        raise not_emulated("a Label on a GROUP BY query (dynamic labels)")
    if q["Period"] <= 0 or q["Period"] % 60:
        raise not_emulated("Period %d (Metrics Insights aggregates to whole minutes)" % q["Period"])
    now = time.time()
    ev = evaluate(query, index_by_metric(stored_metrics(req)), start, end, q["Period"], now)
    app.state.count_metrics("insightsAnalysed", ev.analysed, req.environ.get("HTTP_USER_AGENT", ""))
    if form.get("MaxDatapoints") and sum(len(s.values) for s in ev.series) > int(form["MaxDatapoints"]):
        raise not_emulated("paging (more datapoints than MaxDatapoints)")
    descending = (form.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
    members = result_members(q, ev, descending) if q["ReturnData"] else ""
    messages = limit_messages(ev, now)
    rest = form_without(form, q["member"])
    if not query_members(rest):
        return xml_response(start_response, 200, whole_answer(members, messages))
    status, headers, body = app.moto.query(req, rest)
    if status != 200:
        return answer_with_body(start_response, status, headers, body)
    return answer_with_body(start_response, status, headers,
                            merge(body.decode("utf-8"), members, messages).encode("utf-8"))
