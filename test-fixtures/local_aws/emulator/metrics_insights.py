"""CloudWatch Metrics Insights queries in GetMetricData (awsQuery), evaluated over moto's stored datapoints.

moto 5.2.1 answers *any* `SELECT ...` expression with the sum of every datapoint of every metric in each period.
For awsQuery GetMetricData calls with SELECT expressions this module evaluates the subset
`SELECT SUM|AVG|MIN|MAX|COUNT(metric) FROM SCHEMA("ns", dim, ...) | "ns" [WHERE d = 'v' [AND d != 'v' ...]]
[ORDER BY ...] [LIMIT n]` over moto's datapoints and puts the results into moto's answer in place of its values;
`GROUP BY` and other shapes answer `400 ValidationError "local AWS: ... not emulated"` rather than a wrong number.
SCHEMA matches only metrics whose dimension names are exactly the schema's; periods start at StartTime, as moto's
MetricStat periods do (AWS aligns them). README.md "Corrections of moto", 4.

AWS sources: CloudWatch User Guide, "Query your metrics with CloudWatch Metrics Insights" (query components and
syntax: SELECT FUNCTION(metric) FROM namespace | SCHEMA(...) WHERE ... GROUP BY ... ORDER BY ... LIMIT); CloudWatch
API Reference, GetMetricData (MetricDataQuery.Expression, ScanBy default TimestampDescending).
"""

import re

from .moto_bridge import answer_with_body
from .protocol import AwsError, access_key_from_auth, parse_time, region_from_auth
from .responses import fmt_double, iso, xml_text

QUERY = re.compile(
    r"^\s*SELECT\s+(SUM|AVG|MIN|MAX|COUNT)\s*\(\s*\"?([A-Za-z0-9_.\-]+)\"?\s*\)\s+FROM\s+"
    r"(?:SCHEMA\s*\(\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_/.\-]+)\s*((?:,\s*\"?[A-Za-z0-9_.\-]+\"?\s*)*)\)"
    r"|(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_/.\-]+))"
    r"(?:\s+WHERE\s+(.*?))?(?:\s+ORDER\s+BY\s+.*?)?(?:\s+LIMIT\s+\d+)?\s*$", re.IGNORECASE | re.DOTALL)
CONDITION = re.compile(r"^\s*\"?([A-Za-z0-9_.\-]+)\"?\s*(=|!=)\s*(?:'([^']*)'|\"([^\"]*)\")\s*$")


def queries(form):
    """The SELECT queries of an awsQuery GetMetricData form: [{"Id", "Expression", "Period"}]."""
    out = []
    i = 1
    while ("MetricDataQueries.member.%d.Id" % i) in form:
        expr = form.get("MetricDataQueries.member.%d.Expression" % i)
        if expr and expr.strip().upper().startswith("SELECT"):
            out.append({"Id": form["MetricDataQueries.member.%d.Id" % i], "Expression": expr,
                        "Period": int(form.get("MetricDataQueries.member.%d.Period" % i) or 60)})
        i += 1
    return out


def parse(expr):
    """(FUNC, metric, namespace, SCHEMA dimension names or None, [(dimension, "=" or "!=", value)])."""
    if re.search(r"\bGROUP\s+BY\b", expr, re.IGNORECASE):
        raise AwsError(400, "ValidationError", "local AWS: Metrics Insights GROUP BY is not emulated "
                                               "(moto 5.2.1 has no Metrics Insights): %s" % expr)
    m = QUERY.match(expr)
    if not m:
        raise AwsError(400, "ValidationError", "local AWS: this Metrics Insights query is not emulated "
                                               "(only SELECT FUNC(metric) FROM SCHEMA(...)|namespace "
                                               "[WHERE d = 'v' AND ...]): %s" % expr)
    func, metric, schema_ns, schema_dims, plain_ns, where = m.groups()
    ns = (schema_ns or plain_ns).strip("\"'")
    dims = None
    if schema_ns is not None:
        dims = {d.strip().strip('"') for d in (schema_dims or "").split(",") if d.strip()}
    conds = []
    if where:
        for part in re.split(r"\s+AND\s+", where.strip(), flags=re.IGNORECASE):
            c = CONDITION.match(part)
            if not c:
                raise AwsError(400, "ValidationError", "local AWS: WHERE condition not emulated: %s" % part)
            conds.append((c.group(1), c.group(2), c.group(3) if c.group(3) is not None else c.group(4)))
    return func.upper(), metric, ns, dims, conds


