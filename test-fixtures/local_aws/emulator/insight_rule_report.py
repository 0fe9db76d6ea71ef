"""CloudWatch GetInsightRuleReport for the rules DynamoDB Contributor Insights creates.

awsQuery (form POST, XML in the CloudWatch 2010-08-01 namespace, as the Java SDK 2.40.2 sends it) and JSON 1.0
(`GraniteServiceVersion20100801.GetInsightRuleReport`); moto 5.2.1 has no Contributor Insights. The report is
answered from contributors a test seeds per table/index and rule kind (control `contributors`); README.md
"CloudWatch GetInsightRuleReport" describes what is and is not like AWS (KeyLabels are unconfirmed).

AWS sources: CloudWatch API Reference, GetInsightRuleReport (parameters, limits: MaxContributorCount 1-100,
default 10; InsightRuleContributor, InsightRuleMetricDatapoint), its awsQuery error `ResourceNotFoundException`.

State: `state.seeds` (table, index or "", kind) -> {"contributors": [{"keys", "value"}], "keyLabels"}.
"""

from .contributor_insights import RULE_KINDS, rule_lookup
from .protocol import AwsError, member_index, parse_time
from .responses import CW_NS, fmt_double, iso, json_response, request_id, xml_response, xml_text

METRIC_STATISTICS = ("UniqueContributors", "MaxContributorValue", "SampleCount", "Average", "Sum", "Minimum",
                     "Maximum")


def check_parameters(rule_name, start, end, period, max_count):
    """The parameter errors CloudWatch answers before looking at the rule."""
    if not rule_name:
        raise AwsError(400, "MissingParameter", "The parameter RuleName is required.")
    if start is None or end is None or period is None:
        missing = "StartTime" if start is None else "EndTime" if end is None else "Period"
        raise AwsError(400, "MissingParameter", "The parameter %s is required." % missing)
    if period < 1:
        raise AwsError(400, "InvalidParameterValue", "The parameter Period must be greater than 0.")
    if end <= start:
        raise AwsError(400, "InvalidParameterValue", "The parameter EndTime must be greater than StartTime.")
    if max_count is not None and not (1 <= max_count <= 100):
        raise AwsError(400, "InvalidParameterValue",
                       "The parameter MaxContributorCount must be between 1 and 100.")


def key_labels(rec, kind):
    """The key attribute names of the table or index (unconfirmed against AWS; a seed may override them)."""
    names = rec.get("keyNames") or {}
    pk = names.get("HASH", "PartitionKey")
    return [pk] if kind in ("PKC", "PKT") else [pk, names.get("RANGE", "SortKey")]


