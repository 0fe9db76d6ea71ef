"""CloudWatch DescribeInsightRules, and the region's Contributor Insights rule quota for DynamoDB's ENABLE.

awsQuery (as the Java SDK 2.40.2 sends CloudWatch). moto 5.2.1 answers DescribeInsightRules with the rules made by
PutInsightRule only; in AWS, DynamoDB's Contributor Insights rules are CloudWatch Contributor Insights rules too and
count against the same quota (DynamoDB Developer Guide, "Contributor Insights": FAILED with LimitExceededException
"Per-account Amazon CloudWatch Contributor Insights rule limit reached"). Whether DescribeInsightRules lists DynamoDB's
rules is **unconfirmed** (the API reference says "all the Contributor Insights rules in your account"; the
emulator takes that at its word).

* DescribeInsightRules: moto's rules (PutInsightRule), then every rule of an ENABLED DynamoDB table or GSI, in that
  order; `MaxResults` 1-500 (default 500, as documented) else 400 InvalidParameterValue; `NextToken` the offset.
* The quota: `QUOTA` rules per region (CloudWatch's default, 100, adjustable in AWS; control
  `insight-rules/quota` {"quota": n}). An ENABLE whose new rules would pass it ends FAILED with LimitExceededException,
  as AWS reports it (contributor_insights.update asks `would_exceed`).
"""

from .moto_bridge import moto_backend
from .protocol import AwsError
from .responses import xml_response, xml_text

NS = "http://monitoring.amazonaws.com/doc/2010-08-01/"
DEFAULT_QUOTA = 100


def _moto_rules(req):
    from moto.cloudwatch.models import cloudwatch_backends
    try:
        backend = moto_backend(cloudwatch_backends, req)
    except Exception:  # pragma: no cover - no CloudWatch backend for that caller yet
        return []
    return [(r.name, "ENABLED" if getattr(r, "state", "ENABLED") == "ENABLED" else r.state, False)
            for r in backend.insight_rules.values()]


def dynamodb_rules(state):
    with state.lock:
        return [name for rec in state.ci.values() if rec["status"] == "ENABLED" for name in rec["rules"]]


def quota(state):
    return state.insight_rule_quota.get("quota", DEFAULT_QUOTA)


def would_exceed(app, req, new_rules, replacing=()):
    """Whether enabling `new_rules` (instead of `replacing`, a mode change) passes the region's rule quota."""
    total = len(_moto_rules(req)) + len(dynamodb_rules(app.state)) - len(replacing) + len(new_rules)
    return total > quota(app.state)


def describe_query(app, req, start_response):
    f = req.form
    max_results = int(f["MaxResults"]) if f.get("MaxResults") else 500
    if not 1 <= max_results <= 500:
        raise AwsError(400, "InvalidParameterValue", "MaxResults must be within 1-500")
    start = int(f["NextToken"]) if f.get("NextToken") else 0
    rules = _moto_rules(req) + [(name, "ENABLED", True) for name in dynamodb_rules(app.state)]
    page = rules[start:start + max_results]
    members = "".join(
        "<member><Name>%s</Name><State>%s</State><Schema>%s</Schema><Definition>%s</Definition>"
        "<ManagedRule>%s</ManagedRule></member>" % (
            xml_text(name), xml_text(state), xml_text('{"Name": "CloudWatchLogRule", "Version": 1}'),
            xml_text("{}"), "true" if managed else "false")
        for name, state, managed in page)
    token = "<NextToken>%d</NextToken>" % (start + max_results) if start + max_results < len(rules) else ""
    body = ('<DescribeInsightRulesResponse xmlns="%s"><DescribeInsightRulesResult><InsightRules>%s</InsightRules>%s'
            '</DescribeInsightRulesResult><ResponseMetadata><RequestId>insight-rules</RequestId></ResponseMetadata>'
            '</DescribeInsightRulesResponse>' % (NS, members, token))
    return xml_response(start_response, 200, body)


def control_quota(app, method, payload):
    """`insight-rules/quota` {"quota": n}: the region's Contributor Insights rule quota (default 100)."""
    n = int(payload.get("quota", DEFAULT_QUOTA))
    if n < 1:
        raise ValueError("quota must be at least 1")
    with app.state.lock:
        app.state.insight_rule_quota["quota"] = n
    return {"quota": n}