def matches(md, metric, ns, dims, conds):
    """Whether a stored datum (moto's MetricDatum or MetricAggregatedDatum) is one the query selects."""
    if md.namespace != ns or md.name != metric:
        return False
    have = {d.name: d.value for d in md.dimensions}
    if dims is not None and set(have) != dims:
        return False
    return all((have.get(name) == value) == (op == "=") for name, op, value in conds)


def datum_values(md):
    """(values for MIN/MAX, sum, sample count) of a single-value or a statistic-set datum."""
    if hasattr(md, "value"):
        return [float(md.value)], float(md.value), 1.0
    return [float(md.min_stat), float(md.max_stat)], float(md.sum_stat), float(md.sample_count)


def aggregate(func, data, start, end, period, descending):
    """(timestamps, values): FUNC over the data of each period from `start`; periods without data are absent."""
    stamps, values = [], []
    t = start
    while t < end:
        in_period = [md for md in data if t <= md.timestamp.timestamp() < t + period]
        if in_period:
            parts = [datum_values(md) for md in in_period]
            if func == "SUM":
                v = sum(p[1] for p in parts)
            elif func == "COUNT":
                v = sum(p[2] for p in parts)
            elif func == "AVG":
                v = sum(p[1] for p in parts) / sum(p[2] for p in parts)
            elif func == "MIN":
                v = min(min(p[0]) for p in parts)
            else:
                v = max(max(p[0]) for p in parts)
            stamps.append(t)
            values.append(v)
        t += period
    if descending:
        stamps.reverse()
        values.reverse()
    return stamps, values


def stored_metrics(req):
    """Every datum moto's CloudWatch holds for the caller's account and region."""
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.iam.models import get_account_id_from
    key = access_key_from_auth(req.environ.get("HTTP_AUTHORIZATION", ""))
    account = get_account_id_from(key) if key else "123456789012"
    return cloudwatch_backends[account][region_from_auth(req.environ.get("HTTP_AUTHORIZATION"))].get_all_metrics()


def evaluate(req, q, start, end, descending):
    func, metric, ns, dims, conds = parse(q["Expression"])
    data = [md for md in stored_metrics(req) if matches(md, metric, ns, dims, conds)]
    return aggregate(func, data, start, end, q["Period"], descending)


def replace_results(text, results):
    """moto's GetMetricData XML with the Timestamps and Values of each query id replaced by `results`."""
    for qid, (stamps, values) in results.items():
        pattern = re.compile(r"(<member><Id>%s</Id>(?:(?!</member><member><Id>).)*?<Timestamps)"
                             r"(?:/>|>.*?</Timestamps>)(?:<Values/>|<Values>.*?</Values>)" % re.escape(xml_text(qid)),
                             re.DOTALL)
        ts_xml = "".join("<member>%s</member>" % iso(x).replace(".000Z", "Z") for x in stamps)
        v_xml = "".join("<member>%s</member>" % fmt_double(v) for v in values)
        text = pattern.sub(lambda mm: "%s>%s</Timestamps><Values>%s</Values>" % (mm.group(1), ts_xml, v_xml),
                           text, count=1)
    return text


def get_metric_data(app, req, start_response):
    """awsQuery GetMetricData: SELECT queries evaluated here, the rest by moto; None (moto answers) without any."""
    insights = queries(req.form)
    if not insights:
        return None
    f = req.form
    try:
        start = int(parse_time(f.get("StartTime")))
        end = int(parse_time(f.get("EndTime")))
    except (TypeError, ValueError):
        return None
    descending = (f.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
    results = {q["Id"]: evaluate(req, q, start, end, descending) for q in insights}
    status, headers, body = app.moto.call_status(req.environ)
    text = body.decode("utf-8")
    if status == 200:
        text = replace_results(text, results)
    return answer_with_body(start_response, status, headers, text.encode("utf-8"))