def build_report(contributors, key_labels_, start, end, period, max_count, metrics):
    """The report (JSON member names) of seeded contributors over the window."""
    contributors = sorted(contributors, key=lambda c: -c["value"])
    unique = len(contributors)
    aggregate = sum(c["value"] for c in contributors)
    shown = contributors[: (max_count or 10)]
    # One datapoint per contributor, in the last whole period of the window (seeded data is "now").
    ts = ((end - 1) // period) * period
    if ts < start:
        ts = start
    out = {
        "KeyLabels": key_labels_,
        "AggregationStatistic": "Sum",
        "AggregateValue": aggregate,
        "ApproximateUniqueCount": unique,
        "Contributors": [{
            "Keys": list(c["keys"]),
            "ApproximateAggregateValue": c["value"],
            "Datapoints": [{"Timestamp": ts, "ApproximateValue": c["value"]}],
        } for c in shown],
        "MetricDatapoints": [],
    }
    if contributors:
        values = [c["value"] for c in contributors]
        dp = {"Timestamp": ts, "UniqueContributors": float(unique), "MaxContributorValue": max(values),
              "SampleCount": float(len(values)), "Average": sum(values) / len(values), "Sum": sum(values),
              "Minimum": min(values), "Maximum": max(values)}
        if metrics:
            dp = {k: v for k, v in dp.items() if k == "Timestamp" or k in metrics}
        out["MetricDatapoints"].append(dp)
    return out


def report(state, rule_name, start, end, period, max_count, metrics, order_by):
    """GetInsightRuleReport's answer; `order_by` is accepted and ignored (always by value)."""
    check_parameters(rule_name, start, end, period, max_count)
    found = rule_lookup(state, rule_name)
    if found is None:
        raise AwsError(404, "ResourceNotFoundException", "Rule %s does not exist." % rule_name)
    table, index, kind = found
    with state.lock:
        seed = state.seeds.get((table, index, kind)) or {}
        contributors = [dict(c) for c in seed.get("contributors", [])]
        labels = seed.get("keyLabels") or key_labels(state.ci.get((table, index)) or {}, kind)
    return build_report(contributors, labels, start, end, period, max_count, metrics)


def report_xml(rep):
    """The awsQuery `GetInsightRuleReportResponse` document of a report."""
    x = ['<GetInsightRuleReportResponse xmlns="%s"><GetInsightRuleReportResult>' % CW_NS]
    x.append("<KeyLabels>%s</KeyLabels>" % "".join("<member>%s</member>" % xml_text(k) for k in rep["KeyLabels"]))
    x.append("<AggregationStatistic>%s</AggregationStatistic>" % xml_text(rep["AggregationStatistic"]))
    x.append("<AggregateValue>%s</AggregateValue>" % fmt_double(rep["AggregateValue"]))
    x.append("<ApproximateUniqueCount>%d</ApproximateUniqueCount>" % rep["ApproximateUniqueCount"])
    x.append("<Contributors>")
    for c in rep["Contributors"]:
        x.append("<member><Keys>%s</Keys>" % "".join("<member>%s</member>" % xml_text(k) for k in c["Keys"]))
        x.append("<ApproximateAggregateValue>%s</ApproximateAggregateValue>"
                 % fmt_double(c["ApproximateAggregateValue"]))
        x.append("<Datapoints>")
        for d in c["Datapoints"]:
            x.append("<member><Timestamp>%s</Timestamp><ApproximateValue>%s</ApproximateValue></member>"
                     % (iso(d["Timestamp"]), fmt_double(d["ApproximateValue"])))
        x.append("</Datapoints></member>")
    x.append("</Contributors><MetricDatapoints>")
    for d in rep["MetricDatapoints"]:
        x.append("<member><Timestamp>%s</Timestamp>" % iso(d["Timestamp"]))
        for k in METRIC_STATISTICS:
            if k in d:
                x.append("<%s>%s</%s>" % (k, fmt_double(d[k]), k))
        x.append("</member>")
    x.append("</MetricDatapoints></GetInsightRuleReportResult>")
    x.append("<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></GetInsightRuleReportResponse>"
             % request_id())
    return "".join(x)


def get_query(app, req, start_response):
    f = req.form
    metrics = [v for k, v in sorted(f.items(), key=lambda kv: member_index(kv[0]))
               if k.startswith("Metrics.member.")]
    try:
        rep = report(
            app.state, f.get("RuleName"), parse_time(f.get("StartTime")), parse_time(f.get("EndTime")),
            int(f["Period"]) if f.get("Period") else None,
            int(f["MaxContributorCount"]) if f.get("MaxContributorCount") else None,
            metrics, f.get("OrderBy"))
    except ValueError as e:
        raise AwsError(400, "InvalidParameterValue", str(e))
    return xml_response(start_response, 200, report_xml(rep))


def get_json(app, req, start_response):
    p = req.json_body()
    try:
        rep = report(
            app.state, p.get("RuleName"), parse_time(p.get("StartTime")), parse_time(p.get("EndTime")),
            int(p["Period"]) if p.get("Period") is not None else None,
            int(p["MaxContributorCount"]) if p.get("MaxContributorCount") is not None else None,
            p.get("Metrics") or [], p.get("OrderBy"))
    except ValueError as e:
        raise AwsError(400, "InvalidParameterValue", str(e))
    return json_response(start_response, 200, rep)


def control_seed(app, method, p):
    """/_local_aws/contributors {"table", "index"?, "ruleKind", "contributors": [{"keys", "value"}], "keyLabels"?}."""
    table = str(p["table"])
    index = p.get("index") or ""
    kind = str(p["ruleKind"]).upper()
    if kind not in RULE_KINDS:
        raise ValueError("ruleKind must be one of %s" % (RULE_KINDS,))
    contributors = [{"keys": [str(k) for k in c["keys"]], "value": float(c["value"])}
                    for c in p.get("contributors") or []]
    with app.state.lock:
        app.state.seeds[(table, index, kind)] = {"contributors": contributors, "keyLabels": p.get("keyLabels")}
    return {"ok": True}
